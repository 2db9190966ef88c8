import { z } from "zod";

/**
 * Configuration, parsed once at start-up. A bad value stops the server with a clear message.
 * Every variable has a safe default for a local run; see README "Configuration".
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().min(1).default("data/aula.db"),
  PUBLIC_URL: z.string().url().default("http://localhost:3000"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("localhost"),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default("Aula IIN-OAS <no-reply@aula.invalid>"),
  /**
   * Sign-in throttling per account and address pair: failures checked without delay in the window,
   * then each further check waits twice as long as the one before, up to SIGN_IN_MAX_DELAY_MINUTES.
   */
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  SIGN_IN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  SIGN_IN_MAX_DELAY_MINUTES: z.coerce.number().int().min(1).default(15),
  /** Request limits of the unauthenticated forms, per window of RATE_LIMIT_WINDOW_MINUTES (see README). */
  RATE_LIMIT_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).default(100),
  RATE_LIMIT_PER_ACCOUNT: z.coerce.number().int().min(1).default(30),
  RESET_EMAILS_PER_ACCOUNT: z.coerce.number().int().min(1).default(3),
  /** Sessions: idle timeout for staff and coordinators, for trainees, and the absolute lifetime. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  SESSION_IDLE_MINUTES_TRAINEE: z.coerce.number().int().min(1).default(120),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** Set to "true" behind HTTPS so that cookies are marked Secure. Defaults to PUBLIC_URL's scheme. */
  COOKIE_SECURE: z.enum(["true", "false"]).optional(),
  /**
   * 32 bytes (64 hex characters or base64) that encrypt the credential signing keys at rest
   * (AES-256-GCM). Required on a production start (NODE_ENV=production with an https PUBLIC_URL):
   * signing refuses to work there without it. Other runs (demo, tests) use a fixed, public demo key.
   */
  /**
   * "0" turns the render cache off (every document is rendered; docs/decisions/009-what-a-page-costs.md):
   * for measuring a first render, or to rule the cache out.
   */
  AULA_RENDER_CACHE: z.enum(["0", "1"]).default("1"),
  CREDENTIAL_KEY: z
    .string()
    .optional()
    .refine((v) => v === undefined || decodeKey(v) !== null, "must be 32 bytes as 64 hex characters or base64"),
});

function decodeKey(v: string): Buffer | null {
  const s = v.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(s) ? Buffer.from(s, "hex") : Buffer.from(s, "base64");
  return bytes.length === 32 ? bytes : null;
}

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** Forgets the parsed configuration (tests that change process.env). */
export function resetEnvCache(): void {
  cached = undefined;
}

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Parses a set of variables; throws one message listing every bad value. */
export function parseEnv(vars: Record<string, string | undefined>): Env {
  const parsed = EnvSchema.safeParse(vars);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  return parsed.data;
}

export function cookieSecure(): boolean {
  const e = env();
  if (e.COOKIE_SECURE) return e.COOKIE_SECURE === "true";
  return e.PUBLIC_URL.startsWith("https://");
}

/** Publicly known key for local demo and test runs over http only (see CREDENTIAL_KEY). */
const DEMO_CREDENTIAL_KEY = "aula-demo-credential-key-not-secret".padEnd(32, "!").slice(0, 32);

export class MissingCredentialKey extends Error {}

/**
 * The 32-byte key that encrypts credential signing keys at rest. In production (NODE_ENV=production,
 * https PUBLIC_URL) there is no fallback: without CREDENTIAL_KEY nothing is signed or decrypted.
 */
export function credentialKey(): Buffer {
  const e = env();
  if (e.CREDENTIAL_KEY) return decodeKey(e.CREDENTIAL_KEY)!;
  if (e.NODE_ENV === "production" && e.PUBLIC_URL.startsWith("https://")) {
    throw new MissingCredentialKey("CREDENTIAL_KEY is required in production (generate one with: openssl rand -hex 32); see README");
  }
  return Buffer.from(DEMO_CREDENTIAL_KEY, "utf8");
}
