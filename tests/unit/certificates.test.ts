import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { crc32 } from "node:zlib";
import { PDFDict, PDFDocument, PDFName } from "pdf-lib";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpuMark, cpuMsSince } from "../cpu-time";
import { formatDate } from "../../certificates/i18n";
import { PAGE } from "../../certificates/layout";
import {
  type CertificateRenderInput,
  type Locale,
  assertPng,
  renderCertificate,
  sha256Hex,
} from "../../certificates/render";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const fixturePath = (name: string) => path.join(root, "tests/fixtures", name);
const fixture = (name: string) => new Uint8Array(readFileSync(fixturePath(name)));

const institutePng = fixture("signature-institute.png");
const statePng = fixture("signature-state.png");

function input(overrides: Partial<CertificateRenderInput> = {}): CertificateRenderInput {
  return {
    serial: "CSEC-2027-UY-0001",
    verificationCode: "K7Q2M9XDW4HT8RBN3FZP",
    verifyUrl: "https://aula.example.org/verify/K7Q2M9XDW4HT8RBN3FZP",
    locale: "es",
    bilingual: false,
    issuedOn: "2026-11-23",
    traineeName: "María José Peña Núñez",
    stateName: { en: "Uruguay", es: "Uruguay", pt: "Uruguai", fr: "Uruguay" },
    courseTitle: {
      en: "Prevention of the Commercial Sexual Exploitation of Children and Adolescents",
      es: "Prevención de la Explotación Sexual Comercial de Niñas, Niños y Adolescentes",
      pt: "Prevenção da Exploração Sexual Comercial de Crianças e Adolescentes",
      fr: "Prévention de l’exploitation sexuelle commerciale des enfants et des adolescents",
    },
    editionName: "2027",
    hours: { online: 60, faceToFace: 16 },
    institute: {
      name: "Laura Méndez Ibáñez",
      title: "Directora General",
      institution: "Instituto Interamericano del Niño, la Niña y Adolescentes (IIN-OEA)",
      signaturePng: institutePng,
    },
    stateSignatory: {
      name: "Joaquín Suárez Ferrando",
      title: "Presidente del Directorio",
      institution: "Instituto del Niño y Adolescente del Uruguay (INAU)",
      signaturePng: statePng,
    },
    ...overrides,
  };
}

let dir: string;
let counter = 0;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "aula-certificates-"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writePdf(bytes: Uint8Array): string {
  const file = path.join(dir, `certificate-${++counter}.pdf`);
  writeFileSync(file, bytes);
  return file;
}

/** The text of the PDF as poppler reads it back, NFC-normalised. */
function pdfText(bytes: Uint8Array): string {
  return execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", writePdf(bytes), "-"], { encoding: "utf8" }).normalize(
    "NFC",
  );
}

