/**
 * Bring the past along (issue 13, section 5; ADR 011): earlier editions run on Moodle, imported from
 * three CSV exports — participants, their results, and the certificates mod_customcert issued with
 * their codes — all or nothing. The route reads and validates each file's rows (zod); this module
 * checks the files against each other and against what is stored, collects every problem with its
 * file and line, and writes nothing unless there are none; then one transaction, audited.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "~db/index.server";
import { certificates, legacyCertificates, legacyImportDrafts, legacyImports, legacyParticipants, states } from "~db/schema";
import type { Actor } from "~/auth/permissions";
import { DomainError } from "./accounts.server";
import { writeAudit } from "./audit.server";

export type LegacyFile = "users" | "results" | "certificates";

export interface LegacyRowError {
  file: LegacyFile;
  row: number;
  column: string | null;
  error: { key: string; values?: Record<string, string | number> };
}

export interface LegacyUserRow {
  username: string;
  firstname: string;
  lastname: string;
  email: string;
  institution?: string;
  country: string | null;
}
export interface LegacyResultRow {
  "email address": string;
  "course total (real)": number | null;
  timecompleted: string | null;
}
export interface LegacyCertificateRow {
  username: string;
  code: string;
  timecreated: string;
}

/** Rows that passed their file's schema, with their lines; `invalid` the schema's problems. */
export interface LegacyFiles {
  users: { rows: LegacyUserRow[]; lines: number[] };
  results: { rows: LegacyResultRow[]; lines: number[] };
  certificates: { rows: LegacyCertificateRow[]; lines: number[] };
  invalid: LegacyRowError[];
}

export class LegacyImportError extends Error {
  constructor(public rows: LegacyRowError[]) {
    super("legacy import refused");
  }
}

export interface LegacyCounts {
  participants: number;
  results: number;
  completed: number;
  certificates: number;
}

/** Every problem of the three files together (schema problems included), sorted by file and line. */
function checkFiles(db: Db | Tx, files: LegacyFiles): LegacyRowError[] {
  const errors: LegacyRowError[] = [...files.invalid];
  const err = (file: LegacyFile, row: number, column: string | null, key: string, values?: Record<string, string | number>) =>
    errors.push({ file, row, column, error: { key, values } });

  const byUsername = new Map<string, number>();
  const byEmail = new Map<string, number>();
  files.users.rows.forEach((u, i) => {
    const row = files.users.lines[i]!;
    const dupUser = byUsername.get(u.username);
    if (dupUser) err("users", row, "username", "editions:legacy.errors.duplicate", { row: dupUser });
    else byUsername.set(u.username, row);
    const dupEmail = byEmail.get(u.email);
    if (dupEmail) err("users", row, "email", "editions:legacy.errors.duplicate", { row: dupEmail });
    else byEmail.set(u.email, row);
  });

  const resultFor = new Map<string, number>();
  files.results.rows.forEach((r, i) => {
    const row = files.results.lines[i]!;
    const email = r["email address"];
    if (!byEmail.has(email)) err("results", row, "email address", "editions:legacy.errors.unknownPerson");
    const dup = resultFor.get(email);
    if (dup) err("results", row, "email address", "editions:legacy.errors.duplicate", { row: dup });
    else resultFor.set(email, row);
  });

  const codes = new Map<string, number>();
  files.certificates.rows.forEach((c, i) => {
    const row = files.certificates.lines[i]!;
    if (!byUsername.has(c.username)) err("certificates", row, "username", "editions:legacy.errors.unknownPerson");
    const dup = codes.get(c.code.toUpperCase());
    if (dup) err("certificates", row, "code", "editions:legacy.errors.duplicate", { row: dup });
    else codes.set(c.code.toUpperCase(), row);
  });
  // a code already known (an earlier import, or a certificate of this platform) would verify two things
  const all = [...codes.keys()];
  for (let i = 0; i < all.length; i += 500) {
    const chunk = all.slice(i, i + 500);
    const taken = [
      ...db
        .select({ code: legacyCertificates.code })
        .from(legacyCertificates)
        .where(inArray(sql`upper(${legacyCertificates.code})`, chunk))
        .all(),
      ...db.select({ code: certificates.verificationCode }).from(certificates).where(inArray(certificates.verificationCode, chunk)).all(),
    ];
    for (const t of taken) err("certificates", codes.get(t.code.toUpperCase())!, "code", "editions:legacy.errors.codeTaken", { code: t.code });
  }
  const order: LegacyFile[] = ["users", "results", "certificates"];
  return errors.sort((a, b) => order.indexOf(a.file) - order.indexOf(b.file) || a.row - b.row);
}

function countsOf(files: LegacyFiles): LegacyCounts {
  return {
    participants: files.users.rows.length,
    results: files.results.rows.length,
    completed: files.results.rows.filter((r) => r.timecompleted).length,
    certificates: files.certificates.rows.length,
  };
}

/**
 * Checks the three files (nothing is written but the draft, for the import that follows): their
 * counts, or every problem with its file and line.
 */
export function checkMoodleImport({ db, files }: { db: Db; files: LegacyFiles }): { ok: true; counts: LegacyCounts } | { ok: false; errors: LegacyRowError[] } {
  const errors = checkFiles(db, files);
  return errors.length ? { ok: false, errors } : { ok: true, counts: countsOf(files) };
}

