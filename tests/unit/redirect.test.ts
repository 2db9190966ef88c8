/**
 * safeRedirect: where sign-in and /language send the browser. Every value that a browser could
 * resolve to another site falls back; paths on this site pass unchanged.
 */
import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/auth/session.server";

const NASTY = [
  "//evil.example/",
  "/\t/evil.example/",
  "/\n/evil.example/",
  "/\r/evil.example",
  "\t//evil.example",
  " /evil",
  "/\\evil.example",
  "\\\\evil.example",
  "/\\/evil.example",
  "https://evil.example/",
  "http:evil.example",
  "javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "evil.example",
  "/%2F/evil.example",
  "/%2f%2fevil.example",
  "%2F%2Fevil.example",
  "/%5Cevil.example",
  "/%09/evil.example",
  "/%0a/evil.example",
  "/%252F/evil.example",
  "/%25252F%25252Fevil.example",
  "/%E0%A4%A",
  "/\u0000/evil.example",
  "/\u007f/evil.example",
  "/\u0085/evil.example",
  "/\u2028/evil.example",
  "/\u00a0/evil.example",
  "",
  "/".repeat(3000),
];

const FINE = ["/", "/editions", "/editions/1/certificates?issued=3&failed=0", "/learning/4/modules/intro#quiz", "/verify?code=K7Q2-M9XD", "/coordination/1?q=Ana%20Silva"];

describe("safeRedirect", () => {
  it.each(NASTY)("refuses %j", (to) => {
    expect(safeRedirect(to, "/home")).toBe("/home");
  });

  it.each(FINE)("keeps %j", (to) => {
    expect(safeRedirect(to, "/home")).toBe(to);
  });

  it("refuses what is not a string", () => {
    expect(safeRedirect(null, "/home")).toBe("/home");
    expect(safeRedirect(undefined, "/home")).toBe("/home");
    expect(safeRedirect(new File(["/x"], "x"), "/home")).toBe("/home");
  });
});
