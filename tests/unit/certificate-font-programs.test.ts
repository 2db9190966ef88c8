/**
 * Layout version 3 keeps each compressed font program by font and subset, and each compressed CMap
 * by its contents, and gives them to the next template with the same subset (certificates/template.ts,
 * `reuseFontProgram`, `reuseCompressedStreams`; certificates/fonts.ts keeps glyph runs by text). A
 * certificate whose template took every one of them from those caches must still render its golden bytes.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { type FrozenTexts, renderers, sha256Hex, textsForVersion } from "../../certificates/render";
import { fontProgramCounts } from "../../certificates/template";
import { goldenFolder, goldenInput } from "./certificate-golden-input";

const golden = JSON.parse(readFileSync(path.join(goldenFolder, "v3.json"), "utf8")) as {
  cases: Record<"es" | "es+en", { sha256: string; texts: FrozenTexts }>;
};

for (const [name, expected] of Object.entries(golden.cases)) {
  it(`a v3 template built from reused font programs renders the golden bytes (${name})`, async () => {
    const input = goldenInput(name === "es+en");
    const texts = textsForVersion(3, input, expected.texts);
    // Another state signatory's signature: a template of its own, with the same fonts and glyphs.
    const other = { ...input.stateSignatory, signaturePng: input.institute.signaturePng };
    const first = await renderers[3]!({ ...input, stateSignatory: other, texts });
    expect(sha256Hex(first)).not.toBe(expected.sha256);

    const before = { ...fontProgramCounts };
    const bytes = await renderers[3]!({ ...input, texts });
    expect(fontProgramCounts.compressed).toBe(before.compressed);
    expect(fontProgramCounts.reused).toBeGreaterThanOrEqual(before.reused + 5);
    expect(sha256Hex(bytes)).toBe(expected.sha256);
  });
}
