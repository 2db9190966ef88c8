import { afterEach, describe, expect, it } from "vitest";
import { credentialKey, parseEnv, resetEnvCache } from "~/env.server";

const saved = { ...process.env };
afterEach(() => {
  for (const k of ["NODE_ENV", "PUBLIC_URL", "CREDENTIAL_KEY"]) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetEnvCache();
});

function withEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
}

describe("CREDENTIAL_KEY", () => {
  const hex = "ab".repeat(32);

  it("must be 32 bytes, as hex or base64", () => {
    expect(parseEnv({ CREDENTIAL_KEY: hex }).CREDENTIAL_KEY).toBe(hex);
    expect(parseEnv({ CREDENTIAL_KEY: Buffer.alloc(32, 7).toString("base64") }).CREDENTIAL_KEY).toBeDefined();
    expect(() => parseEnv({ CREDENTIAL_KEY: "ab".repeat(16) })).toThrow(/CREDENTIAL_KEY: must be 32 bytes/);
    expect(() => parseEnv({ CREDENTIAL_KEY: "too short" })).toThrow(/CREDENTIAL_KEY/);
  });

  it("is the configured key when set", () => {
    withEnv({ NODE_ENV: "production", PUBLIC_URL: "https://aula.example.org", CREDENTIAL_KEY: hex });
    expect(credentialKey().toString("hex")).toBe(hex);
  });

  it("has no fallback in production: signing refuses", () => {
    withEnv({ NODE_ENV: "production", PUBLIC_URL: "https://aula.example.org", CREDENTIAL_KEY: undefined });
    expect(() => credentialKey()).toThrow(/CREDENTIAL_KEY is required in production/);
  });

  it("falls back to the public demo key on a local http run", () => {
    withEnv({ NODE_ENV: "production", PUBLIC_URL: "http://127.0.0.1:3000", CREDENTIAL_KEY: undefined });
    expect(credentialKey()).toHaveLength(32);
  });
});
