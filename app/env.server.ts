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
  /** Sign-in throttling: failures allowed in the window, per account and per address. */
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  SIGN_IN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  /** Set to "true" behind HTTPS so that cookies are marked Secure. Defaults to PUBLIC_URL's scheme. */
  COOKIE_SECURE: z.enum(["true", "false"]).optional(),
  /**
   * 32 bytes (64 hex characters or base64) that encrypt the credential signing keys at rest
   * (AES-256-GCM). Required when PUBLIC_URL is https (a real deployment); a local http run uses a
   * fixed, public demo key.
   */
  CREDENTIAL_KEY: z
    .string()
    .optional()
    .refine((v) => v === undefined || decodeKey(v) !== null, "must be 32 bytes as 64 hex characters or base64"),
}).superRefine((e, ctx) => {
  if (!e.CREDENTIAL_KEY && e.PUBLIC_URL.startsWith("https://")) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ["CREDENTIAL_KEY"],
      message: "is required when PUBLIC_URL is https (generate one with: openssl rand -hex 32)",
    });
  }
});

function decodeKey(v: string): Buffer | null {
  const s = v.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(s) ? Buffer.from(s, "hex") : Buffer.from(s, "base64");
  return bytes.length === 32 ? bytes : null;
}

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

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

/** The 32-byte key that encrypts credential signing keys at rest. */
export function credentialKey(): Buffer {
  const e = env();
  if (e.CREDENTIAL_KEY) return decodeKey(e.CREDENTIAL_KEY)!;
  return Buffer.from(DEMO_CREDENTIAL_KEY, "utf8");
}
