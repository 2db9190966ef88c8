/**
 * The data model of Aula, whole: the single source of truth for the database.
 *
 * Conventions: integer ids; dates and instants are ISO-8601 strings in UTC
 * (`YYYY-MM-DD` for calendar dates, full ISO for instants), except the session and
 * rate-limit instants, kept as unix milliseconds because they are compared on every request. Enumerations are text columns
 * typed with `$type` and checked by zod at the edge.
 */
import { sql } from "drizzle-orm";
import type { FrozenTexts } from "~certificates/render";
import {
  type AnySQLiteColumn,
  blob,
  index,
  integer,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import {
  LOCALES,
  ROLES,
  EDITION_STATUSES,
  QUIZ_FEEDBACK_MODES,
  AGREEMENT_STATUSES,
  FACE_TO_FACE_MODALITIES,
  ENROLMENT_STATUSES,
  RESULTS,
  ATTENDANCE_STATUSES,
  TOKEN_KINDS,
  SIGNING_PARTIES,
  type Locale,
  type Role,
  type EditionStatus,
  type QuizFeedbackMode,
  type AgreementStatus,
  type FaceToFaceModality,
  type EnrolmentStatus,
  type Result,
  type AttendanceStatus,
  type TokenKind,
  type SigningParty,
} from "../app/vocabulary";

export {
  LOCALES,
  ROLES,
  EDITION_STATUSES,
  QUIZ_FEEDBACK_MODES,
  AGREEMENT_STATUSES,
  FACE_TO_FACE_MODALITIES,
  ENROLMENT_STATUSES,
  RESULTS,
  ATTENDANCE_STATUSES,
  TOKEN_KINDS,
  SIGNING_PARTIES,
  type Locale,
  type Role,
  type EditionStatus,
  type QuizFeedbackMode,
  type AgreementStatus,
  type FaceToFaceModality,
  type EnrolmentStatus,
  type Result,
  type AttendanceStatus,
  type TokenKind,
  type SigningParty,
};

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
const createdAt = () => text("created_at").notNull().default(now);

/** The 35 OAS member states (seeded, never typed by users). */
export const states = sqliteTable("states", {
  code: text("code").primaryKey(), // ISO 3166-1 alpha-2
  nameEn: text("name_en").notNull(),
  nameEs: text("name_es").notNull(),
  namePt: text("name_pt").notNull(),
  nameFr: text("name_fr").notNull(),
});

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(), // stored lower-cased
    name: text("name").notNull(),
    role: text("role").$type<Role>().notNull(),
    status: text("status").$type<"invited" | "active" | "disabled">().notNull().default("invited"),
    passwordHash: text("password_hash"),
    locale: text("locale").$type<Locale>(),
    institution: text("institution"),
    position: text("position"),
    stateCode: text("state_code").references(() => states.code), // residence state
    /** Title used when this person signs certificates for the institute. */
    signatoryTitle: text("signatory_title"),
    signaturePng: blob("signature_png", { mode: "buffer" }),
    /** Set when an admin erased this person's data on request (docs/decisions/012): name and email are placeholders. */
    erasedAt: text("erased_at"),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);

/**
 * Sessions (docs/decisions/001): the cookie holds a random token; only its SHA-256 (hex) is the id here,
 * so a read of this table yields no usable cookie. Instants in unix milliseconds.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Absolute end: the session never outlives this, however active. */
    expiresAt: integer("expires_at").notNull(),
    createdAt: integer("created_at").notNull().default(0),
    /** Last request seen (written at most once a minute): the idle timeout counts from here. */
    lastSeenAt: integer("last_seen_at").notNull().default(0),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Single-use, expiring links: invitations and password resets. Only a hash of the token is kept. */
export const authTokens = sqliteTable(
  "auth_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").$type<TokenKind>().notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: text("expires_at").notNull(),
    usedAt: text("used_at"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("auth_tokens_hash_unique").on(t.tokenHash)],
);

