import { createHash } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";

/**
 * Leaves `text` (HTML the page renders once) out of the loader data of a document request: it goes to the
 * request's load context for the server's render, and the loader data carries its id (a hash of the text, so a
 * render-cache key over the loader data still covers it). On a `.data` request, or where no load context offers
 * the place (the development server, tests calling the handler directly), the text stays in the data.
 * `id` must change whenever the text does: by default a hash of it; a caller that has one of the text's sources
 * already, and of how it was made from them, may pass an id made of those (the module page does, to skip
 * hashing 30 KB on every view). See app/components/document-text.tsx.
 */
export function documentText(context: AppLoadContext | undefined, text: string, id = textId(text)): { id: string; text: string | null } {
  if (!context?.documentText) return { id, text };
  context.documentText.set(id, text);
  return { id, text: null };
}

/** A text's id: 128 bits of its SHA-256. */
export function textId(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("base64url").slice(0, 22);
}
