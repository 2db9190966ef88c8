/**
 * Route matching, remembered (docs/decisions/009-what-a-page-costs.md, fourth round). React Router's
 * `matchRoutes` flattens and ranks the whole route tree (~85 routes: a RegExp and a score per route) on every
 * call, and a document request calls it about six times: Remix's server matching, React Router's `useRoutes`,
 * and `<Scripts>`' lazy route discovery (`getPartialManifest`), once for each parent path of the URL. In a
 * profile of first renders of a module page it was a fifth of the request's CPU.
 *
 * Those callers reach it through the module's export (`router.matchRoutes(…)`), so the export is wrapped:
 * the result for the same tree structure (each route's id, path, index and caseSensitive, in order), the same
 * location and basename is kept, as index paths into the tree, and rebuilt on the tree passed in (a new array
 * per request, same structure) with fresh params objects. A different tree never shares results. The static
 * handler's own internal call does not go through the export: `loadRouterWithKeptMatching` below keeps its steps.
 */
import fs from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";

interface RouteLike {
  id?: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
  children?: RouteLike[];
}
interface Match {
  params: Record<string, string | undefined>;
  pathname: string;
  pathnameBase: string;
  route: RouteLike;
}
type MatchRoutes = ((routes: RouteLike[], location: unknown, basename?: string) => Match[] | null) & { remembered?: true };
interface Kept {
  at: number[];
  params: Record<string, string | undefined>;
  pathname: string;
  pathnameBase: string;
}

function structure(routes: RouteLike[]): string {
  const parts: string[] = [];
  const walk = (list: RouteLike[]) => {
    parts.push("[");
    for (const r of list) {
      parts.push(`${r.id ?? ""}\u0001${r.path ?? ""}\u0001${r.index ? 1 : 0}${r.caseSensitive ? 1 : 0}`);
      if (r.children?.length) walk(r.children);
      parts.push(",");
    }
    parts.push("]");
  };
  walk(routes);
  return parts.join("");
}

function indexPath(routes: RouteLike[], target: RouteLike): number[] | null {
  for (let i = 0; i < routes.length; i++) {
    const r = routes[i]!;
    if (r === target) return [i];
    if (r.children) {
      const below = indexPath(r.children, target);
      if (below) return [i, ...below];
    }
  }
  return null;
}

function routeAt(routes: RouteLike[], at: number[]): RouteLike {
  let list = routes;
  let route: RouteLike | undefined;
  for (const i of at) {
    route = list[i];
    list = route?.children ?? [];
  }
  if (!route) throw new Error("route tree changed under a kept match");
  return route;
}

/** Wraps `matchRoutes` of `@remix-run/router` (the CommonJS instance Remix and React Router load) once. */
export function rememberRouteMatching(router: { matchRoutes: MatchRoutes } = createRequire(import.meta.url)("@remix-run/router"), max = 2000) {
  const original = router.matchRoutes;
  if (original.remembered) return router.matchRoutes;
  const shapes = new Map<string, number>();
  const shapeOf = new WeakMap<object, number>();
  const kept = new Map<string, Kept[] | null>();

  const remembered: MatchRoutes = (routes, location, basename = "/") => {
    const where = typeof location === "string" ? location : (location as { pathname?: unknown } | null)?.pathname;
    // matchRoutes reads a location object's pathname only, and a string's path part
    if (!Array.isArray(routes) || typeof where !== "string") return original(routes, location, basename);
    let shape = shapeOf.get(routes);
    if (shape === undefined) {
      const s = structure(routes);
      shape = shapes.get(s);
      if (shape === undefined) {
        shape = shapes.size;
        shapes.set(s, shape);
      }
      shapeOf.set(routes, shape);
    }
    const key = `${shape}\u0000${basename}\u0000${where}`;
    const hit = kept.get(key);
    if (hit !== undefined) {
      return hit === null
        ? null
        : hit.map((k) => ({ params: { ...k.params }, pathname: k.pathname, pathnameBase: k.pathnameBase, route: routeAt(routes, k.at) }));
    }
    const result = original(routes, location, basename);
    let toKeep: Kept[] | null = null;
    if (result) {
      toKeep = [];
      for (const m of result) {
        const at = indexPath(routes, m.route);
        if (!at) return result; // a match outside the tree passed in: not ours to remember
        toKeep.push({ at, params: { ...m.params }, pathname: m.pathname, pathnameBase: m.pathnameBase });
      }
    }
    if (kept.size >= max) {
      const oldest = kept.keys().next().value;
      if (oldest !== undefined) kept.delete(oldest);
    }
    kept.set(key, toKeep);
    return result;
  };
  remembered.remembered = true;
  router.matchRoutes = remembered;
  return remembered;
}