/** Failed and successful sign-in attempts, for throttling per account and per address. */
export const signInAttempts = sqliteTable(
  "sign_in_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    ip: text("ip").notNull(),
    success: integer("success", { mode: "boolean" }).notNull(),
    /** false when the attempt was refused by the throttle without checking the password. */
    checked: integer("checked", { mode: "boolean" }).notNull().default(true),
    at: text("at").notNull(),
  },
  (t) => [index("sign_in_attempts_email_idx").on(t.email, t.at), index("sign_in_attempts_ip_idx").on(t.ip, t.at)],
);

/**
 * Fixed-window counters of the request limiter (app/auth/rate-limit.server.ts): one row per key
 * (a limit name plus a hashed address or account). In the database so that limits hold across
 * processes and restarts. `resetAt` in unix milliseconds.
 */
export const rateLimits = sqliteTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    count: integer("count").notNull(),
    resetAt: integer("reset_at").notNull(),
  },
  (t) => [index("rate_limits_reset_idx").on(t.resetAt)],
);

/** A course; its modules live in content/<slug>/<locale>/. */
export const courses = sqliteTable(
  "courses",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull(),
    code: text("code").notNull(), // used in certificate serials, e.g. CSEC
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("courses_slug_unique").on(t.slug)],
);

/** One run of a course, e.g. "2027". */
export const editions = sqliteTable(
  "editions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id),
    name: text("name").notNull(),
    /**
     * Short ASCII code of the edition in certificate serials (`<COURSE>-<CODE>-<STATE>-<NNNN>`),
     * [A-Z0-9]{1,12}, unique per course; derived from the name unless the tutor sets it. Null
     * only on rows older than the column: the serial then derives it from the name.
     */
    code: text("code"),
    status: text("status").$type<EditionStatus>().notNull().default("draft"),
    nominationOpensOn: text("nomination_opens_on").notNull(),
    nominationClosesOn: text("nomination_closes_on").notNull(),
    onlineStartsOn: text("online_starts_on").notNull(),
    onlineEndsOn: text("online_ends_on").notNull(),
    faceToFaceStartsOn: text("face_to_face_starts_on").notNull(),
    faceToFaceEndsOn: text("face_to_face_ends_on").notNull(),
    /**
     * IANA time zone of the edition (e.g. `America/Montevideo`): its dates are calendar days there,
     * a deadline ends at 23:59 there, and every time shown names it.
     */
    timeZone: text("time_zone").notNull().default("America/Montevideo"),
    // pass rules
    quizPassMark: integer("quiz_pass_mark").notNull().default(70), // percent
    /** When per-question correctness is shown to a trainee (never while attempts remain in the stage). */
    quizFeedback: text("quiz_feedback").$type<QuizFeedbackMode>().notNull().default("after-last-attempt"),
    quizAttemptsAllowed: integer("quiz_attempts_allowed").notNull().default(3),
    /** JSON array of module slugs; null means the modules marked required in the content. */
    requiredModules: text("required_modules", { mode: "json" }).$type<string[] | null>(),
    assignmentRequired: integer("assignment_required", { mode: "boolean" }).notNull().default(true),
    assignmentDueOn: text("assignment_due_on"),
    faceToFaceScaleMax: integer("face_to_face_scale_max").notNull().default(100),
    faceToFacePassScore: integer("face_to_face_pass_score").notNull().default(60),
    attendanceRequiredPercent: integer("attendance_required_percent").notNull().default(75),
    onlineHours: integer("online_hours").notNull().default(60),
    // certificates
    instituteSignatoryId: integer("institute_signatory_id").references(() => users.id),
    certificateBilingual: integer("certificate_bilingual", { mode: "boolean" }).notNull().default(false),
    onlineClosedAt: text("online_closed_at"),
    /**
     * The rules the enrolments' stored online board status was computed with (JSON: required and quiz
     * module slugs, pass mark; docs/decisions/009, fourth round). The board recomputes the edition when the
     * current rules differ (a setting or the content changed); triggers read them for each write.
     */
    boardRules: text("board_rules"),
    // a close of the online stage under way (or interrupted): its time, written on every result of the run;
    // cleared when the stage is marked closed (issue 11: batches, resumable, progress read from the database)
    onlineClosingAt: text("online_closing_at"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("editions_course_name_unique").on(t.courseId, t.name), uniqueIndex("editions_course_code_unique").on(t.courseId, t.code)],
);

