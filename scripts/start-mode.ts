/**
 * Demo or production: what a start does to the database (README "Run it" and "Production").
 *
 * - The demo (fictitious people, one shared password printed in the README) is seeded into an empty
 *   database only when asked: `--demo` or `AULA_DEMO=1`. `npm start` asks for it.
 * - A production start (`--production`, which `npm run serve` passes, or NODE_ENV=production with an
 *   https PUBLIC_URL) never seeds the demo, even when asked.
 * - A start without the demo refuses a database in which a demo account still opens with the demo
 *   password, unless `AULA_ALLOW_DEMO_ACCOUNTS=1` (or `--allow-demo-accounts`) says so.
 * The first admin of a production database comes from `npm run admin:create -- <email>`.
 */
import { and, count, eq, ne } from "drizzle-orm";
import type { Db } from "../db/index.server";
import { users } from "../db/schema";
import { deleteEndedSessions } from "../app/auth/sessions.server";
import { demoAccountsWithDemoPassword, seed } from "../db/seed/demo";
import { ensureStates } from "../db/seed/factories";

export interface StartMode {
  /** Seed the demo into an empty database. */
  demo: boolean;
  /** The demo was asked for but this is a production start: it is not seeded. */
  demoRefused: boolean;
  production: boolean;
  allowDemoAccounts: boolean;
}

const yes = (v: string | undefined) => v === "1" || v === "true";

export function resolveStartMode(argv: readonly string[], env: NodeJS.ProcessEnv): StartMode {
  const production =
    argv.includes("--production") || (env.NODE_ENV === "production" && (env.PUBLIC_URL ?? "").startsWith("https://"));
  const asked = argv.includes("--demo") || yes(env.AULA_DEMO);
  return {
    demo: asked && !production,
    demoRefused: asked && production,
    production,
    allowDemoAccounts: argv.includes("--allow-demo-accounts") || yes(env.AULA_ALLOW_DEMO_ACCOUNTS),
  };
}

export class StartRefused extends Error {}

export interface Prepared {
  seededDemo: boolean;
  /** Admins able to sign in or invited: none means the first one is still to be created. */
  admins: number;
}

/** Seeds the states (always) and the demo (when the mode says so); refuses a demo database in production. */
export async function prepareDatabase(db: Db, mode: StartMode): Promise<Prepared> {
  let seededDemo = false;
  if (mode.demo) {
    seededDemo = await seed(db, { history: true });
  } else {
    ensureStates(db);
    const open = await demoAccountsWithDemoPassword(db);
    if (open.length > 0 && !mode.allowDemoAccounts) {
      throw new StartRefused(
        [
          `Refusing to start: ${open.length} demo account(s) in this database still sign in with the demo password`,
          `printed in the README (${open.slice(0, 3).join(", ")}${open.length > 3 ? ", …" : ""}).`,
          "Use a new database for production (DATABASE_URL), or start the demo with `npm start`.",
          "To serve this database anyway, set AULA_ALLOW_DEMO_ACCOUNTS=1 (or pass --allow-demo-accounts).",
        ].join("\n"),
      );
    }
  }
  deleteEndedSessions(db);
  const admins =
    db
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.role, "admin"), ne(users.status, "disabled")))
      .get()?.n ?? 0;
  return { seededDemo, admins };
}
