/**
 * `npm run admin:create -- <email> [--name "Full Name"] [--locale es]`
 *
 * Invites the first admin of an installation (or any admin, from the server's shell): creates the
 * account, invited, and prints its invitation link; the email goes out too when SMTP_URL is set, and
 * stays in the outbox either way. Run again for a person who has not activated yet: a new link.
 * Uses DATABASE_URL and PUBLIC_URL like the server (the link is built on PUBLIC_URL).
 */
import { parseArgs } from "node:util";
import { z } from "zod";

const path = await import("node:path");
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);

const usage = 'Usage: npm run admin:create -- <email> [--name "Full Name"] [--locale en|es|pt|fr]';
let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: { name: { type: "string" }, locale: { type: "string", default: "es" }, help: { type: "boolean" } },
  });
}
try {
  args = parse();
} catch (err) {
  console.error(`${err instanceof Error ? err.message : err}\n${usage}`);
  process.exit(2);
}
if (args.values.help) {
  console.log(usage);
  process.exit(0);
}
const input = z
  .object({
    email: z.string().trim().max(254).email().toLowerCase(),
    name: z.string().trim().min(1).max(120),
    locale: z.enum(["en", "es", "pt", "fr"]),
  })
  .safeParse({
    email: args.positionals[0] ?? "",
    name: args.values.name ?? (args.positionals[0] ?? "").split("@")[0],
    locale: args.values.locale,
  });
if (!input.success || args.positionals.length !== 1) {
  const problems = input.success ? ["give exactly one email address"] : input.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  console.error(`${problems.join("\n")}\n${usage}`);
  process.exit(2);
}

const { env } = await import("../app/env.server");
try {
  env();
} catch (err) {
  console.error(String(err instanceof Error ? err.message : err));
  process.exit(1);
}
const { getDb } = await import("../db/index.server");
const { ensureStates } = await import("../db/seed/factories");
const { DomainError, inviteFirstAdmin } = await import("../app/domain/accounts.server");

const db = getDb();
ensureStates(db);
try {
  const { url, created } = await inviteFirstAdmin({ db, ...input.data });
  console.log(`${created ? "Invited" : "Invited again"}: ${input.data.email} (admin).`);
  console.log(`Invitation link (valid 7 days, works once):\n\n  ${url}\n`);
  console.log(env().SMTP_URL ? "The invitation was also emailed." : "SMTP_URL is not set: the email stays in the outbox.");
  db.$client.close();
} catch (err) {
  if (err instanceof DomainError) {
    const why: Record<string, string> = {
      "auth.admin.alreadyActive": "this account is already active; it can sign in (or reset its password).",
      "errors.emailTaken": "this email belongs to an account that is not an invited admin.",
    };
    console.error(`Not invited: ${why[err.key] ?? err.key}`);
    process.exit(1);
  }
  throw err;
}