describe("renderCertificate: determinism", () => {
  it("renders the same bytes twice, and different bytes for another name", async () => {
    const first = await renderCertificate(input());
    const second = await renderCertificate(input());
    expect(sha256Hex(second)).toBe(sha256Hex(first));
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);

    const other = await renderCertificate(input({ traineeName: "María José Peña Nuñez" }));
    expect(sha256Hex(other)).not.toBe(sha256Hex(first));
  });

  it("renders the same bytes when certificates are rendered concurrently", async () => {
    const inputs = (["es", "pt", "fr", "en"] as const).map((locale, i) =>
      input({ locale, bilingual: i % 2 === 0, serial: `CSEC-2027-UY-000${i}` }),
    );
    const sequential: string[] = [];
    for (const certificate of inputs) sequential.push(sha256Hex(await renderCertificate(certificate)));
    const concurrent = await Promise.all(inputs.map(async (certificate) => sha256Hex(await renderCertificate(certificate))));
    expect(concurrent).toEqual(sequential);
  });

  it("renders the same bytes in a fresh process (nothing depends on process state)", async () => {
    // Render other certificates first: glyphs shared with them ("ñ" is built from "n"),
    // characters the fonts lack and rare letters must not leave traces in the next one.
    for (const traineeName of ["Peña Núñez", "ǅemal Øster‐Ñandú", "李 Anaïs", "Nnnn Uuuu"]) {
      await renderCertificate(input({ traineeName, locale: "fr" }));
    }
    const here = sha256Hex(await renderCertificate(input({ bilingual: true })));
    const script = path.join(dir, "render-once.mts");
    writeFileSync(
      script,
      [
        `import { readFileSync } from "node:fs";`,
        `import { renderCertificate, sha256Hex } from ${JSON.stringify(path.join(root, "certificates/render.ts"))};`,
        `const data = JSON.parse(readFileSync(process.argv[2], "utf8"));`,
        `data.institute.signaturePng = new Uint8Array(readFileSync(${JSON.stringify(fixturePath("signature-institute.png"))}));`,
        `data.stateSignatory.signaturePng = new Uint8Array(readFileSync(${JSON.stringify(fixturePath("signature-state.png"))}));`,
        `process.stdout.write(sha256Hex(await renderCertificate(data)));`,
      ].join("\n"),
    );
    const data = path.join(dir, "input.json");
    const { institute, stateSignatory, ...rest } = input({ bilingual: true });
    writeFileSync(
      data,
      JSON.stringify({
        ...rest,
        institute: { ...institute, signaturePng: null },
        stateSignatory: { ...stateSignatory, signaturePng: null },
      }),
    );
    const there = execFileSync(process.execPath, ["--import", "tsx", script, data], {
      cwd: root,
      encoding: "utf8",
    });
    expect(there).toBe(here);
  }, 60_000);

  it("sets fixed metadata and a document ID derived from the serial", async () => {
    const bytes = await renderCertificate(input());
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(1);
    const { width, height } = doc.getPage(0).getSize();
    expect([width, height]).toEqual([PAGE.width, PAGE.height]);
    expect(doc.getAuthor()).toBe("IIN-OAS");
    expect(doc.getTitle()).toContain("CSEC-2027-UY-0001");
    expect(doc.getCreationDate()?.toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(doc.getModificationDate()?.toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(doc.context.trailerInfo.ID).toBeDefined();

    const otherSerial = await PDFDocument.load(await renderCertificate(input({ serial: "CSEC-2027-UY-0002" })));
    expect(String(otherSerial.context.trailerInfo.ID)).not.toBe(String(doc.context.trailerInfo.ID));
  });
});

describe("renderCertificate: text read back with pdftotext", () => {
  const cases: Array<{ locale: Locale; name: string; date: string }> = [
    { locale: "es", name: "María José Peña Núñez", date: "23 de noviembre de 2026" },
    { locale: "pt", name: "João Conceição", date: "23 de novembro de 2026" },
    { locale: "fr", name: "Anaïs Lefèvre-Côté", date: "23 novembre 2026" },
    { locale: "en", name: "Dž Øster", date: "November 23, 2026" },
  ];

  for (const { locale, name, date } of cases) {
    it(`${locale}: "${name}", both signatories, serial, code and the date`, async () => {
      const certificate = input({ locale, traineeName: name });
      const text = pdfText(await renderCertificate(certificate));
      expect(text).toContain(name);
      expect(text).toContain(date);
      expect(text).toContain(certificate.institute.name);
      expect(text).toContain(certificate.institute.title);
      expect(text).toContain(certificate.stateSignatory.name);
      expect(text).toContain(certificate.stateSignatory.title);
      expect(text).toContain(certificate.serial);
      expect(text).toContain(certificate.verificationCode);
      expect(text).toContain(certificate.verifyUrl);
    });
  }

  it("formats dates from the locale files (and the French first of the month)", async () => {
    expect(formatDate("fr", "2027-03-01")).toBe("1er mars 2027");
    expect(formatDate("pt", "2027-03-01")).toBe("1º de março de 2027");
    expect(formatDate("en", "2027-03-01")).toBe("March 1, 2027");
    const text = pdfText(await renderCertificate(input({ locale: "fr", issuedOn: "2027-03-01" })));
    expect(text).toContain("Délivré le 1er mars 2027");
  });

  it("prints the main lines in Spanish and, in bilingual mode, in English under them", async () => {
    const monolingual = pdfText(await renderCertificate(input()));
    expect(monolingual).toContain("CERTIFICADO");
    expect(monolingual).not.toContain("CERTIFICATE");

    const bilingual = pdfText(await renderCertificate(input({ bilingual: true })));
    expect(bilingual).toContain("CERTIFICADO");
    expect(bilingual).toContain("CERTIFICATE");
    expect(bilingual).toContain("se otorga a");
    expect(bilingual).toContain("is awarded to");
    expect(bilingual).toContain("Expedido el 23 de noviembre de 2026");
    expect(bilingual).toContain("Issued on November 23, 2026");
    expect(bilingual.replace(/\s+/g, " ")).toContain("for having completed the Prevention of the Commercial Sexual Exploitation");
  });

  it("replaces characters the fonts lack with U+FFFD, visibly", async () => {
    const text = pdfText(await renderCertificate(input({ traineeName: "李 Anaïs Lefèvre" })));
    expect(text).toContain("\ufffd Anaïs Lefèvre");
  });

  it("ignores bilingual for English certificates", async () => {
    const plain = await renderCertificate(input({ locale: "en" }));
    const bilingual = await renderCertificate(input({ locale: "en", bilingual: true }));
    expect(sha256Hex(bilingual)).toBe(sha256Hex(plain));
  });

  it("shrinks or wraps a very long name so that it stays inside the frame", async () => {
    const name =
      "María de los Ángeles Guadalupe Fernández-Villavicencio de la Santísima Trinidad y Bustamante Ñúñez";
    const bytes = await renderCertificate(input({ traineeName: name, bilingual: true }));
    const html = execFileSync("pdftotext", ["-bbox", writePdf(bytes), "-"], { encoding: "utf8" });
    const words = [...html.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)];
    expect(words.length).toBeGreaterThan(20);
    for (const [, xMin, xMax] of words) {
      expect(Number(xMin)).toBeGreaterThanOrEqual(30);
      expect(Number(xMax)).toBeLessThanOrEqual(PAGE.width - 30);
    }
    const text = pdfText(bytes).replace(/\s+/g, " ");
    for (const part of name.split(" ")) expect(text).toContain(part);
  });
});

