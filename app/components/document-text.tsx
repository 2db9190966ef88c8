import { createContext, useContext } from "react";

/**
 * Text a document carries once (docs/decisions/009-what-a-page-costs.md, seventh round). A module's body is in
 * the page's markup; on a document request its loader sends only an id for it in the loader data, where the
 * same HTML would otherwise be sent a second time (a third of the module page). The server's render takes the
 * text from the request's load context (app/lib/document-text.server.ts); the browser reads it back from the
 * markup the server wrote, before React has touched it, and keeps it under that id, so that hydration and every
 * later render of the same text write exactly what is already there (a revalidation never resets the body). A
 * `.data` request (a navigation in the browser) carries the text in its data, as before.
 */
const DocumentTextContext = createContext<ReadonlyMap<string, string> | undefined>(undefined);

export const DocumentTextProvider = DocumentTextContext.Provider;

/** In the browser: what the server's markup held, by id. */
const readBack = new Map<string, string>();

/**
 * The HTML to render for `id` in the element `elementId`: `given` (the loader data's), or, when the loader left
 * it to the document, the server's copy (on the server) or the element's own (in the browser, first render).
 */
export function useDocumentText(id: string, given: string | null, elementId: string): string {
  const onServer = useContext(DocumentTextContext);
  if (typeof document === "undefined") {
    const text = given ?? onServer?.get(id);
    if (text === undefined) throw new Error(`document text ${id} was neither in the loader data nor in the load context`);
    return text;
  }
  const kept = readBack.get(id);
  if (kept !== undefined) return kept;
  if (given !== null) return given;
  const text = document.getElementById(elementId)?.innerHTML ?? "";
  readBack.set(id, text);
  return text;
}
