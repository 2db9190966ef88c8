/**
 * The final assignment: one current submission per enrolment (text and/or one document), resubmitted
 * until a tutor grades it; graded with a score, pass/fail and feedback; the trainee is told by email.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "~db/index.server";
import { assignmentSubmissions, enrolments, type Locale, users } from "~db/schema";
import { fixedT } from "~/i18n/i18n.server";
import { deliverOutbox, queueEmail, writeEmail } from "~/mail.server";
import { participationFacts } from "./email-context.server";
import { DomainError, publicUrl } from "./accounts.server";
import { writeAudit } from "./audit.server";
import type { StudyEnrolment } from "./online-access.server";
import { assignmentOpen, assignmentState, MAX_ASSIGNMENT_TEXT } from "./online-rules";
import { inspectDocument } from "./document-check.server";
import { type DocumentType, MAX_ASSIGNMENT_BYTES, safeFileName } from "./upload-check";


const publicColumns = {
  id: assignmentSubmissions.id,
  enrolmentId: assignmentSubmissions.enrolmentId,
  body: assignmentSubmissions.body,
  fileName: assignmentSubmissions.fileName,
  fileType: assignmentSubmissions.fileType,
  fileSize: assignmentSubmissions.fileSize,
  submittedAt: assignmentSubmissions.submittedAt,
  gradedAt: assignmentSubmissions.gradedAt,
  score: assignmentSubmissions.score,
  passed: assignmentSubmissions.passed,
  feedback: assignmentSubmissions.feedback,
};

/** The current submission without the file's bytes (what pages show). */
export function findSubmission(db: Db, enrolmentId: number) {
  return db.select(publicColumns).from(assignmentSubmissions).where(eq(assignmentSubmissions.enrolmentId, enrolmentId)).get() ?? null;
}

export type Submission = NonNullable<ReturnType<typeof findSubmission>>;

export function assignmentPage({ db, enrolment, now = new Date() }: { db: Db; enrolment: StudyEnrolment; now?: Date }) {
  const submission = findSubmission(db, enrolment.enrolmentId);
  return {
    submission,
    state: assignmentState(submission),
    open: enrolment.status === "enrolled" && assignmentOpen(enrolment.edition, now),
    dueOn: enrolment.edition.assignmentDueOn ?? enrolment.edition.onlineEndsOn,
    startsOn: enrolment.edition.onlineStartsOn,
    closed: enrolment.edition.onlineClosedAt !== null,
  };
}

export interface UploadedDocument {
  name: string;
  bytes: Uint8Array;
}

/** Checks an uploaded file by its content; returns its detected type or refuses with a translated error. */
export function checkDocument(file: UploadedDocument): DocumentType {
  if (file.bytes.byteLength > MAX_ASSIGNMENT_BYTES) {
    throw new DomainError("course:assignment.errors.tooLarge", "file", { mb: MAX_ASSIGNMENT_BYTES / 1024 / 1024 });
  }
  const checked = inspectDocument(file.bytes); // type from the bytes; office files within ZIP bounds
  if (!checked.ok) throw new DomainError(`course:assignment.errors.${checked.reason}`, "file");
  const type = checked.type;
  return type;
}

/**
 * Stores (or replaces) the trainee's submission. A new file replaces the old one; without a new
 * file the previous one is kept unless `removeFile`. Refused once graded, or outside the dates.
 */
export function submitAssignment({
  db,
  actorId,
  enrolment,
  body,
  file,
  removeFile = false,
  now = new Date(),
}: {
  db: Db;
  actorId: number;
  enrolment: StudyEnrolment;
  body: string | undefined;
  file: UploadedDocument | null;
  removeFile?: boolean;
  now?: Date;
}): void {
  if (enrolment.status !== "enrolled" || !assignmentOpen(enrolment.edition, now)) {
    throw new DomainError("course:assignment.errors.closed");
  }
  const text = body?.trim() ? body.trim() : null;
  if (text && text.length > MAX_ASSIGNMENT_TEXT) {
    throw new DomainError("errors.tooLong", "body", { max: MAX_ASSIGNMENT_TEXT });
  }
  const type = file ? checkDocument(file) : null;
  db.transaction((tx) => {
    const existing = tx
      .select({ id: assignmentSubmissions.id, gradedAt: assignmentSubmissions.gradedAt, fileName: assignmentSubmissions.fileName })
      .from(assignmentSubmissions)
      .where(eq(assignmentSubmissions.enrolmentId, enrolment.enrolmentId))
      .get();
    if (existing?.gradedAt) throw new DomainError("course:assignment.errors.graded");
    const keepsFile = !file && !removeFile && Boolean(existing?.fileName);
    if (!text && !file && !keepsFile) throw new DomainError("course:assignment.errors.empty");
    const fileColumns = file
      ? {
          fileName: safeFileName(file.name, type!),
          fileType: type,
          fileSize: file.bytes.byteLength,
          fileData: Buffer.from(file.bytes),
        }
      : keepsFile
        ? {}
        : { fileName: null, fileType: null, fileSize: null, fileData: null };
    const values = { body: text, submittedAt: now.toISOString(), ...fileColumns };
    if (existing) {
      tx.update(assignmentSubmissions).set(values).where(eq(assignmentSubmissions.id, existing.id)).run();
    } else {
      tx.insert(assignmentSubmissions).values({ enrolmentId: enrolment.enrolmentId, ...values }).run();
    }
    writeAudit(tx, {
      actorId,
      action: existing ? "assignment.resubmit" : "assignment.submit",
      entityType: "enrolment",
      entityId: enrolment.enrolmentId,
      editionId: enrolment.editionId,
      after: { text: Boolean(text), fileType: file ? type : keepsFile ? "kept" : null, fileSize: file?.bytes.byteLength ?? null },
    });
  });
}

