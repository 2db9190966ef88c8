/**
 * A person's data: everything the platform holds about one person, exported as one ZIP; erasure of
 * that person on request; and the retention of submissions and emails after an edition closes.
 * The decisions (what erasure keeps, what verification then shows) are in docs/decisions/012.
 */
import { and, eq, inArray, isNotNull, lt, lte, or, sql } from "drizzle-orm";
import { zipSync } from "fflate";
import type { Db, Tx } from "~db/index.server";
import {
  assignmentSubmissions,
  attendance,
  auditLog,
  authTokens,
  certificateApprovals,
  certificates,
  coordinatorAppointments,
  editions,
  emailOutbox,
  enrolments,
  faceToFaceAssessments,
  faceToFaceSessions,
  forumPosts,
  legacyCertificates,
  legacyImports,
  legacyParticipants,
  moduleProgress,
  participations,
  quizAttempts,
  sessions,
  settings,
  signInAttempts,
  users,
} from "~db/schema";
import { DomainError } from "./accounts.server";
import { writeAudit } from "./audit.server";
import { CertificateIntegrityError, certificatePdf } from "./certificates/render.server";
import { safeFileName } from "./file-names";
import { maskSignInLinks } from "./outbox.server";

// ---------------------------------------------------------------------------------------------
// Export

/** The files of a person's export: name in the ZIP → bytes. JSON files are pretty-printed UTF-8. */
export type PersonExport = Record<string, Uint8Array>;

const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);

/**
 * Everything the platform holds about one person, as files: their profile, enrolments (with
 * progress, quiz attempts, submission, attendance, assessment, approvals), certificates (record,
 * PDF and credential), coordination appointments, forum posts, audit entries about them or by them,
 * and the emails sent to them (sign-in links masked: the export must not sign anyone in).
 */