/** The agreement with one state for one edition. */
export const participations = sqliteTable(
  "participations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    editionId: integer("edition_id")
      .notNull()
      .references(() => editions.id, { onDelete: "cascade" }),
    stateCode: text("state_code")
      .notNull()
      .references(() => states.code),
    quota: integer("quota").notNull(),
    agreementStatus: text("agreement_status").$type<AgreementStatus>().notNull().default("invited"),
    // face-to-face format
    faceToFaceModality: text("face_to_face_modality").$type<FaceToFaceModality>().notNull().default("in-person"),
    faceToFaceVenue: text("face_to_face_venue"),
    faceToFaceStartsOn: text("face_to_face_starts_on"),
    faceToFaceEndsOn: text("face_to_face_ends_on"),
    faceToFaceHours: integer("face_to_face_hours").notNull().default(20),
    // the state's signatory
    signatoryName: text("signatory_name"),
    signatoryTitle: text("signatory_title"),
    signatoryInstitution: text("signatory_institution"),
    signatoryUserId: integer("signatory_user_id").references(() => users.id),
    signatorySignaturePng: blob("signatory_signature_png", { mode: "buffer" }),
    // face-to-face sign-off
    signedOffAt: text("signed_off_at"),
    signedOffBy: integer("signed_off_by").references(() => users.id),
    certificateSeq: integer("certificate_seq").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("participations_edition_state_unique").on(t.editionId, t.stateCode)],
);

/** A coordinator appointed for one participation (one state in one edition). */
export const coordinatorAppointments = sqliteTable(
  "coordinator_appointments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    participationId: integer("participation_id")
      .notNull()
      .references(() => participations.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("coordinator_appointments_unique").on(t.participationId, t.userId),
    index("coordinator_appointments_user_idx").on(t.userId),
  ],
);

