import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { DocumentTextProvider } from "~/components/document-text";
import { NonceProvider } from "~/components/nonce";
import { env } from "~/env.server";
import { withRetryAfter } from "~/lib/busy.server";
import { contentSecurityPolicy } from "~/lib/csp.server";
import {
  acceptsGzip,
  type CachedPage,
  cachedPage,
  hashInlineScripts,
  type KeptDocument,
  renderCache,
  renderKey,
} from "~/lib/render-cache.server";

const ABORT_DELAY = 5_000;

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address (from the server, honouring TRUST_PROXY). */
    ip: string;
    /** Set by the front cache (scripts/front-cache.ts) for a GET it may answer next time without Remix. */
    keepDocument?: (doc: KeptDocument) => void;
    /** On a document request: HTML the page shows once, left out of its loader data (app/lib/document-text.server.ts). */
    documentText?: Map<string, string>;
  }
}

/**
 * Documents are rendered whole, then sent as one body (docs/decisions/009-what-a-page-costs.md): nothing on
 * these pages streams (no deferred data), and one buffer is compressed in one pass.
 *
 * The render cache: a GET document answered 200 without errors is a pure function of the build, the URL, the
 * matched routes, the loader data and the action data (the language is in the root loader's data), so it is
 * kept, gzipped once, under a hash of exactly those inputs (app/lib/render-cache.server.ts) and sent again to
 * whoever's loaders produce the same inputs. Loaders — sessions, authorization — have already run for this
 * request; only the render is skipped. Headers (Set-Cookie included) are always this request's own.
 * Inline scripts are allowed by their hashes, stored with the entry, instead of a per-response nonce.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const ctx = remixContext.staticHandlerContext;
  withRetryAfter(responseStatusCode, responseHeaders);
  const cacheable =
    request.method === "GET" && responseStatusCode === 200 && !ctx.errors && !remixContext.isSpaMode && env().AULA_RENDER_CACHE !== "0";
  const key = cacheable
    ? renderKey({
        build: remixContext.manifest.version,
        url: request.url,
        status: responseStatusCode,
        matches: ctx.matches.map((m) => ({ id: m.route.id, params: m.params, pathname: m.pathname })),
        loaderData: ctx.loaderData,
        actionData: ctx.actionData,
      })
    : null;
  const hit = key ? renderCache.get(key) : undefined;
  if (hit) return Promise.resolve(keep(loadContext, respond(request, responseHeaders, responseStatusCode, hit), hit));

  // a marker made for this render, after the loader data was fixed: only scripts that carry it get a hash
  const marker = randomBytes(16).toString("base64url");
  return new Promise<Response>((resolve, reject) => {
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={marker}>
        <DocumentTextProvider value={loadContext?.documentText}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={marker} />
        </DocumentTextProvider>
      </NonceProvider>,
      {
        nonce: marker,
        onAllReady() {
          const chunks: Buffer[] = [];
          const sink = new Writable({
            write(chunk: Buffer, _encoding, done) {
              chunks.push(chunk);
              done();
            },
            final(done) {
              settled = true;
              clearTimeout(timer);
              const { html, hashes } = hashInlineScripts(Buffer.concat(chunks).toString("utf8"), marker);
              if (key && responseStatusCode === 200) {
                // the render reported no error (onError would have set 500): keep it
                cachedPage(html, hashes).then(({ page, bytes }) => {
                  renderCache.set(key, page, bytes);
                  resolve(keep(loadContext, respond(request, responseHeaders, responseStatusCode, page), page));
                }, reject);
              } else {
                const body = Buffer.from(html, "utf8");
                resolve(respond(request, responseHeaders, responseStatusCode, { html: body, scriptHashes: hashes }));
              }
              done();
            },
          });
          pipe(sink);
        },
        onShellError(error: unknown) {
          settled = true;
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (settled) console.error(error);
        },
      },
    );
    timer = setTimeout(abort, ABORT_DELAY);
  });
}

/** The document with this request's headers: gzipped bytes when kept ones exist and the client takes gzip. */
function respond(request: Request, headers: Headers, status: number, page: Pick<CachedPage, "html" | "scriptHashes"> & { gzip?: Buffer }) {
  headers.set("Content-Type", "text/html; charset=utf-8");
  headers.set("Content-Security-Policy", contentSecurityPolicy(page.scriptHashes, process.env.NODE_ENV === "development"));
  let body = page.html;
  if (page.gzip) {
    // `compression` leaves an encoded response alone
    if (!/(^|,)\s*accept-encoding\s*(,|$)/i.test(headers.get("Vary") ?? "")) headers.append("Vary", "Accept-Encoding");
    if (acceptsGzip(request.headers.get("Accept-Encoding"))) {
      body = page.gzip;
      headers.set("Content-Encoding", "gzip");
    }
  }
  headers.set("Content-Length", String(body.length));
  return new Response(body as unknown as BodyInit, { headers, status });
}

/**
 * Hands a kept document to the front cache, which sends it again, without Remix, for the same URL, cookies
 * and language while the database is unchanged (scripts/front-cache.ts). Never a response that sets a cookie.
 */
function keep(context: AppLoadContext, response: Response, page: CachedPage): Response {
  if (!context.keepDocument || response.headers.has("Set-Cookie")) return response;
  const headers: [string, string][] = [];
  for (const [name, value] of response.headers) {
    if (name !== "content-encoding" && name !== "content-length") headers.push([name, value]);
  }
  context.keepDocument({ status: response.status, headers, html: page.html, gzip: page.gzip });
  return response;
}

/** A `.data` (single fetch) answer: a 503 (busy database, app/lib/busy.server.ts) says when to retry. */
export function handleDataRequest(response: Response) {
  withRetryAfter(response.status, response.headers);
  return response;
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  console.error(`[error] ${request.method} ${new URL(request.url).pathname}:`, error);
}
