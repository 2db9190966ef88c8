/**
 * The front cache (scripts/front-cache.ts) keys a kept page by URL, `Cookie` and `Accept-Language`, because those
 * are the only parts of a request the loaders read. This keeps that true: every request header the app reads
 * is listed here with where it is allowed, so a loader that starts reading another one (a user agent, a
 * forwarded address…) fails this test until the header is added to the front cache's key (or shown not to
 * reach a page).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** Request headers the app may read, and why the front cache's key is still complete. */
const READ = {
  cookie: "in the key",
  "accept-language": "in the key",
  "accept-encoding": "entry.server.tsx chooses gzip; the front cache chooses it again per request",
  "content-length": "upload reader: bodies of POSTs, never answered from the cache",
  "content-type": "upload reader: bodies of POSTs, never answered from the cache",
} as const;

/**
 * Files that read the client's address (`context.ip`), which the key does not hold: each read is a rate limit,
 * and reading `context.ip` takes `keepDocument` out of the load context (scripts/http.ts), so the page it
 * renders is never kept (tests/integration/front-cache.test.ts: a verification page is never sent again).
 */
const READS_ADDRESS = new Set([
  "app/lib/certificates-http.server.ts",
  "app/routes/forgot-password.tsx",
  "app/routes/invitation.$token.tsx",
  "app/routes/reset-password.$token.tsx",
  "app/routes/sign-in.tsx",
]);

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe("what the front cache's key must cover", () => {
  it("reads no request header but the listed ones anywhere in app/", () => {
    const seen = new Set<string>();
    const unknown: string[] = [];
    for (const file of files(path.resolve("app"))) {
      const text = fs.readFileSync(file, "utf8");
      for (const m of text.matchAll(/request\.headers\.(get|has|entries|keys|values|forEach)\(\s*("([^"]*)")?/g)) {
        const name = m[3]?.toLowerCase();
        if (!name) unknown.push(`${path.relative(process.cwd(), file)}: request.headers.${m[1]}(…) reads headers wholesale`);
        else if (!(name in READ)) unknown.push(`${path.relative(process.cwd(), file)}: reads "${m[3]}"`);
        else seen.add(name);
      }
      // a request's headers handed on whole, or read through another name
      for (const m of text.matchAll(/(\w+)\s*=\s*request\.headers\b(?!\.)/g)) unknown.push(`${path.relative(process.cwd(), file)}: ${m[0]}`);
    }
    for (const file of files(path.resolve("app"))) {
      const rel = path.relative(process.cwd(), file);
      if (/context\??\.ip\b/.test(fs.readFileSync(file, "utf8")) && !READS_ADDRESS.has(rel)) unknown.push(`${rel}: reads the client's address`);
    }
    expect(unknown).toEqual([]);
    expect([...seen].sort()).toEqual(expect.arrayContaining(["accept-language", "cookie"]));
  });
});
