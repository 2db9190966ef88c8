/**
 * Factories: make what a test or the demo needs. Tests (tests/factories.ts) and the demo seed share
 * them, so the demo is built exactly the way tests build their worlds.
 */
import { eq, inArray, is, Param, Placeholder, SQL, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { hashPassword } from "~/auth/password.server";
import { localDay } from "~/domain/time-zone";
import type { Db } from "../index.server";
import {
  type AgreementStatus,
  coordinatorAppointments,
  courses,
  type EditionStatus,
  editions,
  type EnrolmentStatus,
  enrolments,
  type Locale,
  participations,
  type Role,
  states,
  users,
} from "../schema";
import { OAS_STATES } from "./states";

/**
 * The OAS member states, once. Every start calls it: when they are all there it only reads, so a start does not
 * wait for the write lock another process holds (the bench builds its edition while the server starts).
 */
export function ensureStates(db: Db): void {
  const present = db.select({ n: sql<number>`count(*)` }).from(states).where(inArray(states.code, OAS_STATES.map((s) => s.code))).get();
  if ((present?.n ?? 0) === OAS_STATES.length) return;
  db.insert(states)
    .values(OAS_STATES.map((s) => ({ code: s.code, nameEn: s.en, nameEs: s.es, namePt: s.pt, nameFr: s.fr })))
    .onConflictDoNothing()
    .run();
}

const hashes = new Map<string, Promise<string>>();
/** Hashing is slow on purpose; a factory hashes each distinct password once per process. */
function cachedHash(password: string): Promise<string> {
  let h = hashes.get(password);
  if (!h) {
    h = hashPassword(password);
    hashes.set(password, h);
  }
  return h;
}

export interface UserInput {
  email: string;
  name: string;
  role: Role;
  password?: string | null;
  locale?: Locale | null;
  stateCode?: string | null;
  institution?: string | null;
  position?: string | null;
  signatoryTitle?: string | null;
}

/** The users row a factory writes for `input` (one rule for makeUser and makeUsers). */
function userRow(input: UserInput, passwordHash: string | null): typeof users.$inferInsert {
  return {
    email: input.email.toLowerCase(),
    name: input.name,
    role: input.role,
    status: passwordHash ? "active" : "invited",
    passwordHash,
    locale: input.locale ?? null,
    stateCode: input.stateCode ?? null,
    institution: input.institution ?? null,
    position: input.position ?? null,
    signatoryTitle: input.signatoryTitle ?? null,
  };
}

export async function makeUser(db: Db, input: UserInput) {
  const passwordHash = input.password ? await cachedHash(input.password) : null;
  return db.insert(users).values(userRow(input, passwordHash)).returning().get();
}

/**
 * The factories' bulk path: writes `rows` (the very objects drizzle's `insert(table).values(row)` takes) through
 * one prepared statement per shape of row, reused for every row: drizzle builds the INSERT once per set of
 * columns present (column defaults inlined, as in its own INSERTs) and each row is only mapped to driver values
 * (null stays null, as drizzle maps it) and run. Building a drizzle query per row costs ~50–100 µs of CPU here,
 * a reused statement a few. Returns each row's new id, in input order. Wrap it in a transaction.
 */
export function insertRows<T extends SQLiteTable>(db: Db, table: T, rows: T["$inferInsert"][]): { id: number }[] {
  type Encoder = { mapToDriverValue(v: unknown): unknown };
  /** A value from the row (by name), or a column default drizzle binds as a parameter (`.default(false)`). */
  type Bound = { name: string; encoder: Encoder } | { constant: unknown };
  type Prepared = { run: (...args: unknown[]) => { id: number }; params: Bound[] };
  const statements = new Map<string, Prepared>();
  const ids: { id: number }[] = [];
  for (const row of rows as Record<string, unknown>[]) {
    const keys = Object.keys(row).filter((k) => row[k] !== undefined);
    const shape = keys.join(",");
    let prepared = statements.get(shape);
    if (!prepared) {
      const values = Object.fromEntries(keys.map((k) => [k, sql.placeholder(k)]));
      const insert = db.insert(table).values(values as T["$inferInsert"]);
      const query = insert.toSQL();
      // a row's value stays a Param holding its placeholder; a default bound as a parameter comes already mapped
      const params = query.params.map((p): Bound => {
        if (!is(p, Param)) return { constant: p };
        if (!is(p.value, Placeholder)) throw new Error(`insertRows: unexpected parameter in ${query.sql}`);
        return { name: p.value.name, encoder: p.encoder as Encoder };
      });
      const statement = db.$client.prepare(query.sql);
      prepared = { params, run: (...args) => ({ id: Number(statement.run(...args).lastInsertRowid) }) };
      statements.set(shape, prepared);
    }
    const args = prepared.params.map((bound) => {
      if ("constant" in bound) return bound.constant;
      const v = row[bound.name];
      if (is(v, SQL)) throw new Error("insertRows: SQL values are not supported");
      return v === null ? null : bound.encoder.mapToDriverValue(v);
    });
    ids.push(prepared.run(...args));
  }
  return ids;
}

/**
 * Bulk path of makeUser for large worlds (the bench's 10,000-trainee edition): the same row for each input
 * (userRow), written through insertRows; each distinct password is hashed once. Returns the new users' ids in
 * input order. Wrap it in a transaction (one per world).
 */
export async function makeUsers(db: Db, inputs: UserInput[]) {
  const hashesOf = new Map<string, string>();
  for (const p of new Set(inputs.map((i) => i.password).filter((p): p is string => Boolean(p)))) hashesOf.set(p, await cachedHash(p));
  const rows = inputs.map((i) => userRow(i, i.password ? (hashesOf.get(i.password) ?? null) : null));
  return insertRows(db, users, rows);
}

export function makeCourse(db: Db, input: { slug?: string; code?: string } = {}) {
  const slug = input.slug ?? "csec";
  const existing = db.select().from(courses).where(eq(courses.slug, slug)).get();
  if (existing) return existing;
  return db
    .insert(courses)
    .values({ slug, code: input.code ?? "CSEC" })
    .returning()
    .get();
}

/**
 * Noon (UTC) of today's calendar day where editions keep their dates by default (America/Montevideo): the
 * "today" the factories and the demo date things from. A plain `new Date()` is tomorrow there from 21:00 to
 * midnight local time (00:00–03:00 UTC), and "opens today" would read "opens tomorrow".
 */
export function institutesToday(now = new Date()): Date {
  return new Date(`${localDay(now, "America/Montevideo")}T12:00:00.000Z`);
}

const day = (base: Date, offset: number) => new Date(base.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

export function makeEdition(
  db: Db,
  input: {
    courseId: number;
    name?: string;
    status?: EditionStatus;
    today?: Date;
    instituteSignatoryId?: number | null;
    createdBy?: number | null;
  },
) {
  const today = input.today ?? institutesToday();
  return db
    .insert(editions)
    .values({
      courseId: input.courseId,
      name: input.name ?? String(today.getUTCFullYear() + 1),
      status: input.status ?? "nominations",
      nominationOpensOn: day(today, -21),
      nominationClosesOn: day(today, 60),
      onlineStartsOn: day(today, 90),
      onlineEndsOn: day(today, 180),
      faceToFaceStartsOn: day(today, 190),
      faceToFaceEndsOn: day(today, 240),
      assignmentDueOn: day(today, 175),
      instituteSignatoryId: input.instituteSignatoryId ?? null,
      createdBy: input.createdBy ?? null,
    })
    .returning()
    .get();
}

export function makeParticipation(
  db: Db,
  input: {
    editionId: number;
    stateCode: string;
    quota: number;
    agreementStatus?: AgreementStatus;
    signatoryName?: string;
    signatoryTitle?: string;
    signatoryInstitution?: string;
    venue?: string;
    /** the state's own face-to-face dates (YYYY-MM-DD), within the edition's window */
    startsOn?: string;
    endsOn?: string;
  },
) {
  return db
    .insert(participations)
    .values({
      editionId: input.editionId,
      stateCode: input.stateCode,
      quota: input.quota,
      agreementStatus: input.agreementStatus ?? "agreed",
      faceToFaceVenue: input.venue ?? null,
      faceToFaceStartsOn: input.startsOn ?? null,
      faceToFaceEndsOn: input.endsOn ?? null,
      signatoryName: input.signatoryName ?? null,
      signatoryTitle: input.signatoryTitle ?? null,
      signatoryInstitution: input.signatoryInstitution ?? null,
    })
    .returning()
    .get();
}

export function appointCoordinatorRow(db: Db, participationId: number, userId: number) {
  return db.insert(coordinatorAppointments).values({ participationId, userId }).returning().get();
}

export interface EnrolmentInput {
  editionId: number;
  participationId: number;
  userId: number;
  status?: EnrolmentStatus;
  nominatedBy?: number;
}

/** The enrolments row a factory writes for `input` (one rule for makeEnrolment and makeEnrolments). */
function enrolmentRow(input: EnrolmentInput, at: string): typeof enrolments.$inferInsert {
  const status = input.status ?? "enrolled";
  return {
    editionId: input.editionId,
    participationId: input.participationId,
    userId: input.userId,
    status,
    nominatedAt: at,
    nominatedBy: input.nominatedBy ?? null,
    enrolledAt: status === "enrolled" ? at : null,
  };
}

export function makeEnrolment(db: Db, input: EnrolmentInput) {
  return db.insert(enrolments).values(enrolmentRow(input, new Date().toISOString())).returning().get();
}

/** Bulk path of makeEnrolment (see makeUsers): the same rows (enrolmentRow); their ids in input order. */
export function makeEnrolments(db: Db, inputs: EnrolmentInput[]) {
  const at = new Date().toISOString();
  return insertRows(
    db,
    enrolments,
    inputs.map((i) => enrolmentRow(i, at)),
  );
}
