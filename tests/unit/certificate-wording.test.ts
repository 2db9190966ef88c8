/**
 * The certificate reads as correct sentences in every language and in the bilingual version:
 * whole sentences asserted on pdftotext output (line breaks and no-break spaces folded).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type Locale, renderCertificate } from "../../certificates/render";
import { goldenInput } from "./certificate-golden-input";

const dir = mkdtempSync(path.join(tmpdir(), "aula-wording-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function sentences(locale: Locale, bilingual = false): Promise<string> {
  const file = path.join(dir, `${locale}-${bilingual}.pdf`);
  writeFileSync(file, await renderCertificate({ ...goldenInput(bilingual), locale }));
  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).normalize("NFC").replace(/\s+/g, " ");
}

const expected: Record<Locale, string[]> = {
  en: [
    "INTER-AMERICAN CHILDREN’S INSTITUTE — IIN-OAS",
    "Specialized Organization of the Organization of American States",
    "CERTIFICATE",
    "is awarded to María José Peña Núñez",
    "for having completed the Blended course on the commercial sexual exploitation of children and adolescents, edition 2027 · Cohorte B, with 60 hours online and 8.5 hours face-to-face in Uruguay.",
    "Issued on March 1, 2027",
  ],
  es: [
    "INSTITUTO INTERAMERICANO DEL NIÑO, LA NIÑA Y ADOLESCENTES — IIN-OEA",
    "Organismo Especializado de la Organización de los Estados Americanos",
    "CERTIFICADO",
    "se otorga a María José Peña Núñez",
    "por haber completado el Curso semipresencial sobre explotación sexual comercial de niñas, niños y adolescentes, edición 2027 · Cohorte B, con 60 horas en línea y 8,5 horas presenciales en Uruguay.",
    "Expedido el 1 de marzo de 2027",
  ],
  pt: [
    "INSTITUTO INTERAMERICANO DA CRIANÇA E DO ADOLESCENTE — IIN-OEA",
    "Organismo Especializado da Organização dos Estados Americanos",
    "é conferido a María José Peña Núñez",
    "por ter concluído o Curso semipresencial sobre exploração sexual comercial de crianças e adolescentes, edição 2027 · Cohorte B, com 60 horas on-line e 8,5 horas presenciais (Estado participante: Uruguai).",
    "Emitido em 1º de março de 2027",
  ],
  fr: [
    "INSTITUT INTERAMÉRICAIN DE L’ENFANCE ET DE L’ADOLESCENCE — IIN-OEA",
    "Organisme spécialisé de l’Organisation des États américains",
    "CERTIFICAT",
    "est décerné à María José Peña Núñez",
    "pour avoir suivi avec succès le Cours hybride sur l'exploitation sexuelle commerciale des enfants et des adolescents, édition 2027 · Cohorte B, comprenant 60 heures en ligne et 8,5 heures en présentiel (État participant : Uruguay).",
    "Délivré le 1er mars 2027",
  ],
};

describe("certificate wording", () => {
  for (const locale of ["en", "es", "pt", "fr"] as const) {
    it(`reads as whole sentences in ${locale}`, async () => {
      const text = await sentences(locale);
      for (const sentence of expected[locale]) expect(text).toContain(sentence);
      // the course's own name is never preceded by its kind again ("el curso semipresencial Curso semipresencial")
      expect(text).not.toMatch(/curso semipresencial Curso|cours semi-présentiel Cours|semi-distance course Blended/i);
    });
  }

  it("reads as whole sentences in the bilingual version (Spanish, then English)", async () => {
    const text = await sentences("es", true);
    const es = expected.es[4]!;
    const en = expected.en[4]!;
    expect(text).toContain(es);
    expect(text).toContain(en);
    expect(text.indexOf(es)).toBeLessThan(text.indexOf(en));
    expect(text).toContain("Expedido el 1 de marzo de 2027 Issued on March 1, 2027");
    expect(text).toContain("se otorga a is awarded to María José Peña Núñez");
  });
});
