/**
 * The pages' translator (app/i18n/translator.ts) gives what i18next 23 gives, configured as the app had it,
 * for every key of every UI namespace in every language: plain, nested, interpolated, plural (counts 0, 1,
 * 2, 5, 21), with a namespace prefix; and for a missing key, a key missing in one language (fallback to
 * English) and a default value.
 */
import { createInstance, type Resource } from "i18next";
import { describe, expect, it } from "vitest";
import { LOCALES, type Locale, UI_NAMESPACES } from "~/i18n/config";
import { uiResources } from "~/i18n/resources";
import { type Catalogue, createTranslator } from "~/i18n/translator";

function i18nextFor(locale: Locale, resources: Resource) {
  const i18n = createInstance();
  i18n.init({
    lng: locale,
    fallbackLng: "en",
    ns: [...UI_NAMESPACES],
    defaultNS: "common",
    resources,
    interpolation: { escapeValue: false },
    initImmediate: false,
  });
  return i18n;
}

function leaves(node: Record<string, unknown>, prefix = ""): Array<[string, string]> {
  return Object.entries(node).flatMap(([k, v]) =>
    typeof v === "string" ? [[`${prefix}${k}`, v] as [string, string]] : v && typeof v === "object" ? leaves(v as Record<string, unknown>, `${prefix}${k}.`) : [],
  );
}

/** Values for every {{variable}} of a message (dotted paths as nested objects). */
function valuesFor(message: string): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const m of message.matchAll(/\{\{\s*([^{},]+?)\s*\}\}/g)) {
    const path = (m[1] as string).split(".");
    let node = values;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = `‹${part}›`;
      else {
        if (!node[part]) node[part] = {};
        node = node[part] as Record<string, unknown>;
      }
    });
  }
  return values;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;

describe("translator", () => {
  for (const locale of LOCALES) {
    it(`matches i18next on every ${locale} key`, () => {
      const reference = i18nextFor(locale, uiResources as Resource);
      const ours = createTranslator(locale, uiResources);
      let compared = 0;
      for (const ns of UI_NAMESPACES) {
        const theirs = reference.getFixedT(locale, ns);
        const t = ours.tFor(ns);
        for (const [key, message] of leaves(uiResources[locale][ns] as Record<string, unknown>)) {
          const values = valuesFor(message);
          if (PLURAL.test(key)) {
            const base = key.replace(PLURAL, "");
            for (const count of [0, 1, 2, 5, 21]) {
              expect(t(base, { ...values, count }), `${locale} ${ns}:${base} ×${count}`).toBe(theirs(base, { ...values, count }));
            }
          }
          expect(t(key, values), `${locale} ${ns}:${key}`).toBe(theirs(key, values));
          // the same key through another namespace's t, with its prefix
          const other = ns === "common" ? "course" : "common";
          expect(ours.tFor(other)(`${ns}:${key}`, values)).toBe(reference.getFixedT(locale, other)(`${ns}:${key}`, values));
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(300);
    });
  }

  it("falls back to English, then to a default value, then to the key", () => {
    const resources: Partial<Record<Locale, Catalogue>> = {
      en: { common: { only: { en: "English {{who}}" }, n_one: "{{count}} item", n_other: "{{count}} items" } },
      es: { common: { both: "ambos" } },
    };
    const ours = createTranslator("es", resources);
    const reference = i18nextFor("es", resources as Resource);
    for (const [key, options] of [
      ["only.en", { who: "Ana" }],
      ["both", {}],
      ["n", { count: 3 }],
      ["n", { count: 1 }],
      ["missing.key", {}],
      ["missing", { defaultValue: "Por defecto {{x}}", x: 1 }],
      ["only.en", {}],
    ] as const) {
      expect(ours.t(key, options), key).toBe(reference.t(key, options));
    }
    expect(ours.t("missing.key")).toBe("missing.key");
  });
});
