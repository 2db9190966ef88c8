/**
 * Streamed CSV exports: the bytes are exactly those of `toCsv` (BOM, header, separator, formula
 * neutralisation, CRLF) for any number of rows around the chunk size, and rows are drawn from the
 * iterator only as the stream is read.
 */
import { describe, expect, it } from "vitest";
import { CSV_CHUNK_ROWS, csvStream, csvStreamResponse, toCsv } from "~/lib/csv.server";

const header = ["name", "email", "score"];
const row = (i: number) => [i % 7 === 0 ? `=HYPERLINK("x${i}")` : `Persona ${i}, "ficticia"`, `p${i}@example.org`, i % 3 === 0 ? null : i];

// keeps the BOM: it is part of the file
const decode = (bytes: ArrayBuffer | Uint8Array) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return decode(await new Response(stream).arrayBuffer());
}

describe("csvStream", () => {
  for (const [n, locale] of [[0, "en"], [1, "es"], [CSV_CHUNK_ROWS - 1, "en"], [CSV_CHUNK_ROWS, "fr"], [CSV_CHUNK_ROWS + 1, "en"], [2 * CSV_CHUNK_ROWS + 203, "pt"]] as const) {
    it(`writes the same bytes as toCsv for ${n} rows (${locale})`, async () => {
      const rows = Array.from({ length: n }, (_, i) => row(i));
      const streamed = await text(csvStream(header, rows, locale));
      expect(streamed).toBe(toCsv(header, rows, locale));
      if (n > 0) expect(streamed).toContain(`"'=HYPERLINK(""x0"")"`); // neutralised, as toCsv does
    });
  }

  it("draws rows from the iterator a chunk at a time, as the reader asks", async () => {
    let drawn = 0;
    function* rows() {
      for (let i = 0; i < 5 * CSV_CHUNK_ROWS; i++) {
        drawn++;
        yield row(i);
      }
    }
    const reader = csvStream(header, rows(), "en").getReader();
    expect(drawn).toBeLessThanOrEqual(CSV_CHUNK_ROWS); // at most the first chunk before anything is read
    await reader.read();
    expect(drawn).toBeLessThan(5 * CSV_CHUNK_ROWS);
    await reader.cancel();
  });

  it("answers a download with the same headers as a whole file", async () => {
    const res = csvStreamResponse("roster-UY.csv", header, [row(1)], "es");
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toContain("roster-UY.csv");
    expect(decode(await res.arrayBuffer())).toBe(toCsv(header, [row(1)], "es"));
  });
});