export async function exportPersonData({ db, userId }: { db: Db; userId: number }): Promise<PersonExport> {
  const person = db.select().from(users).where(eq(users.id, userId)).get();
  if (!person) throw new DomainError("privacy.errors.notFound");
  const files: PersonExport = {};

  const { passwordHash, signaturePng, ...profile } = person;
  files["person.json"] = json({ ...profile, hasPassword: passwordHash != null, hasSignature: signaturePng != null });
  if (signaturePng) files["signature.png"] = new Uint8Array(signaturePng);

  const mine = db
    .select({ enrolment: enrolments, editionName: editions.name, stateCode: participations.stateCode })
    .from(enrolments)
    .innerJoin(editions, eq(editions.id, enrolments.editionId))
    .innerJoin(participations, eq(participations.id, enrolments.participationId))
    .where(eq(enrolments.userId, userId))
    .all();
  const enrolmentIds = mine.map((m) => m.enrolment.id);
  const inMine = <T extends { enrolmentId: number }>(rows: T[]) => (id: number) => rows.filter((r) => r.enrolmentId === id);
  const any = enrolmentIds.length > 0;
  const progress = any ? db.select().from(moduleProgress).where(inArray(moduleProgress.enrolmentId, enrolmentIds)).all() : [];
  const attempts = any ? db.select().from(quizAttempts).where(inArray(quizAttempts.enrolmentId, enrolmentIds)).all() : [];
  const submissions = any
    ? db.select().from(assignmentSubmissions).where(inArray(assignmentSubmissions.enrolmentId, enrolmentIds)).all()
    : [];
  const presence = any
    ? db
        .select({
          enrolmentId: attendance.enrolmentId,
          sessionDate: faceToFaceSessions.date,
          startTime: faceToFaceSessions.startTime,
          endTime: faceToFaceSessions.endTime,
          hours: faceToFaceSessions.hours,
          status: attendance.status,
          recordedAt: attendance.recordedAt,
        })
        .from(attendance)
        .innerJoin(faceToFaceSessions, eq(faceToFaceSessions.id, attendance.sessionId))
        .where(inArray(attendance.enrolmentId, enrolmentIds))
        .all()
    : [];
  const assessments = any
    ? db.select().from(faceToFaceAssessments).where(inArray(faceToFaceAssessments.enrolmentId, enrolmentIds)).all()
    : [];
  const approvals = any
    ? db.select().from(certificateApprovals).where(inArray(certificateApprovals.enrolmentId, enrolmentIds)).all()
    : [];
  const certs = any ? db.select().from(certificates).where(inArray(certificates.enrolmentId, enrolmentIds)).all() : [];

  files["enrolments.json"] = json(
    mine.map(({ enrolment, editionName, stateCode }) => ({
      edition: editionName,
      state: stateCode,
      ...enrolment,
      moduleProgress: inMine(progress)(enrolment.id),
      quizAttempts: inMine(attempts)(enrolment.id),
      assignment: inMine(submissions)(enrolment.id).map(({ fileData, ...s }) => ({
        ...s,
        file: fileData && s.fileName ? `files/assignment-${enrolment.id}-${safeFileName(s.fileName, "assignment")}` : null,
      })),
      attendance: inMine(presence)(enrolment.id),
      faceToFaceAssessment: inMine(assessments)(enrolment.id)[0] ?? null,
      certificateApprovals: inMine(approvals)(enrolment.id),
    })),
  );
  for (const s of submissions) {
    if (s.fileData && s.fileName) {
      files[`files/assignment-${s.enrolmentId}-${safeFileName(s.fileName, "assignment")}`] = new Uint8Array(s.fileData);
    }
  }

  files["certificates.json"] = json(
    certs.map(({ credential, renderContext, instituteSignatory, stateSignatory, ...c }) => ({
      ...c,
      instituteSignatory: { ...instituteSignatory, signaturePngBase64: undefined },
      stateSignatory: { ...stateSignatory, signaturePngBase64: undefined },
      pdf: c.holderErasedAt ? null : `certificates/${c.serial}.pdf`,
      credential: credential ? `certificates/${c.serial}.json` : null,
    })),
  );
  for (const c of certs) {
    if (c.credential) files[`certificates/${c.serial}.json`] = json(c.credential);
    if (c.holderErasedAt) continue;
    try {
      files[`certificates/${c.serial}.pdf`] = await certificatePdf(db, c);
    } catch (err) {
      // an integrity failure is the platform's problem, not a reason to withhold the rest
      if (!(err instanceof CertificateIntegrityError)) throw err;
    }
  }

  files["coordination.json"] = json(
    db
      .select({ edition: editions.name, state: participations.stateCode, appointedAt: coordinatorAppointments.createdAt })
      .from(coordinatorAppointments)
      .innerJoin(participations, eq(participations.id, coordinatorAppointments.participationId))
      .innerJoin(editions, eq(editions.id, participations.editionId))
      .where(eq(coordinatorAppointments.userId, userId))
      .all(),
  );
  files["forum-posts.json"] = json(db.select().from(forumPosts).where(eq(forumPosts.authorId, userId)).all());
  files["audit.json"] = json(auditAbout(db, userId, enrolmentIds, certs.map((c) => c.id)));
  files["moodle.json"] = json(
    legacyRecordsOf(db, person.email).map(({ participant, courseName, editionLabel, importedAt }) => ({
      course: courseName,
      edition: editionLabel,
      importedAt,
      ...participant,
      certificates: db.select().from(legacyCertificates).where(eq(legacyCertificates.participantId, participant.id)).all(),
    })),
  );
  files["emails.json"] = json(
    db
      .select({
        subject: emailOutbox.subject,
        text: emailOutbox.text,
        kind: emailOutbox.kind,
        locale: emailOutbox.locale,
        createdAt: emailOutbox.createdAt,
        sentAt: emailOutbox.sentAt,
      })
      .from(emailOutbox)
      .where(eq(emailOutbox.to, person.email))
      .all()
      .map((m) => ({ ...m, text: maskSignInLinks(m.text) })),
  );
  return files;
}

/**
 * The person's records imported from Moodle (ADR 011): the participants with the same email, compared
 * without case (ADR 012: a name alone does not say who a Moodle participant was; an email does).
 */
function legacyRecordsOf(db: Db | Tx, email: string) {
  return db
    .select({ participant: legacyParticipants, courseName: legacyImports.courseName, editionLabel: legacyImports.editionLabel, importedAt: legacyImports.importedAt })
    .from(legacyParticipants)
    .innerJoin(legacyImports, eq(legacyImports.id, legacyParticipants.importId))
    .where(sql`lower(${legacyParticipants.email}) = lower(${email})`)
    .orderBy(legacyParticipants.id)
    .all();
}

