/**
 * The render cache (app/entry.server.tsx, app/lib/render-cache.server.ts) through the real Remix handler, on
 * the demo's data: a kept document is only ever sent for the very inputs that rendered it. Two people on the
 * same URL get their own pages; saved progress and a change of language change the next page; a URL answered
 * 200 for its owner is answered for nobody else from the cache; every inline script is allowed by a hash in
 * the response's own Content-Security-Policy, whether rendered or kept; AULA_RENDER_CACHE=0 keeps nothing.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-render-cache-"));
process.env.DATABASE_URL = path.join(dir, "render-cache.db");

const { getDb } = await import("~db/index.server");
const { resetEnvCache } = await import("~/env.server");
const { renderCache } = await import("~/lib/render-cache.server");
const { loadRemixApp } = await import("./helpers/remix-app");
const { seedDemoReaders } = await import("./helpers/demo-readers");

const MODULE = "04-action-plans";
const db = getDb();
let who: Awaited<ReturnType<typeof seedDemoReaders>>;
let app: Awaited<ReturnType<typeof loadRemixApp>>;

beforeAll(async () => {
  who = await seedDemoReaders(db);
  app = await loadRemixApp();
}, 240_000);

beforeEach(() => renderCache.clear());

afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function send(url: string, init: { cookie?: string; method?: string; body?: FormData; gzip?: boolean } = {}) {
  const headers = new Headers({ Host: "localhost", Origin: "http://localhost", "Sec-Fetch-Site": "same-origin", "Accept-Language": "es" });
  if (init.cookie) headers.set("Cookie", init.cookie);
  if (init.gzip) headers.set("Accept-Encoding", "gzip, deflate");
  return app.handle(new Request(`http://localhost${url}`, { method: init.method ?? "GET", headers, body: init.body }));
}

async function page(url: string, cookie?: string) {
  const res = await send(url, { cookie });
  return { status: res.status, html: await res.text(), csp: res.headers.get("Content-Security-Policy") ?? "" };
}

const modulePath = (enrolment: number) => `/learning/${enrolment}/modules/${MODULE}`;

describe("the render cache", () => {
  it("sends a repeat view from the cache, and two people on the same URL get their own pages", async () => {
    const mine = await page("/learning", who.trainee.cookie);
    expect(renderCache.size).toBe(1);
    const again = await page("/learning", who.trainee.cookie);
    expect(renderCache.size).toBe(1); // a hit: nothing new was kept
    expect(again.html).toBe(mine.html);

    const theirs = await page("/learning", who.other.cookie);
    expect(theirs.status).toBe(200);
    expect(renderCache.size).toBe(2);
    expect(theirs.html).toContain(who.other.name);
    expect(theirs.html).not.toContain(who.trainee.name);
    expect(mine.html).toContain(who.trainee.name);
    expect(mine.html).not.toContain(who.other.name);
  });

  it("never answers someone else, or nobody, with a page kept for its owner", async () => {
    const url = modulePath(who.trainee.enrolment);
    const own = await page(url, who.trainee.cookie);
    expect(own.status).toBe(200);
    expect(renderCache.size).toBe(1);
    const stranger = await page(url, who.other.cookie);
    expect([403, 404]).toContain(stranger.status);
    expect(stranger.html).not.toContain(who.trainee.name);
    const anonymous = await send(url);
    expect(anonymous.status).toBe(302);
    expect(renderCache.size).toBe(1); // error pages are never kept
  });

  it("renders again after saved progress changes what the page shows", async () => {
    const url = modulePath(who.trainee.enrolment);
    const before = await page(url, who.trainee.cookie);
    const done = await send(url, { cookie: who.trainee.cookie, method: "POST", body: new FormData() });
    expect(done.status).toBe(200);
    const after = await page(url, who.trainee.cookie);
    expect(after.html).not.toBe(before.html);
    expect(renderCache.size).toBe(2);
    // the kept page of before is not what a repeat view gets now
    expect((await page(url, who.trainee.cookie)).html).toBe(after.html);
  });

  it("renders again in the language the person chose", async () => {
    const url = modulePath(who.other.enrolment);
    const before = await page(url, who.other.cookie);
    expect(before.html).toMatch(/<html lang="es"/);
    const form = new FormData();
    form.set("intent", "language");
    form.set("locale", "fr");
    expect((await send("/account", { cookie: who.other.cookie, method: "POST", body: form })).status).toBe(200);
    const after = await page(url, who.other.cookie);
    expect(after.html).toMatch(/<html lang="fr"/);
  });

  it("allows exactly the document's own inline scripts by hash, rendered or kept, and sends the kept gzip as is", async () => {
    const url = modulePath(who.trainee.enrolment);
    for (let i = 0; i < 2; i++) {
      const res = await send(url, { cookie: who.trainee.cookie, gzip: i === 1 });
      const csp = res.headers.get("Content-Security-Policy") ?? "";
      expect(res.headers.get("Vary")).toMatch(/Accept-Encoding/i);
      let html: string;
      if (i === 1) {
        expect(res.headers.get("Content-Encoding")).toBe("gzip");
        html = gunzipSync(Buffer.from(await res.arrayBuffer())).toString("utf8");
      } else {
        expect(res.headers.get("Content-Encoding")).toBeNull();
        html = await res.text();
      }
      expect(csp).not.toMatch(/nonce|unsafe-inline'[^;]*;.*script/);
      const allowed = [...csp.matchAll(/'(sha256-[^']+)'/g)].map((m) => m[1]);
      const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter(([, attrs]) => !/\ssrc=/.test(attrs!));
      expect(inline.length).toBeGreaterThan(0);
      for (const [, attrs, body] of inline) {
        expect(attrs).not.toContain("nonce");
        expect(allowed).toContain(`sha256-${createHash("sha256").update(body!, "utf8").digest("base64")}`);
      }
    }
  });

  it("keeps nothing with AULA_RENDER_CACHE=0", async () => {
    process.env.AULA_RENDER_CACHE = "0";
    resetEnvCache();
    try {
      const a = await page("/learning", who.trainee.cookie);
      const b = await page("/learning", who.trainee.cookie);
      expect(a.status).toBe(200);
      expect(b.html).toBe(a.html);
      expect(renderCache.size).toBe(0);
    } finally {
      delete process.env.AULA_RENDER_CACHE;
      resetEnvCache();
    }
  });
});
