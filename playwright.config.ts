import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

/** e2e runs the production build (npm test builds first) against a fresh SQLite file, over real HTTP. */
const PORT = Number(process.env.E2E_PORT ?? 3210);
/**
 * E2E_SLOW_MS=1500: the browser talks to the server through tests/e2e/tools/slow-proxy.ts, which holds every POST
 * and every client navigation's data request that long, to find tests that race the page (README, testing).
 */
const SLOW_MS = Number(process.env.E2E_SLOW_MS ?? 0);
const BROWSER_PORT = SLOW_MS > 0 ? PORT + 1 : PORT;
export const E2E_DB = process.env.E2E_DB ?? path.join(os.tmpdir(), `aula-e2e-${PORT}`, "aula.db");

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  timeout: 60_000,
  // an action's answer on CI's loaded machine (vitest beside Playwright, 2 cores) took over 10 s at times (28 Nov);
  // a passing assertion returns as soon as it holds, so this costs only a failing test's time
  expect: { timeout: 20_000 },
  use: {
    baseURL: `http://127.0.0.1:${BROWSER_PORT}`,
    locale: "en-US",
    // a trace on a retry (CI retries once): recording one for every test (DOM snapshots and screencast at
    // each action) cost ~20 % of the suite's CPU. To trace a local failure: npx playwright test --trace on
    trace: "on-first-retry",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    // the longest serial file (~a fifth of the suite's time) is queued first, so that it never starts late
    // and leaves one worker alone at the end; then every other file, in the usual (alphabetical) order
    { name: "journey", testMatch: "journey.spec.ts", use: { ...devices["Desktop Chrome"], channel: undefined } },
    { name: "chromium", testIgnore: "journey.spec.ts", use: { ...devices["Desktop Chrome"], channel: undefined } },
  ],
  webServer: [
    {
      // a fresh database file each run: the server migrates it and seeds the demo (asked for with --demo)
      command: `rm -rf "${path.dirname(E2E_DB)}" && npx tsx scripts/start.ts --no-build --demo`,
      url: `http://127.0.0.1:${PORT}/healthz`,
      reuseExistingServer: false,
      // the demo seeds four editions, certificates included: seconds alone, longer on a loaded machine
      timeout: 180_000,
      stdout: "pipe",
      env: {
        DATABASE_URL: E2E_DB,
        PORT: String(PORT),
        HOST: "127.0.0.1",
        PUBLIC_URL: `http://127.0.0.1:${BROWSER_PORT}`,
        NODE_ENV: "production",
      },
    },
    ...(SLOW_MS > 0
      ? [
          {
            command: `npx tsx tests/e2e/tools/slow-proxy.ts ${BROWSER_PORT} ${PORT} ${SLOW_MS}`,
            url: `http://127.0.0.1:${BROWSER_PORT}/healthz`,
            reuseExistingServer: false,
          },
        ]
      : []),
  ],
});