/**
 * The static handler's own matching, kept too (docs/decisions/009-what-a-page-costs.md, seventh round). Remix
 * matches every request through `createStaticHandler(…).query`/`queryRoute`, which call the router module's
 * internal `matchRoutes`, not its export: each call flattened and ranked the whole route tree again and built a
 * pattern for each route it tried — 11 % of the CPU of a module page viewed after a write. Two pure steps are kept:
 * - the flattened, ranked branches of a route array, by that array (the static handler's routes live as long as
 *   the build; a new array, as React Router makes per request, is a new entry that goes with its array);
 * - `compilePath`'s answer for the same pattern and flags: a RegExp without global or sticky flag (it keeps no
 *   state between matches) and the list of parameter names, which its only caller, `matchPath`, reads.
 * `KEPT_MATCHING_EDITS` makes those two edits to the module's source; an edit that does not apply (another version
 * of the router) throws, so that the server does not start on an unchecked router.
 */
export const KEPT_MATCHING_EDITS: readonly (readonly [from: string, to: string])[] = [
  [
    "  let branches = flattenRoutes(routes);\n  rankRouteBranches(branches);\n",
    "  let branches = keptBranches.get(routes);\n  if (!branches) {\n    branches = flattenRoutes(routes);\n    rankRouteBranches(branches);\n    keptBranches.set(routes, branches);\n  }\n",
  ],
  [
    "function compilePath(path, caseSensitive, end) {\n",
    "const keptBranches = new WeakMap();\nconst keptPatterns = new Map();\nfunction compilePath(path, caseSensitive, end) {\n  const key = path + \"\\u0000\" + caseSensitive + \"\\u0000\" + end;\n  let kept = keptPatterns.get(key);\n  if (!kept) {\n    if (keptPatterns.size >= 2000) keptPatterns.clear();\n    kept = compilePathAnew(path, caseSensitive, end);\n    keptPatterns.set(key, kept);\n  }\n  return kept;\n}\nfunction compilePathAnew(path, caseSensitive, end) {\n",
  ],
];

/** The router module's source with `KEPT_MATCHING_EDITS` made, each exactly once. */
export function withKeptMatching(source: string): string {
  let out = source;
  for (const [from, to] of KEPT_MATCHING_EDITS) {
    if (out.split(from).length !== 2) throw new Error(`@remix-run/router: cannot keep its matching (no single "${from.trim().split("\n")[0]}")`);
    out = out.replace(from, to);
  }
  return out;
}

const KEPT = Symbol.for("aula.router.keptMatching");

/**
 * Loads `@remix-run/router` (the CommonJS file every Remix and React Router module requires) with its matching
 * kept, into Node's module cache, so that everything that requires it afterwards gets this copy. Must run before
 * anything has loaded the router: scripts/start.ts imports scripts/keep-router-matching.ts first.
 */
export function loadRouterWithKeptMatching(): void {
  const require = createRequire(import.meta.url);
  const file = require.resolve("@remix-run/router");
  const loaded = require.cache[file];
  if (loaded) {
    if ((loaded as unknown as Record<symbol, boolean>)[KEPT]) return;
    throw new Error("@remix-run/router was loaded before its matching could be kept: import scripts/keep-router-matching.ts first");
  }
  const internals = Module as unknown as { _nodeModulePaths(dir: string): string[] };
  const mod = new Module(file) as Module & { _compile(source: string, filename: string): void; [KEPT]?: boolean };
  mod.filename = file;
  mod.paths = internals._nodeModulePaths(path.dirname(file));
  mod._compile(withKeptMatching(fs.readFileSync(file, "utf8")), file);
  mod.loaded = true;
  mod[KEPT] = true;
  require.cache[file] = mod;
}
