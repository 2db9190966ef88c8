/**
 * Every route module, walked as an anonymous visitor: only the public pages answer; every other
 * loader and action sends the visitor to sign in (or hides the record). A new route that forgets its
 * check fails here. Role-by-role matrices live in routes.test.ts, online-routes, face-to-face-routes
 * and certificates-routes.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-sweep-"));
process.env.DATABASE_URL = path.join(dir, "sweep.db");

const { getDb } = await import("~db/index.server");
const { seed } = await import("~db/seed/demo");

/** Pages anyone may open: signing in, activation links, the language switch, verification. */
const PUBLIC = new Set([
  "_index",
  "sign-in",
  "sign-out",
  "language",
  "healthz",
  "favicon[.]ico",
  "invitation.$token",
  "forgot-password",
  "reset-password.$token",
  "verify._index",
  "verify.$code",
  // public keys and the revocation list of the certificates' verifiable credentials
  "[.well-known].did[.]json",
  "states.$code.did[.]json",
  "credentials.status.revocation",
]);

const routeFiles = fs
  .readdirSync(path.resolve("app/routes"))
  .filter((f) => f.endsWith(".tsx") || f.endsWith(".ts"))
  .map((f) => f.replace(/\.tsx?$/, ""));

beforeAll(async () => {
  await seed(getDb());
});
afterAll(() => {
  getDb().$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function outcome(fn: () => unknown): Promise<{ status: number; location: string | null }> {
  try {
    const r = await fn();
    if (r instanceof Response) return { status: r.status, location: r.headers.get("Location") };
    return { status: 200, location: null };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location") };
    throw thrown;
  }
}

const params = new Proxy({} as Record<string, string>, { get: (_t, key) => (key === "slug" ? "01-concepts" : key === "serial" ? "CSEC-2027-UY-0001" : "1") });

describe("anonymous visitors, every route", () => {
  it("finds the route modules", () => {
    expect(routeFiles.length).toBeGreaterThan(30);
  });

  for (const file of routeFiles.filter((f) => !PUBLIC.has(f))) {
    it(`${file}: loader and action send an anonymous visitor to sign in`, async () => {
      const mod = (await import(`../../app/routes/${file}.tsx`)) as {
        loader?: (a: unknown) => unknown;
        action?: (a: unknown) => unknown;
      };
      for (const [kind, fn] of [
        ["loader", mod.loader],
        ["action", mod.action],
      ] as const) {
        if (!fn) continue;
        const request = new Request("http://localhost/x", kind === "action" ? { method: "POST", body: new FormData() } : {});
        const r = await outcome(() => fn({ request, params, context: { ip: "127.0.0.1" } }));
        const toSignIn = r.status === 302 && (r.location ?? "").startsWith("/sign-in");
        expect(toSignIn || r.status === 404, `${file} ${kind} answered ${r.status} ${r.location ?? ""}`).toBe(true);
      }
    });
  }
});