/** One trainee in one edition, for the state that nominated them. */
export const enrolments = sqliteTable(
  "enrolments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    editionId: integer("edition_id")
      .notNull()
      .references(() => editions.id, { onDelete: "cascade" }),
    participationId: integer("participation_id")
      .notNull()
      .references(() => participations.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    status: text("status").$type<EnrolmentStatus>().notNull().default("nominated"),
    /** Order of arrival; the waitlist is served by this order. */
    nominatedAt: text("nominated_at").notNull(),
    nominatedBy: integer("nominated_by").references(() => users.id),
    enrolledAt: text("enrolled_at"),
    withdrawnAt: text("withdrawn_at"),
    withdrawnReason: text("withdrawn_reason"),
    // online result (derived at the close of the online stage; tutor override recorded)
    onlineResult: text("online_result").$type<Result>(),
    onlineResultReason: text("online_result_reason"),
    onlineResultOverriddenBy: integer("online_result_overridden_by").references(() => users.id),
    onlineResultOverrideReason: text("online_result_override_reason"),
    onlineResultAt: text("online_result_at"),
    /** The trainee's name (users.name), kept by triggers: the boards' sort order is an index order. */
    userName: text("user_name").notNull().default(""),
    // The boards' derived status, kept by triggers (db/migrations, docs/decisions/009 fourth round) in the
    // same transaction as every write of the rows it derives from, so the boards count with an index.
    /** Any module progress, quiz attempt or submission. */
    onlineStarted: integer("online_started", { mode: "boolean" }).notNull().default(false),
    /** Required modules done by the edition's `boardRules` (completed, quiz passed where there is one). */
    onlineModulesDone: integer("online_modules_done").notNull().default(0),
    onlineAssignment: text("online_assignment").$type<"not-submitted" | "submitted" | "passed" | "not-passed">().notNull().default("not-submitted"),
    /** The certificates board's stage; null when the board does not list the enrolment. */
    certificateStage: text("certificate_stage").$type<"ineligible" | "awaitingApproval" | "ready" | "issued" | "revoked">(),
    certificateEligible: integer("certificate_eligible", { mode: "boolean" }).notNull().default(false),
    /** Approvals that count (given after the latest revocation when no certificate is valid). */
    certificateInstituteApproved: integer("certificate_institute_approved", { mode: "boolean" }).notNull().default(false),
    certificateStateApproved: integer("certificate_state_approved", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("enrolments_edition_user_unique").on(t.editionId, t.userId),
    index("enrolments_online_board_idx").on(
      t.editionId,
      t.status,
      t.participationId,
      t.userName,
      t.onlineStarted,
      t.onlineModulesDone,
      t.onlineAssignment,
      t.onlineResult,
    ),
    index("enrolments_certificate_board_idx").on(
      t.editionId,
      t.participationId,
      t.userName,
      t.certificateStage,
      t.certificateEligible,
      t.certificateInstituteApproved,
      t.certificateStateApproved,
    ),
    index("enrolments_participation_status_idx").on(t.participationId, t.status),
    index("enrolments_user_idx").on(t.userId),
  ],
);

export const moduleProgress = sqliteTable(
  "module_progress",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enrolmentId: integer("enrolment_id")
      .notNull()
      .references(() => enrolments.id, { onDelete: "cascade" }),
    moduleSlug: text("module_slug").notNull(),
    startedAt: text("started_at").notNull(),
    completedAt: text("completed_at"),
    /** Anchor id of the last section the trainee reached ("continue where you left off"). */
    lastSectionId: text("last_section_id"),
    lastSectionAt: text("last_section_at"),
  },
  (t) => [uniqueIndex("module_progress_unique").on(t.enrolmentId, t.moduleSlug)],
);

export const quizAttempts = sqliteTable(
  "quiz_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enrolmentId: integer("enrolment_id")
      .notNull()
      .references(() => enrolments.id, { onDelete: "cascade" }),
    moduleSlug: text("module_slug").notNull(),
    attemptNo: integer("attempt_no").notNull(),
    answers: text("answers", { mode: "json" }).$type<Record<string, string>>().notNull(),
    score: integer("score").notNull(), // percent
    passed: integer("passed", { mode: "boolean" }).notNull(),
    submittedAt: text("submitted_at").notNull(),
  },
  (t) => [uniqueIndex("quiz_attempts_unique").on(t.enrolmentId, t.moduleSlug, t.attemptNo)],
);

/** The final assignment: the current submission (resubmitted until graded). */
export const assignmentSubmissions = sqliteTable(
  "assignment_submissions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enrolmentId: integer("enrolment_id")
      .notNull()
      .references(() => enrolments.id, { onDelete: "cascade" }),
    body: text("body"),
    fileName: text("file_name"),
    fileType: text("file_type"), // detected from content: pdf | docx | odt
    fileSize: integer("file_size"),
    fileData: blob("file_data", { mode: "buffer" }),
    submittedAt: text("submitted_at").notNull(),
    gradedAt: text("graded_at"),
    gradedBy: integer("graded_by").references(() => users.id),
    score: integer("score"),
    passed: integer("passed", { mode: "boolean" }),
    feedback: text("feedback"),
  },
  (t) => [uniqueIndex("assignment_submissions_enrolment_unique").on(t.enrolmentId)],
);

