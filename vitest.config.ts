import os from "node:os";
import { defineConfig, mergeConfig } from "vitest/config";
import LongestFirst from "./tests/sequencer";
import viteConfig from "./vite.config";

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
      environment: "node",
      pool: "forks",
      // vitest's default is one worker fewer than the cores: one worker on a 2-core CI machine. Most files
      // wait on SQLite, child processes and pdftotext as well as the CPU, so two keep both cores busy; on a
      // machine already busier than its cores a second worker only adds contention (and timeouts), so one.
      // VITEST_MAX_WORKERS overrides it; `npm test` sets 2, with Playwright running beside vitest (scripts/test.ts).
      maxWorkers: os.loadavg()[0] < os.availableParallelism() ? 2 : 1,
      // one migrated template database per run, copied per test (tests/global-setup.ts, tests/factories.ts)
      globalSetup: ["tests/global-setup.ts"],
      sequence: { sequencer: LongestFirst },
      env: {
        // cheaper password hashing inside the test runner only (app/auth/password.server.ts scryptCost)
        AULA_TEST_SCRYPT_N: "1024",
      },
      // tests that pass in 2–3 s alone took 11–20 s beside the browser tests in a fresh clone here (28 Nov; one row
      // of the role × route table missed 20 s once); a passing test returns as soon as it is done
      testTimeout: 60_000,
      // beforeAll hooks that import every route or seed the demo take seconds, many more on a busy machine
      hookTimeout: 60_000,
    },
  }),
);
