/**
 * The render cache's parts (app/lib/render-cache.server.ts): the LRU holds at most its bytes and drops the
 * least recently used first; the key tells apart every difference a render could show; only the inline
 * scripts carrying this render's marker are hashed for the CSP.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ByteLru, acceptsGzip, hashInlineScripts, renderKey, type RenderInputs } from "~/lib/render-cache.server";

describe("ByteLru", () => {
  it("never holds more than its bound, and drops the least recently used first", () => {
    const lru = new ByteLru<string>(100, 60);
    lru.set("a", "A", 40);
    lru.set("b", "B", 40);
    expect(lru.get("a")).toBe("A"); // a is now the most recently used
    lru.set("c", "C", 40);
    expect(lru.bytes).toBeLessThanOrEqual(100);
    expect(lru.get("b")).toBeUndefined();
    expect(lru.get("a")).toBe("A");
    expect(lru.get("c")).toBe("C");
    for (let i = 0; i < 1000; i++) {
      lru.set(`k${i}`, "x", 1 + (i % 50));
      expect(lru.bytes).toBeLessThanOrEqual(100);
    }
  });

  it("refuses an entry over its per-entry bound, and replacing a key frees its old bytes", () => {
    const lru = new ByteLru<string>(100, 60);
    expect(lru.set("huge", "H", 61)).toBe(false);
    expect(lru.size).toBe(0);
    lru.set("a", "1", 50);
    lru.set("a", "2", 30);
    expect(lru.bytes).toBe(30);
    expect(lru.get("a")).toBe("2");
    // a replacement too large drops the old value rather than keeping a stale one
    lru.set("a", "3", 70);
    expect(lru.get("a")).toBeUndefined();
    expect(lru.bytes).toBe(0);
  });
});

describe("renderKey", () => {
  const base: RenderInputs = {
    build: "v1",
    url: "http://localhost/learning/1",
    status: 200,
    matches: [{ id: "root", params: {}, pathname: "/" }],
    loaderData: { root: { locale: "es", user: { name: "Ana" } } },
    actionData: null,
  };
  const key = (over: Partial<RenderInputs>) => renderKey({ ...base, ...over });

  it("changes with every input", () => {
    const k = key({});
    expect(k).toBeTruthy();
    expect(key({})).toBe(k);
    expect(key({ build: "v2" })).not.toBe(k);
    expect(key({ url: "http://localhost/learning/1?x=1" })).not.toBe(k);
    expect(key({ status: 404 })).not.toBe(k);
    expect(key({ matches: [{ id: "root", params: { id: "1" }, pathname: "/" }] })).not.toBe(k);
    expect(key({ loaderData: { root: { locale: "fr", user: { name: "Ana" } } } })).not.toBe(k);
    expect(key({ actionData: { ok: true } })).not.toBe(k);
  });

  it("tells apart what JSON would confuse", () => {
    const k = (loaderData: unknown) => key({ loaderData });
    expect(k({ a: 1, b: 2 })).not.toBe(k({ b: 2, a: 1 })); // order can be rendered
    expect(k({ a: undefined })).not.toBe(k({}));
    expect(k({ a: Number.NaN })).not.toBe(k({ a: null }));
    expect(k({ a: "1" })).not.toBe(k({ a: 1 }));
    expect(k({ a: new Date(0) })).not.toBe(k({ a: new Date(1) }));
    expect(k({ a: ["x", "y"] })).not.toBe(k({ a: "x,y" }));
    expect(k({ a: ["x,y"] })).not.toBe(k({ a: ["x", "y"] }));
  });

  it("refuses what it cannot vouch for: deferred data, Maps, class instances", () => {
    expect(key({ loaderData: { a: Promise.resolve(1) } })).toBeNull();
    expect(key({ loaderData: { a: new Map() } })).toBeNull();
    expect(key({ loaderData: { a: new (class X {})() } })).toBeNull();
    expect(key({ loaderData: { a: () => 1 } })).toBeNull();
  });
});

describe("hashInlineScripts", () => {
  const sha = (s: string) => `sha256-${createHash("sha256").update(s, "utf8").digest("base64")}`;

  it("hashes the scripts carrying the render's marker, removes the marker, and ignores any other script", () => {
    const html =
      '<p>x</p><script nonce="M1">window.a=1</script>' +
      '<div><script>alert("smuggled")</script></div>' +
      '<script nonce="other">alert(2)</script>' +
      '<script type="module" nonce="M1" async="">import "/assets/a.js";</script>' +
      '<script nonce="M1" src="/assets/b.js"></script>';
    const { html: out, hashes } = hashInlineScripts(html, "M1");
    expect(hashes).toEqual([sha("window.a=1"), sha('import "/assets/a.js";')]);
    expect(out).not.toContain("M1");
    expect(out).toContain('<script>window.a=1</script>');
    expect(out).toContain('<script>alert("smuggled")</script>');
    expect(hashes).not.toContain(sha('alert("smuggled")'));
  });
});

describe("acceptsGzip", () => {
  it("reads Accept-Encoding", () => {
    expect(acceptsGzip("gzip, deflate, br")).toBe(true);
    expect(acceptsGzip("br;q=1.0, gzip;q=0.8")).toBe(true);
    expect(acceptsGzip("*")).toBe(true);
    expect(acceptsGzip("gzip;q=0")).toBe(false);
    expect(acceptsGzip("identity")).toBe(false);
    expect(acceptsGzip(null)).toBe(false);
  });
});
