/** A public JSON(-LD) document response (DID documents, status lists): 404 when there is none, readable cross-origin. */
export function jsonDocument(doc: unknown, { contentType, maxAge }: { contentType: string; maxAge: number }): Response {
  if (!doc) throw new Response("Not found", { status: 404 });
  return new Response(JSON.stringify(doc, null, 2), {
    headers: {
      "Content-Type": `${contentType}; charset=utf-8`,
      "Access-Control-Allow-Origin": "*",
      "Cache-Control": maxAge > 0 ? `public, max-age=${maxAge}` : "no-cache",
    },
  });
}