/** Audit entries by the person, or about them, their enrolments or their certificates. */
function auditAbout(db: Db, userId: number, enrolmentIds: number[], certificateIds: number[]) {
  const about = [
    eq(auditLog.actorId, userId),
    and(eq(auditLog.entityType, "user"), eq(auditLog.entityId, userId)),
    enrolmentIds.length ? and(eq(auditLog.entityType, "enrolment"), inArray(auditLog.entityId, enrolmentIds)) : undefined,
    certificateIds.length ? and(eq(auditLog.entityType, "certificate"), inArray(auditLog.entityId, certificateIds)) : undefined,
  ].filter((c) => c !== undefined);
  return db
    .select()
    .from(auditLog)
    .where(or(...about))
    .orderBy(auditLog.id)
    .all();
}

/**
 * The export as one ZIP (fixed timestamps, so the same data gives the same archive), or null when
 * there is no such person. Who exported whose data is audited.
 */
export async function personExportZip({ db, userId, actorId }: { db: Db; userId: number; actorId: number | null }): Promise<Uint8Array | null> {
  if (!db.select({ id: users.id }).from(users).where(eq(users.id, userId)).get()) return null;
  const files = await exportPersonData({ db, userId });
  writeAudit(db, { actorId, action: "user.export", entityType: "user", entityId: userId });
  return zipSync(files, { mtime: new Date("2000-01-01T00:00:00Z") });
}

// ---------------------------------------------------------------------------------------------
// Erasure

/** What an erased person's name becomes: no language's word, so every page shows the same mark. */
export const erasedName = (userId: number) => `— #${userId}`;
export const erasedEmail = (userId: number) => `erased-${userId}@erased.invalid`;

export interface ErasureSummary {
  certificates: number;
  submissions: number;
  emails: number;
  /** Rows elsewhere (audit entries, texts written by others) where the name or email was replaced. */
  mentions: number;
}

/** Why a person cannot be erased now (null: they can). */
export function erasureBlocker(db: Db | Tx, actorId: number, userId: number): string | null {
  const person = db.select({ id: users.id, erasedAt: users.erasedAt }).from(users).where(eq(users.id, userId)).get();
  if (!person) return "privacy.errors.notFound";
  if (person.erasedAt) return "privacy.errors.alreadyErased";
  if (userId === actorId) return "privacy.errors.self";
  const signs = db
    .select({ id: editions.id })
    .from(editions)
    .where(and(eq(editions.instituteSignatoryId, userId), sql`${editions.status} <> 'closed'`))
    .get();
  if (signs) return "privacy.errors.signatory";
  return null;
}

/**
 * Erases a person on request, in one transaction: their account becomes a disabled placeholder
 * (name, email, password, profile, signature gone; sessions and links ended), free texts about them
 * are cleared (withdrawal and override reasons, submission texts and files, assessment comments,
 * forum posts), emails to them are deleted, and every other mention of their name or email in any
 * table is replaced. Kept, so that reports and issued certificates stay true: the rows themselves
 * (enrolment status, results, scores, attendance marks) and each certificate's serial, code, dates,
 * state and SHA-256 — the certificate is marked as its holder's data erased (docs/decisions/012).
 */
