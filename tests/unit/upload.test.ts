/**
 * The one body reader (app/lib/upload.server.ts): limits per field and for the whole body, refusing
 * before the rest is read; malformed bodies are 400s, never exceptions.
 */
import { describe, expect, it } from "vitest";
import { readForm, tryReadForm } from "~/lib/upload.server";

const BOUNDARY = "----aulaTestBoundary";

function multipart(parts: { name: string; filename?: string; type?: string; body: string | Uint8Array }[], boundary = BOUNDARY) {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ""}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ""}\r\n`));
    chunks.push(Buffer.from(p.body));
    chunks.push(Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

function post(body: BodyInit, contentType: string, headers: Record<string, string> = {}) {
  return new Request("http://localhost/x", { method: "POST", body, headers: { "Content-Type": contentType, ...headers } });
}

/** A body that counts how much of it was pulled, and could go on for ever. */
function endless(chunk: Uint8Array) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled: () => pulled };
}

describe("readForm", () => {
  it("reads urlencoded forms and multipart text fields and files", async () => {
    const url = await readForm(post("a=1&b=%C3%A9t%C3%A9", "application/x-www-form-urlencoded"));
    expect(url.get("a")).toBe("1");
    expect(url.get("b")).toBe("été");
    const body = multipart([
      { name: "intent", body: "import" },
      { name: "file", filename: "informe=final.pdf", type: "application/pdf", body: "%PDF-1.4 x" },
      { name: "other", filename: "a;b.pdf", type: "application/pdf", body: "%PDF-1.4 y" },
    ]);
    const form = await readForm(post(body, `multipart/form-data; boundary=${BOUNDARY}`), { files: { file: 1000, other: 1000 } });
    expect(form.get("intent")).toBe("import");
    const file = form.get("file") as File;
    expect(file.name).toBe("informe=final.pdf");
    expect(await file.text()).toBe("%PDF-1.4 x");
    expect((form.get("other") as File).name).toBe("a;b.pdf");
  });

  it("drops file fields the form does not ask for", async () => {
    const body = multipart([{ name: "sneaky", filename: "x.bin", body: "x".repeat(5000) }, { name: "a", body: "1" }]);
    const form = await readForm(post(body, `multipart/form-data; boundary=${BOUNDARY}`));
    expect(form.get("sneaky")).toBeNull();
    expect(form.get("a")).toBe("1");
  });

  it("refuses a file over its limit with 413 and the field's name", async () => {
    const body = multipart([{ name: "file", filename: "big.pdf", body: "x".repeat(2048) }]);
    const r = await tryReadForm(post(body, `multipart/form-data; boundary=${BOUNDARY}`), { files: { file: 1024 } });
    expect(r).toMatchObject({ ok: false, status: 413, field: "file", error: { key: "errors.body.tooLargeKb", values: { kb: 1 } } });
  });

  it("refuses a declared Content-Length over the limit without reading the body", async () => {
    const { stream, pulled } = endless(new Uint8Array(1024));
    const req = new Request("http://localhost/x", {
      method: "POST",
      body: stream,
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(50 * 1024 * 1024) },
      duplex: "half",
    } as RequestInit);
    const r = await tryReadForm(req);
    expect(r).toMatchObject({ ok: false, status: 413 });
    expect(pulled()).toBeLessThan(64 * 1024);
  });

  it("stops reading an endless chunked body shortly after the limit", async () => {
    for (const contentType of ["application/x-www-form-urlencoded", `multipart/form-data; boundary=${BOUNDARY}`]) {
      const { stream, pulled } = endless(new Uint8Array(64 * 1024).fill(0x61));
      const req = new Request("http://localhost/x", { method: "POST", body: stream, headers: { "Content-Type": contentType }, duplex: "half" } as RequestInit);
      const r = await tryReadForm(req, { files: { file: 1024 * 1024 } });
      expect(r).toMatchObject({ ok: false, status: 413 });
      // what was read: the limit (1 MB + room for fields) plus what the stream had queued
      expect(pulled()).toBeLessThan(2 * 1024 * 1024);
    }
  });

  it("refuses a text field over its limit", async () => {
    const r = await tryReadForm(post(`a=${"x".repeat(3000)}`, "application/x-www-form-urlencoded"), { maxFieldBytes: 1024 });
    expect(r).toMatchObject({ ok: false, status: 413 });
    const m = await tryReadForm(post(multipart([{ name: "a", body: "x".repeat(3000) }]), `multipart/form-data; boundary=${BOUNDARY}`), {
      maxFieldBytes: 1024,
      files: { file: 10_000 },
    });
    expect(m).toMatchObject({ ok: false, status: 413 });
  });

  it("answers 400 for a bad boundary, a JSON body, a body cut short and bad UTF-8", async () => {
    const cases = [
      post(multipart([{ name: "a", body: "1" }]), "multipart/form-data"),
      post(multipart([{ name: "a", body: "1" }]), "multipart/form-data; boundary="),
      post('{"email":"a@example.org"}', "application/json"),
      post(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\ncut short`, `multipart/form-data; boundary=${BOUNDARY}`),
      post(new Uint8Array([0x61, 0x3d, 0xff, 0xfe]), "application/x-www-form-urlencoded"),
    ];
    for (const req of cases) {
      const r = await tryReadForm(req, { files: { file: 1000 } });
      expect(r.ok, req.headers.get("Content-Type") ?? "").toBe(false);
      if (!r.ok) expect(r.status).toBe(400);
    }
  });

  it("throws the refusal as a response with the translation key", async () => {
    const thrown = await readForm(post("{}", "application/json")).catch((e: unknown) => e);
    expect(thrown).toMatchObject({ init: { status: 400 }, data: { bodyError: { key: "errors.body.unsupported" } } });
  });
});