/** Keeps the three files between "check" and "import" (only their author may import them). */
export function saveImportDraft({
  db,
  actor,
  courseName,
  editionLabel,
  texts,
}: {
  db: Db;
  actor: Actor;
  courseName: string;
  editionLabel: string;
  texts: Record<LegacyFile, string>;
}): { draftId: number } {
  const row = db
    .insert(legacyImportDrafts)
    .values({
      createdBy: actor.id,
      createdAt: new Date().toISOString(),
      courseName,
      editionLabel,
      usersCsv: texts.users,
      resultsCsv: texts.results,
      certificatesCsv: texts.certificates,
    })
    .returning({ id: legacyImportDrafts.id })
    .get();
  return { draftId: row.id };
}

/** The author's draft, or a DomainError. */
export function loadImportDraft({ db, actor, draftId }: { db: Db | Tx; actor: Actor; draftId: number }) {
  const draft = db
    .select()
    .from(legacyImportDrafts)
    .where(and(eq(legacyImportDrafts.id, draftId), eq(legacyImportDrafts.createdBy, actor.id)))
    .get();
  if (!draft) throw new DomainError("editions:legacy.errors.draftGone");
  return draft;
}

/**
 * Imports a checked draft: re-checks the files (something may have been imported since), then writes
 * the import, its participants with their results, and its certificates in one transaction with one
 * audit entry, and deletes the draft. Throws LegacyImportError with every problem, writing nothing.
 */
export function importMoodleHistory({
  db,
  actor,
  draftId,
  files,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  draftId: number;
  files: LegacyFiles;
  now?: Date;
}): { importId: number; counts: LegacyCounts } {
  return db.transaction(
    (tx) => {
      const draft = loadImportDraft({ db: tx, actor, draftId });
      const errors = checkFiles(tx, files);
      if (errors.length) throw new LegacyImportError(errors);
      const counts = countsOf(files);
      const oas = new Set(tx.select({ code: states.code }).from(states).all().map((s) => s.code));
      const imported = tx
        .insert(legacyImports)
        .values({
          courseName: draft.courseName,
          editionLabel: draft.editionLabel,
          participants: counts.participants,
          results: counts.results,
          certificates: counts.certificates,
          importedBy: actor.id,
          importedAt: now.toISOString(),
        })
        .returning({ id: legacyImports.id })
        .get();
      const results = new Map(files.results.rows.map((r) => [r["email address"], r]));
      const ids = new Map<string, { id: number; name: string }>();
      for (const u of files.users.rows) {
        const r = results.get(u.email);
        const p = tx
          .insert(legacyParticipants)
          .values({
            importId: imported.id,
            username: u.username,
            firstName: u.firstname,
            lastName: u.lastname,
            email: u.email,
            institution: u.institution ?? null,
            stateCode: u.country && oas.has(u.country) ? u.country : null,
            grade: r?.["course total (real)"] ?? null,
            completedOn: r?.timecompleted ? r.timecompleted.slice(0, 10) : null,
          })
          .returning({ id: legacyParticipants.id })
          .get();
        ids.set(u.username, { id: p.id, name: `${u.firstname} ${u.lastname}`.normalize("NFC") });
      }
      for (const c of files.certificates.rows) {
        const holder = ids.get(c.username)!;
        tx.insert(legacyCertificates).values({ importId: imported.id, participantId: holder.id, code: c.code, holderName: holder.name, issuedAt: c.timecreated }).run();
      }
      tx.delete(legacyImportDrafts).where(eq(legacyImportDrafts.id, draft.id)).run();
      writeAudit(tx, {
        actorId: actor.id,
        action: "legacy.import",
        entityType: "legacyImport",
        entityId: imported.id,
        after: { source: "moodle", courseName: draft.courseName, editionLabel: draft.editionLabel, ...counts },
      });
      return { importId: imported.id, counts };
    },
    { behavior: "immediate" },
  );
}

/** The imports so far, newest first, for the import page. */
export function listLegacyImports(db: Db) {
  return db.select().from(legacyImports).orderBy(desc(legacyImports.id)).all();
}

/** A legacy certificate by its code (exactly, or ignoring case when that names one): only what verifies it. */
export function verifyLegacyCertificate(db: Db, rawCode: string) {
  const code = rawCode.trim();
  if (!/^[A-Za-z0-9-]{4,40}$/.test(code)) return null;
  const select = () =>
    db
      .select({
        code: legacyCertificates.code,
        holderName: legacyCertificates.holderName,
        issuedAt: legacyCertificates.issuedAt,
        holderErasedAt: legacyCertificates.holderErasedAt,
        courseName: legacyImports.courseName,
        editionLabel: legacyImports.editionLabel,
      })
      .from(legacyCertificates)
      .innerJoin(legacyImports, eq(legacyImports.id, legacyCertificates.importId));
  const exact = select().where(eq(legacyCertificates.code, code)).get();
  if (exact) return exact;
  const loose = select()
    .where(sql`upper(${legacyCertificates.code}) = ${code.toUpperCase()}`)
    .limit(2)
    .all();
  return loose.length === 1 ? loose[0]! : null;
}
