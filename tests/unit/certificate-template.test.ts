/**
 * Layout version 3 draws the page of version 2 from a template kept per edition (certificates/template.ts).
 * What must hold: the page looks exactly like version 2's (poppler's pixels), a template shared by many
 * certificates carries nobody's name into the next one, characters outside the template's repertoire
 * (a Greek name) still print and extract, and the file is a PDF that pdf-lib itself reads back.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CertificateRenderInput, composeTexts, renderers, sha256Hex } from "../../certificates/render";
import { goldenInput } from "./certificate-golden-input";

let dir: string;
let counter = 0;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "aula-certificate-template-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(bytes: Uint8Array): string {
  const name = path.join(dir, `c${++counter}.pdf`);
  writeFileSync(name, bytes);
  return name;
}

/** The page as poppler paints it (grey, 72 dpi). */
function pixels(bytes: Uint8Array): Buffer {
  const out = path.join(dir, `p${++counter}`);
  execFileSync("pdftoppm", ["-r", "72", "-gray", "-singlefile", file(bytes), out]);
  return readFileSync(`${out}.pgm`);
}

function text(bytes: Uint8Array): string {
  return execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", file(bytes), "-"], { encoding: "utf8" }).normalize("NFC");
}

const render = (version: number, input: CertificateRenderInput) => renderers[version]!({ ...input, texts: composeTexts(input) });

describe("certificate layout v3 (template)", () => {
  const cases: Array<[string, CertificateRenderInput]> = [
    ["Spanish", goldenInput(false)],
    ["bilingual", goldenInput(true)],
    [
      "a name on two lines, in French, without signature images",
      {
        ...goldenInput(false),
        locale: "fr",
        traineeName: "Jean-Baptiste Gonçalves de la Santísima Trinidad y Fernández-Villavicencio",
        institute: { ...goldenInput(false).institute, signaturePng: null },
        stateSignatory: { ...goldenInput(false).stateSignatory, signaturePng: null },
      },
    ],
    ["a Greek name (outside the template's repertoire)", { ...goldenInput(false), traineeName: "Αλέξανδρος Παπαδόπουλος" }],
  ];

  for (const [name, input] of cases) {
    it(`paints the same page as v2: ${name}`, async () => {
      const [v2, v3] = [await render(2, input), await render(3, input)];
      expect(sha256Hex(v3)).not.toBe(sha256Hex(v2));
      expect(pixels(v3).equals(pixels(v2))).toBe(true);
    });
  }

  it("shares a template between certificates without carrying one's name, serial or code into the next", async () => {
    const base = goldenInput(false);
    const first = await render(3, base);
    const other = {
      ...base,
      traineeName: "Zoë Øster",
      serial: "CSEC-2027B-UY-0002",
      verificationCode: "M3N4P5Q6R7S2T3U4V5W6",
      verifyUrl: "https://aula.example.org/verify/M3N4P5Q6R7S2T3U4V5W6",
    };
    const second = await render(3, other);
    const read = text(second);
    expect(read).toContain("Zoë Øster");
    expect(read).toContain("CSEC-2027B-UY-0002");
    expect(read).toContain("M3N4P5Q6R7S2T3U4V5W6");
    expect(read).not.toContain("María José");
    expect(read).not.toContain("K7Q2M9XDW4HT8RBN3FZP");
    // and the first renders to the same bytes after the second (the shared fonts learnt nothing)
    expect(sha256Hex(await render(3, base))).toBe(sha256Hex(first));
  });

  it("prints and extracts a name outside the repertoire", async () => {
    const read = text(await render(3, { ...goldenInput(false), traineeName: "Αλέξανδρος Παπαδόπουλος" }));
    expect(read).toContain("Αλέξανδρος Παπαδόπουλος");
  });

  it("writes a PDF that pdf-lib reads back: one page, the metadata of v2", async () => {
    const input = goldenInput(true);
    const [v2, v3] = await Promise.all([
      PDFDocument.load(await render(2, input), { updateMetadata: false }),
      PDFDocument.load(await render(3, input), { updateMetadata: false }),
    ]);
    expect(v3.getPageCount()).toBe(1);
    expect(v3.getPage(0).getSize()).toEqual(v2.getPage(0).getSize());
    for (const get of ["getTitle", "getSubject", "getAuthor", "getKeywords", "getCreator"] as const) {
      expect(v3[get]()).toBe(v2[get]());
    }
    expect(v3.getProducer()).toBe("Aula certificate renderer v3 (pdf-lib 1.17.1)");
    expect(v3.getCreationDate()).toEqual(v2.getCreationDate());
  });
});
