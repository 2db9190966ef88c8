/**
 * The users are public officials: Spanish addresses them as *usted*, Portuguese as *você*, French as
 * *vous* (issue 10, point 17). This scans every UI and email string of the es/pt/fr catalogues for
 * tell-tale informal forms, so that a new "Elige un archivo" fails here.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const dir = path.resolve("app/i18n/locales");

function strings(locale: string): { key: string; text: string }[] {
  const out: { key: string; text: string }[] = [];
  for (const file of fs.readdirSync(path.join(dir, locale)).filter((f) => f.endsWith(".json"))) {
    const walk = (o: unknown, pre: string) => {
      if (typeof o === "string") out.push({ key: `${file}:${pre}`, text: o });
      else if (o && typeof o === "object") for (const [k, v] of Object.entries(o)) walk(v, pre ? `${pre}.${k}` : k);
    };
    walk(JSON.parse(fs.readFileSync(path.join(dir, locale, file), "utf8")), "");
  }
  return out;
}

/** A whole word in any script (JavaScript's \b knows only ASCII letters: "êtes" would hold "tes"). */
const word = (alternatives: string) => new RegExp(`(?<![\\p{L}\\p{M}·’'-])(?:${alternatives})(?![\\p{L}\\p{M}·-])`, "iu");

/**
 * Informal forms (case-insensitive). Words that are also the third person or an adjective ("abre",
 * "sigue", "usa", "activa") are left out: they are not tell-tale.
 */
const INFORMAL: Record<string, RegExp[]> = {
  es: [
    word("tú|tu|tus|ti|contigo|te"),
    // second person singular, present and past
    word("puedes|tienes|estás|eres|debes|quieres|necesitas|has|sabes|recibiste|olvidaste|aprobaste|usaste|completaste|obtuviste|fuiste|crees"),
    // second person singular, future (recibirás, podrás…), not "atrás"
    word("(?!atrás|detrás)\\p{L}+rás"),
    // imperatives (tú) that the UI used to have
    word("elige|escribe|revisa|corrige|vuelve|inicia|responde|marca|verifica|restablece|lee|comparte|mantén|sube|pide|haz|entrégalo|identifiques|comunícate|asegúrate"),
  ],
  pt: [word("tu|teu|tua|teus|tuas|contigo|ti"), word("podes|tens|estás|deves|queres|escolhe")],
  fr: [word("tu|toi|ton|ta|tes|tien|tienne"), word("t’|t'"), word("peux|dois|veux")],
};

describe("formal address in every catalogue", () => {
  for (const locale of ["es", "pt", "fr"] as const) {
    it(`${locale}: no informal (tú/tu) forms`, () => {
      const bad = strings(locale).flatMap(({ key, text }) => {
        const hit = INFORMAL[locale]!.map((re) => text.match(re)?.[0]).find(Boolean);
        return hit ? [`${key} «${hit}»: ${text.slice(0, 80)}`] : [];
      });
      expect(bad).toEqual([]);
    });
  }

  it("scans every namespace, emails included", () => {
    const namespaces = fs.readdirSync(path.join(dir, "en")).filter((f) => f.endsWith(".json"));
    for (const locale of ["es", "pt", "fr"]) {
      const scanned = strings(locale);
      expect(new Set(scanned.map((s) => s.key.split(":")[0]))).toEqual(new Set(namespaces));
      // the emails' parts live in the catalogues (`email.<kind>[.<variant>].subject|why|next|…`, in several namespaces)
      const emails = scanned.filter((s) => /:email\.(?:[^.]+\.)+(subject|why|next|details|also|footer|body)$/.test(s.key));
      expect(new Set(emails.map((s) => s.key.split(":")[0])).size).toBeGreaterThan(2);
      expect(emails.length).toBeGreaterThan(15);
    }
  });

  it("catches the forms it is meant to catch", () => {
    const hits = (locale: string, text: string) => INFORMAL[locale]!.some((re) => re.test(text));
    expect(hits("es", "Elige un archivo")).toBe(true);
    expect(hits("es", "Tu contraseña")).toBe(true);
    expect(hits("es", "Recibirás un correo")).toBe(true);
    expect(hits("es", "Elija un archivo. Su contraseña. Recibirá un correo.")).toBe(false);
    expect(hits("pt", "Escolhe a tua senha")).toBe(true);
    expect(hits("pt", "Escolha a sua senha")).toBe(false);
    expect(hits("fr", "Choisis ton mot de passe")).toBe(true);
    expect(hits("fr", "Choisissez votre mot de passe")).toBe(false);
  });
});
