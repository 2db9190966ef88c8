/**
 * Remembered route matching (scripts/route-matching.ts) on the app's real route tree: for every route's path
 * (parameters filled in), each of its parent paths, unknown paths and query strings, the remembered answer is
 * deep-equal to React Router's own, including the very route objects of the tree passed in — also for a new
 * tree of the same shape (Remix builds one per request) — and a tree of another shape never gets its answers.
 * And the router module with its internal matching kept (`withKeptMatching`, what the server loads) answers
 * exactly as the module as published, through `matchRoutes`, `matchPath` and the static handler Remix uses.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import { describe, expect, it } from "vitest";
import { rememberRouteMatching, withKeptMatching } from "../../scripts/route-matching";

interface R {
  id: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
  children?: R[];
}

const config = flatRoutes(path.resolve("app")) as Record<string, { id: string; parentId?: string; path?: string; index?: boolean }>;

function tree(): R[] {
  const byId = new Map<string, R>([["root", { id: "root", path: "" }]]);
  for (const r of Object.values(config)) byId.set(r.id, { id: r.id, path: r.path, index: r.index });
  for (const r of Object.values(config)) {
    const parent = byId.get(r.parentId ?? "root")!;
    parent.children = [...(parent.children ?? []), byId.get(r.id)!];
  }
  return [byId.get("root")!];
}

/** Every route's full path with its parameters filled in, and each parent path. */
function paths(): string[] {
  const out = new Set<string>(["/", "/nowhere", "/learning/12/nowhere/at/all", "/sign-in?redirectTo=%2Flearning", "/LEARNING"]);
  const walk = (routes: R[], prefix: string) => {
    for (const r of routes) {
      const full = [prefix, r.path ?? ""].filter(Boolean).join("/").replace(/\/+/g, "/");
      const filled = `/${full}`.replace(/\/+/g, "/").replace(/:[\w]+\??/g, "42").replace(/\*$/, "a/b");
      out.add(filled);
      const parts = filled.split("/").filter(Boolean);
      while (parts.length) {
        parts.pop();
        out.add(`/${parts.join("/")}`);
      }
      if (r.children) walk(r.children, full);
    }
  };
  walk(tree(), "");
  return [...out];
}

type Matcher = (routes: R[], location: unknown, basename?: string) => { params: Record<string, string | undefined>; route: R }[] | null;
const reactRouter = createRequire(import.meta.url)("@remix-run/router") as { matchRoutes: Matcher };
/** A router object of our own, so the module Remix loads is left as it is. */
const fresh = () => {
  const router = { matchRoutes: reactRouter.matchRoutes };
  return { original: reactRouter.matchRoutes, remembered: rememberRouteMatching(router as never) as unknown as Matcher };
};

describe("remembered route matching", () => {
  it("answers exactly as React Router does, on the tree passed in, for every path of the app", () => {
    const { original, remembered } = fresh();
    const all = paths();
    expect(all.length).toBeGreaterThan(80);
    for (let round = 0; round < 3; round++) {
      const routes = tree(); // a new tree of the same shape each round, as Remix makes one per request
      for (const p of all) {
        const expected = original(routes, p, "/");
        const got = remembered(routes, p, "/");
        expect(got, p).toEqual(expected);
        for (const [i, m] of (got ?? []).entries()) expect(m.route, p).toBe(expected![i].route);
        const asLocation = remembered(routes, { pathname: p.split("?")[0] }, "/");
        expect(asLocation, p).toEqual(original(routes, { pathname: p.split("?")[0] }, "/"));
      }
    }
  });

  it("gives each caller its own params, and never answers a tree of another shape with another's matches", () => {
    const { original, remembered } = fresh();
    const routes = tree();
    const a = remembered(routes, "/learning/7", "/")!;
    a[a.length - 1]!.params.enrolmentId = "changed";
    expect(remembered(routes, "/learning/7", "/")).toEqual(original(routes, "/learning/7", "/"));
    const other = tree();
    const learning = other[0]!.children!.find((r) => r.path?.startsWith("learning"))!;
    learning.path = `x-${learning.path}`;
    expect(remembered(other, "/learning/7", "/")).toEqual(original(other, "/learning/7", "/"));
    expect(remembered(other, "/learning/7", "/")).not.toEqual(remembered(routes, "/learning/7", "/"));
  });

  it("wraps once", () => {
    const router = { matchRoutes: reactRouter.matchRoutes };
    const first = rememberRouteMatching(router as never);
    expect(rememberRouteMatching(router as never)).toBe(first);
    expect(router.matchRoutes).toBe(first);
  });
});

interface RouterModule {
  matchRoutes: Matcher;
  matchPath: (pattern: { path: string; caseSensitive?: boolean; end?: boolean } | string, pathname: string) => unknown;
  createStaticHandler: (routes: R[]) => { query: (request: Request) => Promise<unknown> };
}

/** The router module compiled from `source`, on its own (Node's module cache is left alone). */
function compile(source: string): RouterModule {
  const file = createRequire(import.meta.url).resolve("@remix-run/router");
  const module = { exports: {} as RouterModule };
  new Function("exports", "require", "module", "__filename", "__dirname", source)(module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}

describe("the router's internal matching, kept", () => {
  const source = fs.readFileSync(createRequire(import.meta.url).resolve("@remix-run/router"), "utf8");
  const published = compile(source);
  const kept = compile(withKeptMatching(source));

  it("answers as the published module for every path of the app, asked again and again of the same tree", () => {
    const routes = tree();
    for (let round = 0; round < 3; round++) {
      for (const p of paths()) {
        const expected = published.matchRoutes(routes, p, "/");
        const got = kept.matchRoutes(routes, p, "/");
        expect(got, p).toEqual(expected);
        for (const [i, m] of (got ?? []).entries()) expect(m.route, p).toBe(expected![i].route);
      }
    }
    for (const [pattern, pathname] of [
      [{ path: "/learning/:enrolmentId", end: true }, "/learning/7"],
      [{ path: "/learning/:enrolmentId", end: false }, "/learning/7/modules/x"],
      [{ path: "/LEARNING/:id", caseSensitive: true }, "/learning/7"],
      [{ path: "/LEARNING/:id", caseSensitive: false }, "/learning/7"],
      ["/files/*", "/files/a/b"],
    ] as const) {
      for (let i = 0; i < 2; i++) expect(kept.matchPath(pattern, pathname), String(pathname)).toEqual(published.matchPath(pattern, pathname));
    }
  });

  it("matches in the static handler as the published module does", async () => {
    const routes = (): R[] => {
      const withLoaders = (list: R[]): R[] =>
        list.map((r) => ({ ...r, loader: () => ({ route: r.id }), children: r.children ? withLoaders(r.children) : undefined }) as R);
      return withLoaders(tree());
    };
    const [a, b] = [published.createStaticHandler(routes()), kept.createStaticHandler(routes())];
    for (const p of paths().slice(0, 60)) {
      for (let i = 0; i < 2; i++) {
        const [x, y] = await Promise.all([a.query(new Request(`http://localhost${p}`)), b.query(new Request(`http://localhost${p}`))]);
        expect(JSON.parse(JSON.stringify(y)), p).toEqual(JSON.parse(JSON.stringify(x)));
      }
    }
  });

  it("refuses a router it cannot edit rather than start on an unchecked one", () => {
    expect(() => withKeptMatching(source.replace("rankRouteBranches(branches);", "rankRouteBranches(branches, 1);"))).toThrow(/cannot keep its matching/);
  });
});