describe("renderCertificate: QR code and signatures", () => {
  it("encodes verifyUrl in a QR code that zbarimg decodes", async () => {
    const certificate = input();
    const pdf = writePdf(await renderCertificate(certificate));
    const prefix = pdf.replace(/\.pdf$/, "");
    execFileSync("pdftoppm", ["-r", "150", "-png", "-singlefile", pdf, prefix]);
    const decoded = execFileSync("zbarimg", ["--raw", "-q", `${prefix}.png`], { encoding: "utf8" }).trim();
    expect(decoded).toBe(certificate.verifyUrl);
  });

  it("embeds the signature images when given, and leaves the space empty otherwise", async () => {
    const images = (bytes: Uint8Array) =>
      execFileSync("pdfimages", ["-list", writePdf(bytes)], { encoding: "utf8" })
        .split("\n")
        .filter((line) => /^\s*1\s+\d+\s+image\b/.test(line)).length;
    expect(images(await renderCertificate(input()))).toBe(2);
    const unsigned = input({
      institute: { ...input().institute, signaturePng: null },
      stateSignatory: { ...input().stateSignatory, signaturePng: undefined },
    });
    expect(images(await renderCertificate(unsigned))).toBe(0);
  });

  it("refuses a signature that is not a PNG", async () => {
    const certificate = input({
      institute: { ...input().institute, signaturePng: new TextEncoder().encode("not a png at all, sorry") },
    });
    await expect(renderCertificate(certificate)).rejects.toThrow(/institute\.signaturePng/);
  });

  it("refuses, in well under a second, a stored signature whose image data is broken", async () => {
    const broken = withIdat(pngHeader(360, 110), new Uint8Array(4096).map((_, i) => (i * 31 + 7) % 256));
    const started = cpuMark(); // CPU time: the bound holds on a busy machine
    await expect(renderCertificate(input({ stateSignatory: { ...input().stateSignatory, signaturePng: broken } }))).rejects.toThrow(/stateSignatory\.signaturePng/);
    await expect(renderCertificate(input({ stateSignatory: { ...input().stateSignatory, signaturePng: pngHeader(360, 110) } }))).rejects.toThrow(/stateSignatory\.signaturePng/);
    expect(cpuMsSince(started)).toBeLessThan(1000);
  });

  it("refuses impossible dates and relative verify URLs", async () => {
    await expect(renderCertificate(input({ issuedOn: "2026-02-30" }))).rejects.toThrow(/issuedOn/);
    await expect(renderCertificate(input({ issuedOn: "23/11/2026" }))).rejects.toThrow(/issuedOn/);
    await expect(renderCertificate(input({ verifyUrl: "/verify/ABC" }))).rejects.toThrow(/verifyUrl/);
  });
});

