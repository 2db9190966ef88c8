import { deriveEditionCode, EDITION_CODE } from "~/lib/edition-schema";
import { describe, expect, it } from "vitest";
import { eligibility, newVerificationCode, normalizeCode } from "~/domain/certificates.server";

describe("verification codes", () => {
  it("are 20 characters of Crockford base32 and do not repeat", () => {
    const codes = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const code = newVerificationCode();
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
      codes.add(code);
    }
    expect(codes.size).toBe(5000);
  });
  it("accept what people type", () => {
    expect(normalizeCode(" k7q2-m9xd-w4ht-8rbn-3fzp ")).toBe("K7Q2M9XDW4HT8RBN3FZP");
    expect(normalizeCode(`ioL0${"0".repeat(16)}`)).toBe(`1010${"0".repeat(16)}`);
    expect(normalizeCode("too-short")).toBeNull();
    expect(normalizeCode("U".repeat(20))).toBeNull();
  });
});

describe("eligibility", () => {
  it("needs enrolled, both stages passed and the state's sign-off", () => {
    const ok = { status: "enrolled", onlineResult: "passed", faceToFaceResult: "passed", signedOffAt: "2027-05-01T00:00:00Z" };
    expect(eligibility(ok)).toEqual([]);
    expect(eligibility({ ...ok, faceToFaceResult: "not-passed", signedOffAt: null })).toEqual(["faceToFaceNotPassed", "notSignedOff"]);
  });
});

describe("edition codes", () => {
  it.each([
    ["2027 · Cohorte B", "2027B"],
    ["2027", "2027"],
    ["Edición 2028 — grupo A", "2028A"],
    ["Primavera", "P"],
    ["Cohorte Única de Niñez", "CUDN"],
    ["···", "E"],
  ])("%s → %s", (name, code) => {
    const derived = deriveEditionCode(name);
    expect(derived).toBe(code);
    expect(derived).toMatch(EDITION_CODE);
  });
});