export function erasePerson({
  db,
  actorId,
  userId,
  reason,
  now = new Date(),
}: {
  db: Db;
  actorId: number;
  userId: number;
  reason: string;
  now?: Date;
}): ErasureSummary {
  const at = now.toISOString();
  return db.transaction(
    (tx) => {
      const blocker = erasureBlocker(tx, actorId, userId);
      if (blocker) throw new DomainError(blocker);
      const person = tx.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, userId)).get()!;

      tx.update(users)
        .set({
          name: erasedName(userId),
          email: erasedEmail(userId),
          status: "disabled",
          passwordHash: null,
          locale: null,
          institution: null,
          position: null,
          signatoryTitle: null,
          signaturePng: null,
          erasedAt: at,
          updatedAt: at,
        })
        .where(eq(users.id, userId))
        .run();
      tx.delete(sessions).where(eq(sessions.userId, userId)).run();
      tx.delete(authTokens).where(eq(authTokens.userId, userId)).run();
      tx.delete(signInAttempts).where(eq(signInAttempts.email, person.email)).run();

      const ids = tx.select({ id: enrolments.id }).from(enrolments).where(eq(enrolments.userId, userId)).all().map((e) => e.id);
      let submissionCount = 0;
      let certificateCount = 0;
      // the names the person went by here: the account's, and any other a certificate was issued in
      // (a name corrected at re-issue: the revoked certificate and its audit entries hold the old one)
      const names = new Map([[person.name.toLowerCase(), person.name]]);
      if (ids.length) {
        for (const c of tx.select({ name: certificates.traineeName }).from(certificates).where(inArray(certificates.enrolmentId, ids)).all()) {
          if (c.name.trim() && !names.has(c.name.toLowerCase())) names.set(c.name.toLowerCase(), c.name);
        }
      }
      if (ids.length) {
        tx.update(enrolments)
          .set({ withdrawnReason: null, onlineResultOverrideReason: null })
          .where(inArray(enrolments.id, ids))
          .run();
        submissionCount = tx
          .update(assignmentSubmissions)
          .set({ body: null, fileName: null, fileData: null, fileSize: null, feedback: null })
          .where(inArray(assignmentSubmissions.enrolmentId, ids))
          .run().changes;
        tx.update(faceToFaceAssessments).set({ comment: null }).where(inArray(faceToFaceAssessments.enrolmentId, ids)).run();
        // the certificate's frozen texts name the holder (the PDF's title): replaced like any mention
        const own = tx
          .select({ id: certificates.id, renderContext: certificates.renderContext })
          .from(certificates)
          .where(inArray(certificates.enrolmentId, ids))
          .all();
        for (const c of own) {
          const renderContext = c.renderContext
            ? (JSON.parse(
                [...names.values()].reduce((text, name) => replaceAllMentions(text, name, erasedName(userId)), JSON.stringify(c.renderContext)),
              ) as typeof c.renderContext)
            : null;
          tx.update(certificates)
            .set({ traineeName: "", credential: null, renderContext, holderErasedAt: at })
            .where(eq(certificates.id, c.id))
            .run();
        }
        certificateCount = own.length;
      }
      tx.update(forumPosts)
        .set({ body: "", hiddenAt: sql`coalesce(${forumPosts.hiddenAt}, ${at})` })
        .where(eq(forumPosts.authorId, userId))
        .run();
      tx.update(participations)
        .set({ signatoryName: null, signatoryTitle: null, signatorySignaturePng: null })
        .where(eq(participations.signatoryUserId, userId))
        .run();
      // their records imported from Moodle (matched by email): the identity goes, grades, dates and
      // codes stay, and their old certificates verify as "holder's data erased" (ADR 012)
      for (const { participant } of legacyRecordsOf(tx, person.email)) {
        tx.update(legacyParticipants)
          .set({ username: `erased-${participant.id}`, firstName: erasedName(userId), lastName: "", email: erasedEmail(userId), institution: null })
          .where(eq(legacyParticipants.id, participant.id))
          .run();
        certificateCount += tx
          .update(legacyCertificates)
          .set({ holderName: "", holderErasedAt: at })
          .where(eq(legacyCertificates.participantId, participant.id))
          .run().changes;
      }
      const emails = tx.delete(emailOutbox).where(eq(emailOutbox.to, person.email)).run().changes;
      let mentions = replaceMentions(db.$client, person.email, erasedName(userId), {});
      for (const name of names.values()) mentions += replaceMentions(db.$client, name, erasedName(userId), namesakeRows(tx, userId, name));

      writeAudit(tx, {
        actorId,
        action: "user.erase",
        entityType: "user",
        entityId: userId,
        after: { erasedAt: at, reason },
      });
      return { certificates: certificateCount, submissions: submissionCount, emails, mentions };
    },
    { behavior: "immediate" },
  );
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Columns that name other people, or that are the signed content of issued certificates: a namesake's
 * name is theirs to keep, and a signatory's name printed on others' certificates stays (ADR 012).
 */
const NOT_MENTIONS = new Set([
  "users.name",
  "users.email",
  "certificates.trainee_name",
  "certificates.institute_signatory",
  "certificates.state_signatory",
  "certificates.credential",
  "certificates.render_context",
  // a Moodle certificate's holder is matched by email, above: a namesake's old certificate is theirs
  "legacy_certificates.holder_name",
]);