/** The PNG with one IDAT chunk holding `data` inserted before its IEND. */
function withIdat(png: Uint8Array, data: Uint8Array): Uint8Array {
  const body = Buffer.concat([Buffer.from("IDAT", "latin1"), Buffer.from(data)]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  const iend = png.length - 12;
  return new Uint8Array(Buffer.concat([png.subarray(0, iend), length, body, crc, png.subarray(iend)]));
}

/** A PNG header (signature + IHDR with a correct CRC + IEND) of the given size: no image data. */
function pngHeader(width: number, height: number): Uint8Array {
  const ihdr = Buffer.alloc(17);
  ihdr.write("IHDR", 0, "latin1");
  ihdr.writeUInt32BE(width, 4);
  ihdr.writeUInt32BE(height, 8);
  ihdr.set([8, 6, 0, 0, 0], 12); // 8-bit RGBA, deflate, no filter, no interlace
  const length = Buffer.alloc(4);
  length.writeUInt32BE(13);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(ihdr));
  const iend = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
  return new Uint8Array(
    Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), length, ihdr, crc, iend]),
  );
}

// A real 1×1 JPEG (ImageMagick), as someone might upload under a .png name.
const JPEG = Buffer.from(
  "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AVN//2Q==",
  "base64",
);

describe("assertPng", () => {
  it("accepts real PNGs", () => {
    expect(assertPng(institutePng)).toBe(true);
    expect(assertPng(statePng)).toBe(true);
    // a real, fully encoded image of the largest size allowed
    const largest = new PNG({ width: 2000, height: 1000 });
    largest.data.fill(0xff);
    expect(assertPng(new Uint8Array(PNG.sync.write(largest)))).toBe(true);
  });

  it("rejects a PNG that is only a header (no image data), and one whose image data is not zlib", () => {
    expect(assertPng(pngHeader(2000, 1000))).toBe(false);
    expect(assertPng(pngHeader(10, 10))).toBe(false);
    const broken = withIdat(pngHeader(10, 10), new TextEncoder().encode("this is not zlib data at all"));
    expect(assertPng(broken)).toBe(false);
  });

  it("rejects a JPEG, garbage, text and a truncated PNG", () => {
    expect(assertPng(new Uint8Array(JPEG))).toBe(false);
    expect(assertPng(new TextEncoder().encode("just a text file renamed to signature.png\n".repeat(4)))).toBe(false);
    expect(assertPng(new Uint8Array(256).map((_, i) => (i * 37 + 11) % 256))).toBe(false);
    expect(assertPng(new Uint8Array(0))).toBe(false);
    expect(assertPng(institutePng.slice(0, 20))).toBe(false);
  });

  it("rejects a corrupted header and implausible dimensions", () => {
    const corrupted = institutePng.slice();
    corrupted[17] ^= 0xff; // width changes, CRC no longer matches
    expect(assertPng(corrupted)).toBe(false);
    expect(assertPng(pngHeader(2001, 100))).toBe(false);
    expect(assertPng(pngHeader(100, 1001))).toBe(false);
    expect(assertPng(pngHeader(0, 10))).toBe(false);
  });
});

describe("PDF structure", () => {
  it("embeds subset DejaVu fonts only", async () => {
    const doc = await PDFDocument.load(await renderCertificate(input({ bilingual: true })));
    const fonts = doc.context
      .enumerateIndirectObjects()
      .map(([, object]) => object)
      .filter((object): object is PDFDict => object instanceof PDFDict)
      .filter((dict) => String(dict.get(PDFName.of("Type"))) === "/Font")
      .map((dict) => String(dict.get(PDFName.of("BaseFont"))))
      .filter((name) => name.includes("+"));
    expect(fonts.length).toBeGreaterThanOrEqual(5);
    for (const name of fonts) expect(name).toMatch(/^\/[A-Z]{6}\+DejaVu/);
  });
});
