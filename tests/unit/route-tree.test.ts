/**
 * Every page renders its own heading. Remix flat routes nest `a.b.tsx` under `a.tsx`; a parent page
 * without `<Outlet/>` swallows its children (the signature page once rendered only "My account").
 * This walks the route tree as Remix builds it: every page whose route has children renders an
 * `<Outlet`, and every page renders an `<h1>` of its own (directly or through a shared page header).
 */
import fs from "node:fs";
import path from "node:path";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import { describe, expect, it } from "vitest";

const appDir = path.resolve("app");
const manifest = flatRoutes(appDir);
const routes = Object.values(manifest);
const source = (file: string) => fs.readFileSync(path.join(appDir, file), "utf8");
const isPage = (file: string) => /export default function/.test(source(file));

/** Shared components that render the page's `<h1>`, found by reading app/components. */
const headingComponents = fs
  .readdirSync(path.join(appDir, "components"))
  .flatMap((f) => source(`components/${f}`).split(/(?=export function )/))
  .filter((chunk) => chunk.includes("<h1"))
  .map((chunk) => chunk.match(/^export function (\w+)/)?.[1])
  .filter((name): name is string => Boolean(name));

describe("route tree", () => {
  it("finds the routes and the shared headers", () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(headingComponents.length).toBeGreaterThan(0);
  });

  for (const route of routes.filter((r) => isPage(r.file))) {
    it(`${route.file}: its page shows when its URL is opened`, () => {
      for (let parent = manifest[route.parentId ?? ""]; parent && parent.id !== "root"; parent = manifest[parent.parentId ?? ""]) {
        if (isPage(parent.file)) expect(source(parent.file), `${parent.file} has children but no <Outlet/>`).toMatch(/<Outlet\b/);
      }
    });
    it(`${route.file}: renders its own <h1>`, () => {
      const text = source(route.file);
      const own = text.includes("<h1") || headingComponents.some((c) => new RegExp(`<${c}\\b`).test(text));
      expect(own, `${route.file} renders no <h1>`).toBe(true);
    });
  }
});
