import { DOCUMENT_MIME, type DocumentType } from "~/domain/upload-check";

/** The document as a download: its detected type, never sniffed by the browser, never cached. */
export function assignmentFileResponse(file: { fileName: string; fileType: DocumentType; fileData: Uint8Array }): Response {
  const ascii = file.fileName.replace(/[^\w.-]/g, "_");
  return new Response(new Uint8Array(file.fileData), {
    headers: {
      "Content-Type": DOCUMENT_MIME[file.fileType],
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      "Content-Length": String(file.fileData.byteLength),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