/** A discussion forum per module per edition. */
export const forumPosts = sqliteTable(
  "forum_posts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    editionId: integer("edition_id")
      .notNull()
      .references(() => editions.id, { onDelete: "cascade" }),
    moduleSlug: text("module_slug").notNull(),
    authorId: integer("author_id")
      .notNull()
      .references(() => users.id),
    parentId: integer("parent_id").references((): AnySQLiteColumn => forumPosts.id),
    body: text("body").notNull(), // plain text
    pinned: integer("pinned", { mode: "boolean" }).notNull().default(false),
    hiddenAt: text("hidden_at"),
    hiddenBy: integer("hidden_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("forum_posts_module_idx").on(t.editionId, t.moduleSlug)],
);

/** A session of a state's face-to-face module. */
export const faceToFaceSessions = sqliteTable(
  "face_to_face_sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    participationId: integer("participation_id")
      .notNull()
      .references(() => participations.id, { onDelete: "cascade" }),
    date: text("date").notNull(), // YYYY-MM-DD
    startTime: text("start_time").notNull(), // HH:MM local to the venue
    endTime: text("end_time").notNull(),
    venue: text("venue"),
    onlineUrl: text("online_url"),
    hours: real("hours").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("face_to_face_sessions_participation_idx").on(t.participationId)],
);

export const attendance = sqliteTable(
  "attendance",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sessionId: integer("session_id")
      .notNull()
      .references(() => faceToFaceSessions.id, { onDelete: "cascade" }),
    enrolmentId: integer("enrolment_id")
      .notNull()
      .references(() => enrolments.id, { onDelete: "cascade" }),
    status: text("status").$type<AttendanceStatus>().notNull(),
    recordedBy: integer("recorded_by").references(() => users.id),
    recordedAt: text("recorded_at").notNull(),
  },
  (t) => [uniqueIndex("attendance_unique").on(t.sessionId, t.enrolmentId)],
);

export const faceToFaceAssessments = sqliteTable(
  "face_to_face_assessments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enrolmentId: integer("enrolment_id")
      .notNull()
      .references(() => enrolments.id, { onDelete: "cascade" }),
    score: integer("score").notNull(),
    result: text("result").$type<Result>().notNull(),
    comment: text("comment"),
    recordedBy: integer("recorded_by").references(() => users.id),
    recordedAt: text("recorded_at").notNull(),
  },
  (t) => [uniqueIndex("face_to_face_assessments_enrolment_unique").on(t.enrolmentId)],
);

/** One signatory's approval of one trainee's certificate. Both parties are needed. */
export const certificateApprovals = sqliteTable(
  "certificate_approvals",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enrolmentId: integer("enrolment_id")
      .notNull()
      .references(() => enrolments.id, { onDelete: "cascade" }),
    party: text("party").$type<SigningParty>().notNull(),
    approvedBy: integer("approved_by")
      .notNull()
      .references(() => users.id),
    approvedAt: text("approved_at").notNull(),
  },
  (t) => [uniqueIndex("certificate_approvals_unique").on(t.enrolmentId, t.party)],
);

export interface SignatorySnapshot {
  name: string;
  title: string;
  institution: string;
  signaturePngBase64: string | null;
  /**
   * State signatory only: the name of the person who approved on the signatory's behalf (the
   * coordinator), when the signatory did not approve through their own account.
   */
  approvedOnBehalfBy?: string | null;
  /** State signatory only: true when the signatory approved through their own account (ADR 005). */
  approvedBySignatory?: boolean;
}

/** What a certificate's render needs beyond its row, frozen at issue so re-renders never drift. */
export interface CertificateRenderContext {
  courseTitle: Record<Locale, string>;
  editionName: string;
  stateName: Record<Locale, string>;
  verifyUrl: string;
  /** Selects the renderer (`renderers[layoutVersion]` in certificates/render.ts). */
  layoutVersion: number;
  /** Every sentence the certificate prints, frozen at issue (layout version 2 on). */
  texts?: FrozenTexts;
}

