/**
 * Upload checks on real files: a tiny PDF, a DOCX and an ODT built as real ZIP archives (fflate), and files
 * that pretend (an .exe renamed .pdf, a plain zip renamed .docx, a spreadsheet renamed .odt).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { strToU8, type Zippable, zipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { detectDocumentType, safeFileName, zipEntryNames } from "~/domain/upload-check";
import { cpuMark, cpuMsSince } from "../cpu-time";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-upload-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Builds a zip from `files`, in order (the first one stored uncompressed when asked, as ODT requires). */
function zip(_name: string, files: [string, string][], { storedFirst = false } = {}): Buffer {
  const entries: Zippable = {};
  files.forEach(([file, content], i) => {
    entries[file] = [strToU8(content), { level: storedFirst && i === 0 ? 0 : 6 }];
  });
  return Buffer.from(zipSync(entries));
}

const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);
const DOCX_FILES: [string, string][] = [
  [
    "[Content_Types].xml",
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  ],
  ["_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'],
  ["word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Trabajo final</w:t></w:r></w:p></w:body></w:document>'],
];
const odtFiles = (mimetype: string): [string, string][] => [
  ["mimetype", mimetype],
  ["content.xml", '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>'],
  ["META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>'],
];

describe("detectDocumentType: by content, never by name", () => {
  it("accepts a real PDF", () => {
    expect(detectDocumentType(PDF)).toBe("pdf");
  });

  it("accepts a DOCX and lists its ZIP entries from the central directory", () => {
    const docx = zip("work.docx", DOCX_FILES);
    expect(zipEntryNames(docx)).toEqual(["[Content_Types].xml", "_rels/.rels", "word/document.xml"]);
    expect(detectDocumentType(docx)).toBe("docx");
  });

  it("accepts an ODT whose first entry is the stored mimetype", () => {
    expect(detectDocumentType(zip("work.odt", odtFiles("application/vnd.oasis.opendocument.text"), { storedFirst: true }))).toBe("odt");
  });

  it("refuses an executable renamed .pdf", () => {
    const exe = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00"), Buffer.alloc(120, 0), Buffer.from("PE\0\0")]);
    expect(detectDocumentType(exe)).toBeNull();
  });

  it("refuses a ZIP that is not a word-processing document", () => {
    expect(detectDocumentType(zip("photos.docx", [["a.txt", "hello"], ["b/c.txt", "world"]]))).toBeNull();
    // an OpenDocument spreadsheet renamed .odt
    expect(detectDocumentType(zip("sheet.odt", odtFiles("application/vnd.oasis.opendocument.spreadsheet"), { storedFirst: true }))).toBeNull();
    // [Content_Types].xml but no word/ part (a spreadsheet's shape)
    expect(detectDocumentType(zip("book.docx", [DOCX_FILES[0]!, ["xl/workbook.xml", "<workbook/>"]]))).toBeNull();
  });

  it("never throws on truncated or hostile bytes", () => {
    const docx = zip("cut.docx", DOCX_FILES);
    for (const cut of [4, 30, 100, docx.length - 30, docx.length - 1]) {
      expect(() => detectDocumentType(docx.subarray(0, cut))).not.toThrow();
    }
    expect(detectDocumentType(docx.subarray(0, docx.length - 10))).toBeNull();
    // a central directory that claims more entries than it has
    const broken = Buffer.from(docx);
    const eocd = broken.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    broken.writeUInt16LE(999, eocd + 10);
    expect(detectDocumentType(broken)).toBeNull();
    expect(detectDocumentType(new Uint8Array(0))).toBeNull();
    expect(detectDocumentType(Buffer.from("PK\x03\x04"))).toBeNull();
  });
});

describe("safeFileName", () => {
  it("keeps the stem, drops paths and odd characters, and uses the detected extension", () => {
    expect(safeFileName("C:\\Users\\x\\Trabajo final.PDF", "pdf")).toBe("Trabajo final.pdf");
    expect(safeFileName("../../etc/passwd", "docx")).toBe("passwd.docx");
    expect(safeFileName('a"b<c>.exe', "pdf")).toBe("abc.pdf");
    expect(safeFileName("", "odt")).toBe("assignment.odt");
  });
});

describe("office files within ZIP bounds (zip bombs)", () => {
  it("refuses a DOCX that inflates past the bound, quickly and without keeping what it inflated", async () => {
    const { ZIP_BOUNDS } = await import("~/domain/upload-check");
    const { inspectDocument } = await import("~/domain/document-check.server");
    // 64 MB of zeros deflate to about 300 KB: a small file that a naive reader would blow up
    const bomb = zipSync({
      "[Content_Types].xml": strToU8(DOCX_FILES[0]![1]),
      "word/document.xml": [new Uint8Array(ZIP_BOUNDS.uncompressedBytes * 2), { level: 1 }],
    });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const before = process.memoryUsage().rss;
    const started = cpuMark(); // CPU time: the bound holds on a busy machine
    expect(inspectDocument(bomb)).toEqual({ ok: false, reason: "archiveTooLarge" });
    expect(cpuMsSince(started)).toBeLessThan(2000);
    expect(process.memoryUsage().rss - before).toBeLessThan(50 * 1024 * 1024);
  });

  it("refuses a DOCX with more entries than the bound, and accepts a real one", async () => {
    const { ZIP_BOUNDS } = await import("~/domain/upload-check");
    const { inspectDocument } = await import("~/domain/document-check.server");
    const many: Zippable = { "[Content_Types].xml": strToU8(DOCX_FILES[0]![1]), "word/document.xml": strToU8(DOCX_FILES[2]![1]) };
    for (let i = 0; i < ZIP_BOUNDS.entries; i++) many[`word/media/${i}.xml`] = strToU8("x");
    expect(inspectDocument(zipSync(many))).toMatchObject({ ok: false });
    expect(inspectDocument(zip("work.docx", DOCX_FILES))).toEqual({ ok: true, type: "docx" });
  });
});
