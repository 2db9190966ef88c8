import { contentDisposition } from "~/domain/file-names";
import { DOCUMENT_MIME, type DocumentType } from "~/domain/upload-check";

/** The document as a download: its detected type, never sniffed by the browser, never cached. */
export function assignmentFileResponse(file: { fileName: string; fileType: DocumentType; fileData: Uint8Array }): Response {
  return new Response(new Uint8Array(file.fileData), {
    headers: {
      "Content-Type": DOCUMENT_MIME[file.fileType],
      "Content-Disposition": contentDisposition(file.fileName),
      "Content-Length": String(file.fileData.byteLength),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}

/** A ZIP archive as a download, never cached. */
export function zipResponse(zip: Uint8Array, fileName: string): Response {
  return new Response(new Uint8Array(zip), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": contentDisposition(fileName),
      "Content-Length": String(zip.byteLength),
      "Cache-Control": "private, no-store",
    },
  });
}