export const certificates = sqliteTable(
  "certificates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enrolmentId: integer("enrolment_id")
      .notNull()
      .references(() => enrolments.id),
    serial: text("serial").notNull(), // <COURSE>-<EDITION>-<STATE>-<NNNN>
    verificationCode: text("verification_code").notNull(),
    traineeName: text("trainee_name").notNull(),
    stateCode: text("state_code")
      .notNull()
      .references(() => states.code),
    locale: text("locale").$type<Locale>().notNull(),
    bilingual: integer("bilingual", { mode: "boolean" }).notNull(),
    issuedOn: text("issued_on").notNull(), // YYYY-MM-DD
    onlineHours: integer("online_hours").notNull(),
    faceToFaceHours: integer("face_to_face_hours").notNull(),
    instituteSignatory: text("institute_signatory", { mode: "json" }).$type<SignatorySnapshot>().notNull(),
    stateSignatory: text("state_signatory", { mode: "json" }).$type<SignatorySnapshot>().notNull(),
    sha256: text("sha256").notNull(),
    /** Frozen at issue; null only for rows written before this column existed. */
    renderContext: text("render_context", { mode: "json" }).$type<CertificateRenderContext>(),
    status: text("status").$type<"valid" | "revoked">().notNull().default("valid"),
    revokedAt: text("revoked_at"),
    revokedReason: text("revoked_reason"),
    revokedBy: integer("revoked_by").references(() => users.id),
    replacedById: integer("replaced_by_id").references((): AnySQLiteColumn => certificates.id),
    issuedBy: integer("issued_by").references(() => users.id),
    /** Position of this certificate in the institute's revocation status list (Bitstring Status List). */
    statusListIndex: integer("status_list_index"),
    /** The signed W3C Verifiable Credential (Open Badges 3.0), with the institute's and the state's proofs. */
    credential: text("credential", { mode: "json" }).$type<Record<string, unknown>>(),
    /**
     * Set when the holder's personal data was erased on request (docs/decisions/012): the name and the
     * credential are gone; serial, code, dates and SHA-256 remain, so the holder's own PDF still verifies.
     */
    holderErasedAt: text("holder_erased_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("certificates_serial_unique").on(t.serial),
    uniqueIndex("certificates_status_list_index_unique").on(t.statusListIndex),
    uniqueIndex("certificates_code_unique").on(t.verificationCode),
    // at most one valid certificate per enrolment: makes bulk issue idempotent
    uniqueIndex("certificates_valid_enrolment_unique").on(t.enrolmentId).where(sql`status = 'valid'`),
    // verifying an uploaded PDF looks its hash up
    index("certificates_sha256_idx").on(t.sha256),
    // the board and the progress count read every certificate of an edition's enrolments
    index("certificates_enrolment_idx").on(t.enrolmentId),
  ],
);

/**
 * One Ed25519 key pair per credential issuer ("institute", or "state:UY" for a state), made on first
 * need. The secret key is encrypted at rest with AES-256-GCM under CREDENTIAL_KEY; the public key is
 * published in the issuer's did:web document.
 */
export const credentialKeys = sqliteTable(
  "credential_keys",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    issuer: text("issuer").notNull(),
    publicKeyMultibase: text("public_key_multibase").notNull(),
    /** base64 of iv (12 bytes) + GCM tag (16 bytes) + ciphertext of the secretKeyMultibase. */
    secretKeyEncrypted: text("secret_key_encrypted").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("credential_keys_issuer_unique").on(t.issuer)],
);

/** Who did what, when, to which record. Written in the same transaction as the change. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: text("at").notNull(),
    actorId: integer("actor_id").references(() => users.id),
    action: text("action").notNull(), // e.g. "enrolment.nominate"
    entityType: text("entity_type").notNull(),
    entityId: integer("entity_id"),
    editionId: integer("edition_id"),
    before: text("before", { mode: "json" }).$type<unknown>(),
    after: text("after", { mode: "json" }).$type<unknown>(),
    /**
     * Whom the entry is about (the trainee of an enrolment, certificate, attendance mark or assessment;
     * the account of a user entry), and the state it concerns: derived when the entry is written, so the
     * audit page filters by person and state with an index (and a coordinator sees only their state's).
     */
    subjectUserId: integer("subject_user_id"),
    participationId: integer("participation_id"),
    stateCode: text("state_code"),
  },
  (t) => [
    index("audit_log_entity_idx").on(t.entityType, t.entityId),
    index("audit_log_edition_idx").on(t.editionId),
    index("audit_log_subject_idx").on(t.subjectUserId),
    index("audit_log_actor_idx").on(t.actorId),
    index("audit_log_participation_idx").on(t.participationId),
    index("audit_log_state_idx").on(t.stateCode),
    index("audit_log_action_idx").on(t.action),
    index("audit_log_at_idx").on(t.at),
  ],
);

