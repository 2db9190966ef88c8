/**
 * HTML a document carries once (app/lib/document-text.server.ts, app/components/document-text.tsx): on a document
 * request the loader data holds only the text's id and the server's render finds the text in the load context;
 * anywhere else (a `.data` request, no load context) the text stays in the data.
 */
import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DocumentTextProvider, useDocumentText } from "~/components/document-text";
import { documentText, textId } from "~/lib/document-text.server";

const BODY = '<h2 id="a">¿Por qué un plan?</h2><p>Texto del módulo.</p>';

function Body({ id, given }: { id: string; given: string | null }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: the test renders its own fixed markup
  return h("div", { id: "module-body", dangerouslySetInnerHTML: { __html: useDocumentText(id, given, "module-body") } });
}
const body = (id: string, given: string | null) => h(Body, { id, given });

describe("documentText", () => {
  it("leaves the text out of a document's loader data, for the server's render to find", () => {
    const context = { ip: "127.0.0.1", documentText: new Map<string, string>() };
    const { id, text } = documentText(context, BODY);
    expect(text).toBeNull();
    expect(context.documentText.get(id)).toBe(BODY);
    const html = renderToStaticMarkup(h(DocumentTextProvider, { value: context.documentText }, body(id, text)));
    expect(html).toBe(`<div id="module-body">${BODY}</div>`);
  });

  it("keeps the text in the data where no document will carry it, under the same id", () => {
    const asDocument = documentText({ ip: "127.0.0.1", documentText: new Map() }, BODY);
    const asData = documentText({ ip: "127.0.0.1" }, BODY);
    expect(asData).toEqual({ id: asDocument.id, text: BODY });
    expect(documentText(undefined, BODY).text).toBe(BODY);
    expect(renderToStaticMarkup(body(asData.id, asData.text))).toContain(BODY);
  });

  it("gives another text another id (the render cache keys pages by their loader data)", () => {
    expect(documentText(undefined, `${BODY} `).id).not.toBe(documentText(undefined, BODY).id);
  });

  it("takes the id a caller made of the text's sources, and hashes the text otherwise", () => {
    expect(documentText(undefined, BODY, "body-v1.27")).toEqual({ id: "body-v1.27", text: BODY });
    expect(documentText(undefined, BODY).id).toBe(textId(BODY));
    expect(textId(BODY)).toMatch(/^[\w-]{22}$/);
  });

  it("refuses to render a text it was given neither way", () => {
    expect(() => renderToStaticMarkup(body("missing", null))).toThrow(/neither in the loader data nor in the load context/);
  });
});
