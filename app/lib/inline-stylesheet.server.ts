/**
 * The stylesheet goes into the document instead of behind a <link>: on a first visit over a slow link
 * the first paint waited for the CSS, which arrived after the HTML and shared the link with the scripts
 * (ADR 009, third round). Read once at start from the build (`build/client/assets/app-<hash>.css`,
 * ≈ 7 KB gzipped); in development, and if the file cannot be read, the inline style imports the URL.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { setInlineStylesheet } from "~/components/inline-stylesheet";
import stylesheet from "~/styles/app.css?url";

function read(): string {
  const fallback = `@import url(${JSON.stringify(stylesheet)});`;
  if (!import.meta.env.PROD) return fallback;
  try {
    const css = readFileSync(path.join(process.cwd(), "build/client", stylesheet), "utf8");
    return css.toLowerCase().includes("</style") ? fallback : css;
  } catch {
    return fallback;
  }
}

setInlineStylesheet(read());

/** Referenced by the root loader so that this module loads with the server (and never in the browser). */
export const stylesheetInlined = true;