/**
 * Replaces every mention of the given texts, as whole words and case-insensitively, in every text
 * column of every table (audit entries' before/after values, other people's posts, emails to others…)
 * but those in NOT_MENTIONS. Read from the schema, so a table added later is covered without a change
 * here. JSON columns hold texts escaped: each text is also searched in its JSON-escaped form. Runs on
 * the connection of the caller's transaction (better-sqlite3 is synchronous: same connection, same
 * transaction).
 */
const needlesOf = (text: string) => [...new Set([text, JSON.stringify(text).slice(1, -1)])].filter((t) => t.trim().length >= 3);
const patternOf = (needle: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(needle)}(?![\\p{L}\\p{N}])`, "giu");

/** `value` with every whole-word mention of `text` (plain or JSON-escaped) replaced. */
function replaceAllMentions(value: string, text: string, replacement: string): string {
  return needlesOf(text).reduce((v, n) => v.replace(patternOf(n), replacement), value);
}

function replaceMentions(client: Db["$client"], text: string, replacement: string, keep: Record<string, Set<number>>): number {
  const needles = needlesOf(text);
  const tables = client
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'")
    .pluck()
    .all() as string[];
  let changed = 0;
  for (const table of tables) {
    const columns = (client.prepare(`pragma table_info("${table}")`).all() as { name: string; type: string }[])
      .filter((c) => /text/i.test(c.type) && !NOT_MENTIONS.has(`${table}.${c.name}`))
      .map((c) => c.name);
    for (const column of columns) {
      for (const needle of needles) {
        const rows = client
          .prepare(`select rowid as id, "${column}" as v from "${table}" where instr(lower("${column}"), lower(?)) > 0`)
          .all(needle) as { id: number; v: string }[];
        for (const row of rows) {
          if (keep[table]?.has(row.id)) continue;
          const v = replaceAllMentions(row.v, text, replacement);
          if (v !== row.v) {
            client.prepare(`update "${table}" set "${column}" = ? where rowid = ?`).run(v, row.id);
            changed++;
          }
        }
      }
    }
  }
  return changed;
}

/**
 * Rows that belong to someone else with the same name (case-insensitive): the emails sent to them and
 * the audit entries about them, their enrolments or their certificates. Their name there is theirs.
 */
function namesakeRows(tx: Tx, userId: number, name: string): Record<string, Set<number>> {
  const others = tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(sql`lower(${users.name}) = lower(${name})`, sql`${users.id} <> ${userId}`))
    .all();
  if (others.length === 0) return {};
  const ids = others.map((o) => o.id);
  const theirEnrolments = tx.select({ id: enrolments.id }).from(enrolments).where(inArray(enrolments.userId, ids)).all().map((e) => e.id);
  const theirCertificates = theirEnrolments.length
    ? tx.select({ id: certificates.id }).from(certificates).where(inArray(certificates.enrolmentId, theirEnrolments)).all().map((c) => c.id)
    : [];
  const emails = tx
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(inArray(emailOutbox.to, others.map((o) => o.email)))
    .all();
  const entries = tx
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(
      or(
        and(eq(auditLog.entityType, "user"), inArray(auditLog.entityId, ids)),
        theirEnrolments.length ? and(eq(auditLog.entityType, "enrolment"), inArray(auditLog.entityId, theirEnrolments)) : undefined,
        theirCertificates.length ? and(eq(auditLog.entityType, "certificate"), inArray(auditLog.entityId, theirCertificates)) : undefined,
      ),
    )
    .all();
  return { email_outbox: new Set(emails.map((e) => e.id)), audit_log: new Set(entries.map((e) => e.id)) };
}

/** What the admin's person page shows: who, and how much the platform holds about them. */
export function personSummary({ db, userId }: { db: Db; userId: number }) {
  const person = db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      status: users.status,
      erasedAt: users.erasedAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!person) return null;
  const count = (q: { get: () => { n: number } | undefined }) => q.get()?.n ?? 0;
  const n = sql<number>`count(*)`;
  return {
    person,
    counts: {
      enrolments: count(db.select({ n }).from(enrolments).where(eq(enrolments.userId, userId))),
      certificates: count(
        db
          .select({ n })
          .from(certificates)
          .innerJoin(enrolments, eq(enrolments.id, certificates.enrolmentId))
          .where(eq(enrolments.userId, userId)),
      ),
      emails: count(db.select({ n }).from(emailOutbox).where(eq(emailOutbox.to, person.email))),
      audit: count(db.select({ n }).from(auditLog).where(or(eq(auditLog.actorId, userId), and(eq(auditLog.entityType, "user"), eq(auditLog.entityId, userId))))),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Retention

export interface RetentionSettings {
  /** Days after a closed edition's last day that assignment files and texts are kept; null: kept. */
  submissionsDays: number | null;
  /** Days an email is kept in the outbox; null: kept. */
  emailsDays: number | null;
}

const RETENTION_KEY = "retention";
export const DEFAULT_RETENTION: RetentionSettings = { submissionsDays: 365, emailsDays: 365 };

export function retentionSettings(db: Db): RetentionSettings {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, RETENTION_KEY)).get();
  return { ...DEFAULT_RETENTION, ...((row?.value as Partial<RetentionSettings> | undefined) ?? {}) };
}

export function saveRetentionSettings({ db, actorId, value }: { db: Db; actorId: number; value: RetentionSettings }): void {
  db.transaction(
    (tx) => {
      const before = tx.select({ value: settings.value }).from(settings).where(eq(settings.key, RETENTION_KEY)).get();
      const at = new Date().toISOString();
      tx.insert(settings)
        .values({ key: RETENTION_KEY, value, updatedAt: at, updatedBy: actorId })
        .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: at, updatedBy: actorId } })
        .run();
      writeAudit(tx, { actorId, action: "settings.retention", entityType: "settings", before: before?.value ?? DEFAULT_RETENTION, after: value });
    },
    { behavior: "immediate" },
  );
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000);

/** Submissions whose files and texts are past retention: of editions closed whose last day is old enough. */
function expiredSubmissions(db: Db | Tx, r: RetentionSettings, now: Date) {
  if (r.submissionsDays == null) return [];
  const lastDay = isoDay(daysBefore(now, r.submissionsDays));
  return db
    .select({ id: assignmentSubmissions.id })
    .from(assignmentSubmissions)
    .innerJoin(enrolments, eq(enrolments.id, assignmentSubmissions.enrolmentId))
    .innerJoin(editions, eq(editions.id, enrolments.editionId))
    .where(
      and(
        eq(editions.status, "closed"),
        lte(editions.faceToFaceEndsOn, lastDay),
        or(isNotNull(assignmentSubmissions.fileData), isNotNull(assignmentSubmissions.body)),
      ),
    )
    .all()
    .map((s) => s.id);
}

function expiredEmails(r: RetentionSettings, now: Date) {
  if (r.emailsDays == null) return undefined;
  return lt(emailOutbox.createdAt, daysBefore(now, r.emailsDays).toISOString());
}

/** What applying the retention now would remove. */
export function retentionPreview({ db, now = new Date() }: { db: Db; now?: Date }) {
  const r = retentionSettings(db);
  const emailsOlder = expiredEmails(r, now);
  return {
    settings: r,
    submissions: expiredSubmissions(db, r, now).length,
    emails: emailsOlder ? (db.select({ n: sql<number>`count(*)` }).from(emailOutbox).where(emailsOlder).get()?.n ?? 0) : 0,
  };
}

/**
 * Applies the retention: clears expired submissions' files and texts (scores and results stay, so
 * reports do not change) and deletes expired emails. Audited when it removed anything. Runs daily
 * in the server (scripts/start.ts) and on demand from the admin's privacy page.
 */
export function applyRetention({ db, actorId = null, now = new Date() }: { db: Db; actorId?: number | null; now?: Date }) {
  return db.transaction(
    (tx) => {
      const r = retentionSettings(db);
      const ids = expiredSubmissions(tx, r, now);
      for (let i = 0; i < ids.length; i += 500) {
        tx.update(assignmentSubmissions)
          .set({ body: null, fileData: null, fileName: null, fileSize: null })
          .where(inArray(assignmentSubmissions.id, ids.slice(i, i + 500)))
          .run();
      }
      const emailsOlder = expiredEmails(r, now);
      const emails = emailsOlder ? tx.delete(emailOutbox).where(emailsOlder).run().changes : 0;
      const done = { submissions: ids.length, emails };
      if (done.submissions || done.emails) {
        writeAudit(tx, { actorId, action: "retention.apply", entityType: "settings", after: { ...done, settings: r } });
      }
      return done;
    },
    { behavior: "immediate" },
  );
}
