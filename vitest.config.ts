import { defineConfig, mergeConfig } from "vitest/config";
import viteConfig from "./vite.config";

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
      environment: "node",
      pool: "forks",
      testTimeout: 20_000,
      hookTimeout: 30_000,
    },
  }),
);
