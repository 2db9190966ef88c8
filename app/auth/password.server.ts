import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/**
 * Password hashing with Node's built-in scrypt (memory-hard; no native add-on to build).
 * Stored as `scrypt$N$r$p$<salt b64>$<hash b64>` so the cost can be raised later.
 */
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEYLEN = 32;
const MAXMEM = 64 * 1024 * 1024;

/**
 * The cost (N) new hashes and unknown-account checks use: always 2^15, except inside the test runner
 * (NODE_ENV "test" *and* VITEST set), where vitest.config.ts sets AULA_TEST_SCRYPT_N to a cheaper power
 * of two so that a test suite hashing hundreds of passwords stays fast. A production start sets
 * NODE_ENV=production, so the variable is ignored there (tests/unit/password-cost.test.ts proves it).
 */
export function scryptCost(env: Record<string, string | undefined> = process.env): number {
  if (env.NODE_ENV !== "test" || !env.VITEST || !env.AULA_TEST_SCRYPT_N) return N;
  const n = Number(env.AULA_TEST_SCRYPT_N);
  return Number.isInteger(n) && n >= 2 && n < N && (n & (n - 1)) === 0 ? n : N;
}

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, KEYLEN, { N: n, r, p, maxmem: MAXMEM }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const n = scryptCost();
  const key = await derive(password, salt, n, R, P);
  return `scrypt$${n}$${R}$${P}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  if (!hash) {
    // Spend comparable time so that unknown accounts are not revealed by timing.
    await derive(password, Buffer.alloc(16), scryptCost(), R, P);
    return false;
  }
  const [scheme, n, r, p, salt, key] = hash.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, "base64");
  const actual = await derive(password, Buffer.from(salt, "base64"), Number(n), Number(r), Number(p));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