/** Every email; sent through SMTP when configured, otherwise kept here for an admin to read. */
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html"),
    locale: text("locale").$type<Locale>().notNull(),
    kind: text("kind").notNull(),
    createdAt: createdAt(),
    sentAt: text("sent_at"),
    error: text("error"),
  },
  (t) => [index("email_outbox_to_idx").on(t.to)],
);

/** Platform settings an admin changes on screen (key → JSON value), e.g. the retention periods. */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).$type<unknown>().notNull(),
  updatedAt: text("updated_at").notNull(),
  updatedBy: integer("updated_by").references(() => users.id),
});

/**
 * Earlier editions run on Moodle, imported from its CSV exports (issue 13, section 5; ADR 011): one row
 * per import (course and edition as they were called), its participants with their results, and the
 * certificates mod_customcert issued, with their original codes. Kept apart from `certificates`: these
 * were not issued by this platform (no PDF hash, no credential) and verify as "issued before this platform".
 */
export const legacyImports = sqliteTable("legacy_imports", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  source: text("source").notNull().default("moodle"),
  courseName: text("course_name").notNull(),
  editionLabel: text("edition_label").notNull(),
  participants: integer("participants").notNull(),
  results: integer("results").notNull(),
  certificates: integer("certificates").notNull(),
  importedBy: integer("imported_by").references(() => users.id),
  importedAt: text("imported_at").notNull(),
});

export const legacyParticipants = sqliteTable(
  "legacy_participants",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    importId: integer("import_id")
      .notNull()
      .references(() => legacyImports.id, { onDelete: "cascade" }),
    username: text("username").notNull(),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    email: text("email").notNull(),
    institution: text("institution"),
    /** ISO 3166-1 alpha-2 as Moodle stores it, when it names an OAS member state. */
    stateCode: text("state_code").references(() => states.code),
    /** The course total as exported (0–100), when the grades file has one. */
    grade: real("grade"),
    /** When Moodle recorded the course as completed (ISO date), when it did. */
    completedOn: text("completed_on"),
  },
  (t) => [uniqueIndex("legacy_participants_import_username_unique").on(t.importId, t.username)],
);

export const legacyCertificates = sqliteTable(
  "legacy_certificates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    importId: integer("import_id")
      .notNull()
      .references(() => legacyImports.id, { onDelete: "cascade" }),
    participantId: integer("participant_id")
      .notNull()
      .references(() => legacyParticipants.id, { onDelete: "cascade" }),
    /** mod_customcert's code, exactly as issued. */
    code: text("code").notNull(),
    /** The holder's name as the certificate showed it (first and last name at import). */
    holderName: text("holder_name").notNull(),
    /** mod_customcert's time issued (ISO instant). */
    issuedAt: text("issued_at").notNull(),
    /** When the holder's data was erased on request (ADR 012): the name is gone, the code still verifies. */
    holderErasedAt: text("holder_erased_at"),
  },
  (t) => [uniqueIndex("legacy_certificates_code_unique").on(t.code)],
);

/**
 * The three files of a Moodle import between "check" and "import": the person checks the counts and
 * problems first, then imports exactly what was checked (re-checked at import). Deleted on import.
 */
export const legacyImportDrafts = sqliteTable("legacy_import_drafts", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  createdBy: integer("created_by")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  createdAt: text("created_at").notNull(),
  courseName: text("course_name").notNull(),
  editionLabel: text("edition_label").notNull(),
  usersCsv: text("users_csv").notNull(),
  resultsCsv: text("results_csv").notNull(),
  certificatesCsv: text("certificates_csv").notNull(),
});
