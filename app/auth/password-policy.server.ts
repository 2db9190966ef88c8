/**
 * What a new password must not be (ASVS 2.1.7, 2.1.9): one of the most common passwords found in
 * breaches (the list ships with the app: ./common-passwords.json, with its source), a run of one
 * character or a short repeated pattern, or built from fewer than five different characters.
 * Length (10 to 200) is checked by the form schema; the "same as the current password" rule needs
 * the stored hash and is checked in app/domain/accounts.server.ts.
 */
import list from "./common-passwords.json";

const COMMON = new Set(list.passwords.map((p) => p.toLowerCase()));

export type PasswordProblem = "auth.password.common" | "auth.password.repetitive";

/** Whether a string is one shorter unit repeated (aaaaaaaaaa, abcabcabcabc, dragondragon). */
function isRepeatedPattern(s: string): boolean {
  const chars = [...s];
  const n = chars.length;
  for (let unit = 1; unit <= n / 2; unit++) {
    if (n % unit !== 0) continue;
    let repeats = true;
    for (let i = unit; i < n && repeats; i++) if (chars[i] !== chars[i - unit]) repeats = false;
    if (repeats) return true;
  }
  return false;
}

/** The translation key of what is wrong with a new password, or null when it may be used. */
export function passwordProblem(password: string): PasswordProblem | null {
  const normalized = password.normalize("NFKC").trim().toLowerCase();
  if (COMMON.has(normalized) || COMMON.has(normalized.replace(/\s+/g, ""))) return "auth.password.common";
  if (isRepeatedPattern(normalized) || new Set(normalized).size < 5) return "auth.password.repetitive";
  return null;
}
