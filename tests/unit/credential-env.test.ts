import { describe, expect, it } from "vitest";
import { parseEnv } from "~/env.server";

describe("CREDENTIAL_KEY", () => {
  const hex = "ab".repeat(32);

  it("is required when PUBLIC_URL is https", () => {
    expect(() => parseEnv({ PUBLIC_URL: "https://aula.example.org" })).toThrow(/CREDENTIAL_KEY: is required when PUBLIC_URL is https/);
    expect(parseEnv({ PUBLIC_URL: "https://aula.example.org", CREDENTIAL_KEY: hex }).CREDENTIAL_KEY).toBe(hex);
  });

  it("may be left out on a local http run (a public demo key is used)", () => {
    expect(parseEnv({ PUBLIC_URL: "http://localhost:3000" }).CREDENTIAL_KEY).toBeUndefined();
  });

  it("must be 32 bytes, as hex or base64", () => {
    expect(parseEnv({ CREDENTIAL_KEY: Buffer.alloc(32, 7).toString("base64") }).CREDENTIAL_KEY).toBeDefined();
    expect(() => parseEnv({ CREDENTIAL_KEY: "ab".repeat(16) })).toThrow(/CREDENTIAL_KEY: must be 32 bytes/);
    expect(() => parseEnv({ CREDENTIAL_KEY: "too short" })).toThrow(/CREDENTIAL_KEY/);
  });
});
