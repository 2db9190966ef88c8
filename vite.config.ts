import path from "node:path";
import mdx from "@mdx-js/rollup";
import { vitePlugin as remix } from "@remix-run/dev";
import remarkFrontmatter from "remark-frontmatter";
import remarkMdxFrontmatter from "remark-mdx-frontmatter";
import { defineConfig } from "vite";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

const root = path.dirname(new URL(import.meta.url).pathname);

export default defineConfig({
  resolve: {
    alias: {
      "~db": path.join(root, "db"),
      "~certificates": path.join(root, "certificates"),
      "~": path.join(root, "app"),
    },
  },
  server: { port: 3000 },
  build: {
    // Translation files imported with `?url` stay separate, content-hashed files (never inlined as data: URLs).
    assetsInlineLimit: (file: string) => (file.endsWith(".json") ? false : undefined),
  },
  plugins: [
    { enforce: "pre", ...mdx({ remarkPlugins: [remarkFrontmatter, remarkMdxFrontmatter] }) },
    process.env.VITEST
      ? null
      : remix({
          buildDirectory: process.env.BUILD_DIR ?? "build",
          future: {
            v3_fetcherPersist: true,
            v3_relativeSplatPath: true,
            v3_throwAbortReason: true,
            v3_singleFetch: true,
            v3_lazyRouteDiscovery: true,
          },
        }),
  ],
});
