/**
 * Golden hashes: a fixed certificate per layout version must render to the same SHA-256 forever.
 * A dependency bump (pdf-lib, fontkit, qrcode, the fonts) or a layout change that alters issued
 * bytes fails here. Layout version 2 on, the sentences are frozen in the certificate row (here:
 * in tests/fixtures/certificate-golden/v<N>.json), so the stored certificate never reads
 * certificate.json again; the last test makes a wording edit in certificate.json fail until a
 * new layout version (renderer + golden file) is added. See docs/decisions/005-certificates.md.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LAYOUT_VERSION } from "../../certificates/layout";
import { composeTexts, type FrozenTexts, renderers, sha256Hex, textsForVersion } from "../../certificates/render";
import { goldenFolder, goldenInput } from "./certificate-golden-input";

interface Golden {
  layoutVersion: number;
  cases: Record<"es" | "es+en", { sha256: string; texts?: FrozenTexts }>;
}

const goldens: Golden[] = readdirSync(goldenFolder)
  .filter((f) => /^v\d+\.json$/.test(f))
  .map((f) => JSON.parse(readFileSync(path.join(goldenFolder, f), "utf8")) as Golden)
  .sort((a, b) => a.layoutVersion - b.layoutVersion);

describe("certificate layouts", () => {
  it("every renderer has a golden file, and the current version is the newest", () => {
    expect(goldens.map((g) => g.layoutVersion)).toEqual(Object.keys(renderers).map(Number).sort((a, b) => a - b));
    expect(LAYOUT_VERSION).toBe(goldens.at(-1)!.layoutVersion);
  });

  for (const golden of goldens) {
    for (const [name, expected] of Object.entries(golden.cases)) {
      it(`layout v${golden.layoutVersion} (${name}) still renders its issued bytes`, async () => {
        const input = goldenInput(name === "es+en");
        // v1 read its sentences at render time from its frozen catalogue; v2 on, from the row
        const texts = textsForVersion(golden.layoutVersion, input, expected.texts);
        const bytes = await renderers[golden.layoutVersion]!({ ...input, texts });
        expect(sha256Hex(bytes)).toBe(expected.sha256);
      });
    }
  }

  it("today's certificate.json is the wording of the current layout version (edit it only with a new version)", () => {
    const current = goldens.find((g) => g.layoutVersion === LAYOUT_VERSION)!;
    expect(composeTexts(goldenInput(false))).toEqual(current.cases.es.texts);
    expect(composeTexts(goldenInput(true))).toEqual(current.cases["es+en"].texts);
  });
});
