/**
 * The app's real Remix request handler, built from the route files in app/routes (the same flat-routes
 * convention the Vite plugin uses), so that integration tests send real document, `.data` (single
 * fetch) and POST requests through Remix itself: routing, parent loaders, redirects and error
 * boundaries included. Client assets are stand-ins (no browser runs here).
 */
import path from "node:path";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { answerBusyDatabase } from "~/lib/busy.server";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";

interface ConfigRoute {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
  file: string;
}

type AnyModule = Record<string, unknown>;

export async function loadRemixApp() {
  const appDir = path.resolve("app");
  const config = flatRoutes(appDir) as Record<string, ConfigRoute>;
  const modules: Record<string, AnyModule> = { root: (await import("~/root")) as AnyModule };
  const routes: ServerBuild["routes"] = {
    root: { id: "root", path: "", module: modules.root as never },
  };
  for (const r of Object.values(config)) {
    modules[r.id] = (await import(/* @vite-ignore */ path.join(appDir, r.file))) as AnyModule;
    routes[r.id] = {
      id: r.id,
      parentId: r.parentId ?? "root",
      path: r.path,
      index: r.index,
      caseSensitive: r.caseSensitive,
      module: modules[r.id] as never,
    };
  }
  const assetRoutes: ServerBuild["assets"]["routes"] = {};
  for (const [id, r] of Object.entries(routes)) {
    const m = modules[id]!;
    assetRoutes[id] = {
      id,
      parentId: id === "root" ? undefined : r.parentId,
      path: r.path,
      index: r.index,
      caseSensitive: r.caseSensitive,
      module: `/assets/${id}.js`,
      imports: [],
      css: [],
      hasAction: typeof m.action === "function",
      hasLoader: typeof m.loader === "function",
      hasClientAction: false,
      hasClientLoader: false,
      hasErrorBoundary: typeof m.ErrorBoundary === "function",
    } as ServerBuild["assets"]["routes"][string];
  }
  const build: ServerBuild = {
    mode: "production",
    entry: { module: (await import("~/entry.server")) as never },
    routes,
    assets: { entry: { imports: [], module: "/assets/entry.client.js" }, routes: assetRoutes, url: "/assets/manifest.js", version: "test" },
    publicPath: "/",
    assetsBuildDirectory: "build/client",
    future: {
      v3_fetcherPersist: true,
      v3_relativeSplatPath: true,
      v3_throwAbortReason: true,
      v3_singleFetch: true,
      v3_lazyRouteDiscovery: true,
      unstable_optimizeDeps: false,
      v3_routeConfig: false,
    } as ServerBuild["future"],
    isSpaMode: false,
  };
  // as the production server (scripts/http.ts) serves it: a locked database answers 503
  const handler = createRequestHandler(answerBusyDatabase(build), "production");
  return {
    build,
    /** Route ids by file name (without extension), from the files in app/routes. */
    routeIdByFile: Object.fromEntries(Object.values(config).map((r) => [path.basename(r.file).replace(/\.tsx?$/, ""), r.id])),
    handle: (request: Request, ip = "127.0.0.1") => handler(request, { ip }),
  };
}
