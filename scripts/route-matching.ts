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
 * handler's own internal call is not reached; nothing changes for it.
 */
import { createRequire } from "node:module";

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
