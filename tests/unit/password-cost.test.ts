/**
 * Tests hash passwords at a lower scrypt cost (vitest.config.ts sets AULA_TEST_SCRYPT_N); production
 * always hashes at the full cost, whatever the environment says.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { hashPassword, scryptCost, verifyPassword } from "~/auth/password.server";

const FULL = 2 ** 15;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("the scrypt cost", () => {
  it("is the full cost in production even when the test variable is set", async () => {
    expect(scryptCost({ NODE_ENV: "production", VITEST: "true", AULA_TEST_SCRYPT_N: "1024" })).toBe(FULL);
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("AULA_TEST_SCRYPT_N", "1024");
    const hash = await hashPassword("a long enough password");
    expect(hash.startsWith(`scrypt$${FULL}$8$1$`)).toBe(true);
    expect(await verifyPassword(hash, "a long enough password")).toBe(true);
  });

  it("is the full cost outside the test runner and in development", () => {
    expect(scryptCost({ NODE_ENV: "test", AULA_TEST_SCRYPT_N: "1024" })).toBe(FULL); // no VITEST
    expect(scryptCost({ NODE_ENV: "development", VITEST: "true", AULA_TEST_SCRYPT_N: "1024" })).toBe(FULL);
    expect(scryptCost({})).toBe(FULL);
  });

  it("never goes up or off a power of two through the variable", () => {
    for (const bad of ["0", "1", "1000", "65536", "abc", "-1024", ""]) {
      expect(scryptCost({ NODE_ENV: "test", VITEST: "true", AULA_TEST_SCRYPT_N: bad })).toBe(FULL);
    }
  });

  it("is the lower one only in the test runner, and such a hash still verifies by its own parameters", async () => {
    expect(scryptCost({ NODE_ENV: "test", VITEST: "true", AULA_TEST_SCRYPT_N: "1024" })).toBe(1024);
    vi.stubEnv("NODE_ENV", "test");
    vi.stubEnv("AULA_TEST_SCRYPT_N", "1024");
    const cheap = await hashPassword("another password");
    expect(cheap.startsWith("scrypt$1024$8$1$")).toBe(true);
    vi.stubEnv("NODE_ENV", "production");
    expect(await verifyPassword(cheap, "another password")).toBe(true);
    expect(await verifyPassword(cheap, "another passwore")).toBe(false);
  });
});