/** The submitted document of one enrolment (the caller has checked who is asking). */
export function assignmentFile(db: Db, enrolmentId: number) {
  const row = db
    .select({
      fileName: assignmentSubmissions.fileName,
      fileType: assignmentSubmissions.fileType,
      fileData: assignmentSubmissions.fileData,
    })
    .from(assignmentSubmissions)
    .where(eq(assignmentSubmissions.enrolmentId, enrolmentId))
    .get();
  if (!row?.fileData || !row.fileName || !row.fileType) return null;
  return { fileName: row.fileName, fileType: row.fileType as DocumentType, fileData: row.fileData };
}

/** A submission with its trainee, for the tutor's grading page (scoped to the edition). */
export function submissionForGrading(db: Db, editionId: number, enrolmentId: number) {
  const trainee = db
    .select({ enrolmentId: enrolments.id, name: users.name, email: users.email, status: enrolments.status })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(and(eq(enrolments.id, enrolmentId), eq(enrolments.editionId, editionId)))
    .get();
  if (!trainee) return null;
  return { trainee, submission: findSubmission(db, enrolmentId) };
}

/** A tutor grades (or regrades, until the stage closes) a submission; audited; the trainee is emailed. */
export async function gradeAssignment({
  db,
  actor,
  edition,
  enrolmentId,
  score,
  passed,
  feedback,
  now = new Date(),
}: {
  db: Db;
  actor: { id: number };
  edition: { id: number; name: string; onlineClosedAt: string | null };
  enrolmentId: number;
  score: number;
  passed: boolean;
  feedback: string;
  now?: Date;
}): Promise<void> {
  if (edition.onlineClosedAt) throw new DomainError("course:grade.errors.closed");
  const outbox: number[] = [];
  db.transaction((tx) => {
    const row = tx
      .select({
        id: assignmentSubmissions.id,
        score: assignmentSubmissions.score,
        passed: assignmentSubmissions.passed,
        gradedAt: assignmentSubmissions.gradedAt,
        email: users.email,
        name: users.name,
        locale: users.locale,
        participationId: enrolments.participationId,
      })
      .from(assignmentSubmissions)
      .innerJoin(enrolments, eq(enrolments.id, assignmentSubmissions.enrolmentId))
      .innerJoin(users, eq(users.id, enrolments.userId))
      .where(and(eq(assignmentSubmissions.enrolmentId, enrolmentId), eq(enrolments.editionId, edition.id)))
      .get();
    if (!row) throw new DomainError("course:grade.errors.noSubmission");
    tx.update(assignmentSubmissions)
      .set({ score, passed, feedback, gradedAt: now.toISOString(), gradedBy: actor.id })
      .where(eq(assignmentSubmissions.id, row.id))
      .run();
    writeAudit(tx, {
      actorId: actor.id,
      action: row.gradedAt ? "assignment.regrade" : "assignment.grade",
      entityType: "enrolment",
      entityId: enrolmentId,
      editionId: edition.id,
      before: row.gradedAt ? { score: row.score, passed: row.passed } : null,
      after: { score, passed },
    });
    const locale: Locale = row.locale ?? "es";
    const t = fixedT(locale);
    const facts = participationFacts(tx, row.participationId, locale);
    outbox.push(
      queueEmail(
        tx,
        writeEmail({
          kind: "notice",
          to: row.email,
          locale,
          key: `course:email.graded.${passed ? "passed" : "notPassed"}`,
          values: {
            name: row.name,
            ...facts,
            score,
            result: t(passed ? "course:result.passed" : "course:result.not-passed"),
            feedback: feedback.trim() || "—",
          },
          url: publicUrl(`/learning/${enrolmentId}/assignment`),
          days: { ends: facts.onlineEndsOn },
        }),
      ),
    );
  });
  await deliverOutbox(db, outbox);
}
