import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** A transaction handle has the same query API as the database. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

const migrationsFolder = path.resolve(path.dirname(new URL(import.meta.url).pathname), "migrations");

/** Resolves the migrations folder both from source (db/) and from the server build (build/server/). */
function findMigrations(): string {
  const candidates = [migrationsFolder, path.resolve(process.cwd(), "db/migrations")];
  const found = candidates.find((c) => fs.existsSync(path.join(c, "meta", "_journal.json")));
  if (!found) throw new Error(`Migrations not found (looked in ${candidates.join(", ")})`);
  return found;
}

/** Opens (creating if needed) a SQLite file: WAL, foreign keys on, busy timeout; applies migrations. */
export function openDatabase(file: string): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: findMigrations() });
  reuseStatements(sqlite);
  return db;
}

/**
 * drizzle prepares every query again on each call (SQLite parses and plans it again); the SQL text of a
 * query built by the same code is the same each time, and better-sqlite3 statements are reusable, so keep
 * them by SQL text (bounded). drizzle switches a statement to raw mode right before using it when it
 * wants arrays, so a statement handed out again starts in object mode. See docs/decisions/009-what-a-page-costs.md.
 */
function reuseStatements(sqlite: Database.Database, max = 1000): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let stmt = cache.get(source);
    if (stmt && !stmt.busy) {
      if (stmt.reader) stmt.raw(false);
      return stmt;
    }
    stmt = prepare(source);
    if (cache.size >= max) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.set(source, stmt);
    return stmt;
  }) as typeof sqlite.prepare;
}

const versionReaders = new WeakMap<Database.Database, () => string>();
/**
 * Per connection: how many of its `total_changes()` were writes that no page shows (`uncountedWrite`). Kept on
 * the connection itself under a registered symbol, not in a module's own map: in production this module runs
 * twice, once bundled into the Remix build (where the loaders call `uncountedWrite`) and once under tsx for
 * scripts/start.ts's front cache (which reads `databaseVersion`). A map of either copy is invisible to the other,
 * and every session touch ended every kept page (found 28 Nov; tests/unit/database-version.test.ts).
 */
const UNCOUNTED = Symbol.for("aula.db.uncountedChanges");
type Counted = Database.Database & { [UNCOUNTED]?: number };
const uncountedOf = (sqlite: Database.Database) => (sqlite as Counted)[UNCOUNTED] ?? 0;

/**
 * Runs `write` (synchronous: better-sqlite3) and leaves the rows it changes out of `databaseVersion`, so it does
 * not end every page the front cache keeps. Only for bookkeeping that no page's content depends on
 * (docs/decisions/009-what-a-page-costs.md, fifth round): the request limits' counters (`rate_limits`, read only
 * by the limiter itself) and a session's last-seen time (read only by the idle check, which is time, already
 * bounded by the front cache's 10 s). Nothing else may run inside `write`: its changes would be hidden too.
 * JavaScript runs one statement at a time, so no other write of this connection can fall between the two readings.
 */
export function uncountedWrite<T>(sqlite: Database.Database, write: () => T): T {
  const changes = totalChanges(sqlite);
  try {
    return write();
  } finally {
    (sqlite as Counted)[UNCOUNTED] = uncountedOf(sqlite) + (totalChanges(sqlite) - changes);
  }
}

const totalChangesReaders = new WeakMap<Database.Database, () => number>();
function totalChanges(sqlite: Database.Database): number {
  let read = totalChangesReaders.get(sqlite);
  if (!read) {
    const stmt = sqlite.prepare("SELECT total_changes()").pluck();
    read = () => stmt.get() as number;
    totalChangesReaders.set(sqlite, read);
  }
  return read();
}

/**
 * What the database looks like now, as a short text: SQLite's `total_changes()` of this connection (every row
 * any statement of it inserted, updated or deleted, triggers included) and `PRAGMA data_version` (commits by any
 * other connection or process), less the rows of `uncountedWrite`s (bookkeeping no page shows). Two equal readings
 * mean no row any page reads changed in between, so whatever was read or rendered at the first still holds (the
 * front cache, the certificates board's counts).
 */
export function databaseVersion(sqlite: Database.Database): string {
  let read = versionReaders.get(sqlite);
  if (!read) {
    const version = sqlite.prepare("PRAGMA data_version").pluck();
    read = () => `${totalChanges(sqlite) - uncountedOf(sqlite)}.${version.get()}`;
    versionReaders.set(sqlite, read);
  }
  return read();
}

const preparedByDb = new WeakMap<object, Map<string, unknown>>();

/**
 * A query every request runs, built once per database: drizzle builds its SQL and better-sqlite3 prepares
 * it once, then each request only binds its placeholders (`sql.placeholder`). `name` is unique per query.
 */
export function preparedOnce<T>(db: Db, name: string, make: (db: Db) => T): T {
  let byName = preparedByDb.get(db.$client);
  if (!byName) {
    byName = new Map();
    preparedByDb.set(db.$client, byName);
  }
  let q = byName.get(name) as T | undefined;
  if (q === undefined) {
    q = make(db);
    byName.set(name, q);
  }
  return q;
}

/**
 * `preparedOnce` for a query that may also run inside a transaction: on the database it is built once; in a
 * transaction it is built as it is used (the transaction is no key to keep it by).
 */
export function preparedFor<T>(db: Db | Tx, name: string, make: (db: Db | Tx) => T): T {
  return "$client" in db && db.$client ? preparedOnce(db as Db, name, make) : make(db);
}

const globalForDb = globalThis as unknown as { __aulaDb?: Db };

/** The process-wide database, from DATABASE_URL (default data/aula.db). */
export function getDb(): Db {
  if (!globalForDb.__aulaDb) {
    const url = process.env.DATABASE_URL ?? "data/aula.db";
    globalForDb.__aulaDb = openDatabase(url.replace(/^file:/, ""));
  }
  return globalForDb.__aulaDb;
}

export { schema };
