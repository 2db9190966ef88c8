/**
 * The stylesheet's text, inlined into every document's <head> (see app/lib/inline-stylesheet.server.ts).
 * Set on the server at start. In the browser it is read back, before hydration, from the <style> the
 * server wrote, so that a render in the browser (hydration, or a client render after an error) writes the
 * same text and the page never loses its styles.
 */
export const INLINE_STYLESHEET_ID = "aula-stylesheet";

let text = typeof document === "undefined" ? "" : (document.getElementById(INLINE_STYLESHEET_ID)?.textContent ?? "");

export function setInlineStylesheet(css: string): void {
  text = css;
}

export function inlineStylesheet(): string {
  return text;
}
