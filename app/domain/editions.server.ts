/**
 * Editions, their state agreements (participations), quotas and coordinators: the institute's planning.
 * Every function takes the acting person; authorization (can()) is checked by the route before calling.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "~db/index.server";
import {
  type AgreementStatus,
  coordinatorAppointments,
  courses,
  type EditionStatus,
  EDITION_STATUSES,
  editions,
  enrolments,
  type FaceToFaceModality,
  type Locale,
  participations,
  users,
} from "~db/schema";
import type { QuizFeedbackMode, } from "~/vocabulary";
import { getCourse } from "~/content.server";
import { deriveEditionCode } from "./edition-code";
import { phaseForms } from "./edition-phase";
import { deliverOutbox, queueEmail, writeEmail } from "~/mail.server";
import { participationFacts } from "./email-context.server";
import { DomainError, insertInvitedUser, publicUrl, queueInvitation } from "./accounts.server";
import { writeAudit } from "./audit.server";
import { promoteFromWaitlist } from "./enrolments.server";
import { isTimeZone, localDay } from "./time-zone";

export interface ActingUser {
  id: number;
  name: string;
}

export interface EditionInput {
  name: string;
  /** Certificate serial code; derived from the name when empty. */
  code?: string | null;
  nominationOpensOn: string;
  nominationClosesOn: string;
  onlineStartsOn: string;
  onlineEndsOn: string;
  faceToFaceStartsOn: string;
  faceToFaceEndsOn: string;
  /** IANA zone in which the dates are counted; the column's default (Montevideo) when absent. */
  timeZone?: string;
  assignmentDueOn?: string | null;
  quizPassMark: number;
  quizAttemptsAllowed: number;
  quizFeedback: QuizFeedbackMode;
  assignmentRequired: boolean;
  requiredModules?: string[] | null;
  faceToFaceScaleMax: number;
  faceToFacePassScore: number;
  attendanceRequiredPercent: number;
  onlineHours: number;
  instituteSignatoryId?: number | null;
  certificateBilingual: boolean;
}

const nowIso = () => new Date().toISOString();

function assertTimeZone(timeZone: string | undefined) {
  if (timeZone !== undefined && !isTimeZone(timeZone)) throw new DomainError("editions:errors.timeZone", "timeZone");
}

function assertSignatory(tx: Tx | Db, id: number | null | undefined) {
  if (!id) return;
  const u = tx.select({ role: users.role }).from(users).where(eq(users.id, id)).get();
  if (!u || (u.role !== "tutor" && u.role !== "admin")) throw new DomainError("editions:errors.signatoryNotStaff", "instituteSignatoryId");
}

/** The edition's serial code (given, or derived from the name), refused when another edition of the course has it. */
function uniqueEditionCode(tx: Tx | Db, courseId: number, input: EditionInput, editionId: number | null): string {
  const code = input.code || deriveEditionCode(input.name);
  const taken = tx
    .select({ id: editions.id })
    .from(editions)
    .where(and(eq(editions.courseId, courseId), eq(editions.code, code), editionId ? sql`${editions.id} <> ${editionId}` : undefined))
    .get();
  if (taken) throw new DomainError("editions:errors.codeTaken", "code", { code });
  return code;
}

export function createEdition({
  db,
  actor,
  courseSlug,
  input,
}: {
  db: Db;
  actor: ActingUser;
  courseSlug: string;
  input: EditionInput;
}) {
  return db.transaction((tx) => insertEdition(tx, actor, courseSlug, input));
}

function insertEdition(tx: Tx, actor: ActingUser, courseSlug: string, input: EditionInput) {
  {
    const content = getCourse(courseSlug);
    if (!content) throw new DomainError("editions:errors.unknownCourse", "course");
    const course =
      tx.select().from(courses).where(eq(courses.slug, courseSlug)).get() ??
      tx.insert(courses).values({ slug: content.slug, code: content.code }).returning().get();
    const dup = tx
      .select({ id: editions.id })
      .from(editions)
      .where(and(eq(editions.courseId, course.id), eq(editions.name, input.name)))
      .get();
    if (dup) throw new DomainError("editions:errors.nameTaken", "name");
    assertSignatory(tx, input.instituteSignatoryId);
    assertTimeZone(input.timeZone);
    const code = uniqueEditionCode(tx, course.id, input, null);
    const row = tx
      .insert(editions)
      .values({ ...input, code, courseId: course.id, status: "draft", createdBy: actor.id })
      .returning()
      .get();
    writeAudit(tx, { actorId: actor.id, action: "edition.create", entityType: "edition", entityId: row.id, editionId: row.id, after: input });
    return row;
  }
}

/** A date one year later (29 February becomes 28 February). */
export function nextYearDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const day = m === 2 && d === 29 ? 28 : d;
  return `${y + 1}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** An edition name of the course that no edition has yet: `wanted`, else with its year moved on, else numbered. */
export function freeEditionName(db: Db | Tx, courseSlug: string, wanted: string): string {
  const taken = new Set(
    db
      .select({ name: editions.name, code: editions.code })
      .from(editions)
      .innerJoin(courses, eq(courses.id, editions.courseId))
      .where(eq(courses.slug, courseSlug))
      .all()
      .flatMap((e) => [e.name, e.code]),
  );
  const free = (name: string) => !taken.has(name) && !taken.has(deriveEditionCode(name));
  if (free(wanted)) return wanted;
  const year = /\b(20\d\d)\b/.exec(wanted);
  if (year) {
    for (let y = Number(year[1]) + 1; y < Number(year[1]) + 50; y++) {
      const name = wanted.replace(year[1]!, String(y));
      if (free(name)) return name;
    }
  }
  for (let n = 2; ; n++) if (free(`${wanted} (${n})`)) return `${wanted} (${n})`;
}

/** What a copy of an edition starts from: its rules and signatory, its dates a year later, a free name. */
export function editionCopyDefaults(db: Db, editionId: number, courseSlug: string) {
  const e = db.select().from(editions).where(eq(editions.id, editionId)).get();
  if (!e) return null;
  const next = (d: string | null) => (d ? nextYearDate(d) : null);
  return {
    source: { id: e.id, name: e.name },
    defaults: {
      name: freeEditionName(db, courseSlug, e.name),
      nominationOpensOn: nextYearDate(e.nominationOpensOn),
      nominationClosesOn: nextYearDate(e.nominationClosesOn),
      onlineStartsOn: nextYearDate(e.onlineStartsOn),
      onlineEndsOn: nextYearDate(e.onlineEndsOn),
      assignmentDueOn: next(e.assignmentDueOn),
      faceToFaceStartsOn: nextYearDate(e.faceToFaceStartsOn),
      faceToFaceEndsOn: nextYearDate(e.faceToFaceEndsOn),
      quizPassMark: e.quizPassMark,
      quizAttemptsAllowed: e.quizAttemptsAllowed,
      quizFeedback: e.quizFeedback,
      assignmentRequired: e.assignmentRequired,
      requiredModules: e.requiredModules,
      faceToFaceScaleMax: e.faceToFaceScaleMax,
      faceToFacePassScore: e.faceToFacePassScore,
      attendanceRequiredPercent: e.attendanceRequiredPercent,
      onlineHours: e.onlineHours,
      instituteSignatoryId: e.instituteSignatoryId,
      certificateBilingual: e.certificateBilingual,
    },
  };
}

/**
 * A new edition copied from an earlier one: the settings typed (prefilled from the earlier one), and its
 * states with their quotas, face-to-face format (dates a year later) and signatories. Each state is
 * invited again (a new year needs a new agreement); coordinators are appointed anew. One transaction.
 */
export function copyEdition({ db, actor, courseSlug, fromEditionId, input }: { db: Db; actor: ActingUser; courseSlug: string; fromEditionId: number; input: EditionInput }) {
  return db.transaction((tx) => {
    const source = tx.select({ id: editions.id }).from(editions).where(eq(editions.id, fromEditionId)).get();
    if (!source) throw new DomainError("editions:errors.notFound");
    const row = insertEdition(tx, actor, courseSlug, input);
    const parts = tx.select().from(participations).where(eq(participations.editionId, fromEditionId)).all();
    for (const p of parts) {
      tx.insert(participations)
        .values({
          editionId: row.id,
          stateCode: p.stateCode,
          quota: p.quota,
          agreementStatus: "invited",
          faceToFaceModality: p.faceToFaceModality,
          faceToFaceVenue: p.faceToFaceVenue,
          faceToFaceStartsOn: p.faceToFaceStartsOn ? nextYearDate(p.faceToFaceStartsOn) : null,
          faceToFaceEndsOn: p.faceToFaceEndsOn ? nextYearDate(p.faceToFaceEndsOn) : null,
          faceToFaceHours: p.faceToFaceHours,
          signatoryName: p.signatoryName,
          signatoryTitle: p.signatoryTitle,
          signatoryInstitution: p.signatoryInstitution,
          signatoryUserId: p.signatoryUserId,
          signatorySignaturePng: p.signatorySignaturePng,
        })
        .run();
    }
    writeAudit(tx, { actorId: actor.id, action: "edition.copy", entityType: "edition", entityId: row.id, editionId: row.id, after: { from: fromEditionId, states: parts.map((p) => p.stateCode) } });
    return row;
  });
}

export function updateEdition({ db, actor, editionId, input }: { db: Db; actor: ActingUser; editionId: number; input: EditionInput }) {
  return db.transaction((tx) => {
    const before = tx.select().from(editions).where(eq(editions.id, editionId)).get();
    if (!before) throw new DomainError("editions:errors.notFound");
    if (before.status === "closed") throw new DomainError("editions:errors.closed");
    const dup = tx
      .select({ id: editions.id })
      .from(editions)
      .where(and(eq(editions.courseId, before.courseId), eq(editions.name, input.name), sql`${editions.id} <> ${editionId}`))
      .get();
    if (dup) throw new DomainError("editions:errors.nameTaken", "name");
    assertSignatory(tx, input.instituteSignatoryId);
    assertTimeZone(input.timeZone);
    const code = uniqueEditionCode(tx, before.courseId, input, editionId);
    tx.update(editions).set({ ...input, code, updatedAt: nowIso() }).where(eq(editions.id, editionId)).run();
    writeAudit(tx, { actorId: actor.id, action: "edition.update", entityType: "edition", entityId: editionId, editionId, before, after: input });
  });
}

export function getEdition(db: Db | Tx, editionId: number) {
  return db
    .select({ edition: editions, courseSlug: courses.slug, courseCode: courses.code })
    .from(editions)
    .innerJoin(courses, eq(courses.id, editions.courseId))
    .where(eq(editions.id, editionId))
    .get();
}

/** Why an edition may not move to its next phase now: translation keys with values; empty when it may. */
export interface LifecycleBlocker {
  key: string;
  values?: Record<string, string | number>;
  /** Normal for now: only time has to pass (the online stage is still running, …); nobody needs to act yet. */
  waiting?: boolean;
}

export function lifecycleBlockers(db: Db | Tx, editionId: number, now = new Date()): { next: EditionStatus | null; blockers: LifecycleBlocker[] } {
  const edition = db.select().from(editions).where(eq(editions.id, editionId)).get();
  if (!edition) return { next: null, blockers: [{ key: "editions:errors.notFound" }] };
  const i = EDITION_STATUSES.indexOf(edition.status);
  const next = EDITION_STATUSES[i + 1] ?? null;
  if (!next) return { next: null, blockers: [] };
  const parts = db.select().from(participations).where(eq(participations.editionId, editionId)).all();
  const agreed = parts.filter((p) => p.agreementStatus === "agreed");
  const blockers: LifecycleBlocker[] = [];
  const day = localDay(now, edition.timeZone);
  const count = (where: ReturnType<typeof and>) => db.select({ n: sql<number>`count(*)` }).from(enrolments).where(where).get()?.n ?? 0;

  if (next === "nominations") {
    if (agreed.length === 0) blockers.push({ key: "editions:lifecycle.noAgreedState" });
    const appointed = new Set(
      db
        .select({ p: coordinatorAppointments.participationId })
        .from(coordinatorAppointments)
        .where(inArray(coordinatorAppointments.participationId, agreed.map((p) => p.id).concat(-1)))
        .all()
        .map((r) => r.p),
    );
    for (const p of agreed) {
      if (!appointed.has(p.id)) blockers.push({ key: "editions:lifecycle.noCoordinator", values: { state: p.stateCode } });
      if (p.quota < 1) blockers.push({ key: "editions:lifecycle.noQuota", values: { state: p.stateCode } });
    }
  }
  if (next === "online") {
    const invited = parts.filter((p) => p.agreementStatus === "invited");
    for (const p of invited) blockers.push({ key: "editions:lifecycle.agreementPending", values: { state: p.stateCode } });
    const pending = count(and(eq(enrolments.editionId, editionId), eq(enrolments.status, "nominated")));
    const nominating = day <= edition.nominationClosesOn;
    if (pending > 0) blockers.push({ key: "editions:lifecycle.nominationsPending", values: { count: pending }, waiting: nominating || undefined });
    const enrolled = count(and(eq(enrolments.editionId, editionId), eq(enrolments.status, "enrolled")));
    if (enrolled === 0) blockers.push({ key: "editions:lifecycle.noTrainees", waiting: nominating || undefined });
  }
  if (next === "face-to-face" && !edition.onlineClosedAt) {
    // while the online stage runs, not being closed is how it should be
    const running = day <= edition.onlineEndsOn;
    blockers.push(running ? { key: "editions:lifecycle.onlineRunning", values: { date: edition.onlineEndsOn }, waiting: true } : { key: "editions:lifecycle.onlineNotClosed" });
  }
  if (next === "certification") {
    for (const p of agreed) {
      const hasTrainees = count(and(eq(enrolments.participationId, p.id), eq(enrolments.status, "enrolled"))) > 0;
      const ends = p.faceToFaceEndsOn ?? edition.faceToFaceEndsOn;
      if (hasTrainees && !p.signedOffAt) blockers.push({ key: "editions:lifecycle.notSignedOff", values: { state: p.stateCode }, waiting: day <= ends || undefined });
    }
    if (!edition.instituteSignatoryId) blockers.push({ key: "editions:lifecycle.noInstituteSignatory" });
  }
  return { next, blockers };
}

/** Moves an edition one phase forward, if the rules allow. */
export function advanceEdition({ db, actor, editionId, to }: { db: Db; actor: ActingUser; editionId: number; to: EditionStatus }) {
  return db.transaction(
    (tx) => {
      const edition = tx.select().from(editions).where(eq(editions.id, editionId)).get();
      if (!edition) throw new DomainError("editions:errors.notFound");
      const { next, blockers } = lifecycleBlockers(tx, editionId);
      if (to !== next) throw new DomainError("editions:lifecycle.notNext", "form", { to });
      if (blockers.length > 0) throw new DomainError(blockers[0]!.key, "form", blockers[0]!.values);
      tx.update(editions).set({ status: to, updatedAt: nowIso() }).where(eq(editions.id, editionId)).run();
      writeAudit(tx, {
        actorId: actor.id,
        action: "edition.advance",
        entityType: "edition",
        entityId: editionId,
        editionId,
        before: { status: edition.status },
        after: { status: to },
      });
    },
    { behavior: "immediate" },
  );
}

export interface ParticipationInput {
  quota: number;
  agreementStatus: AgreementStatus;
  faceToFaceModality: FaceToFaceModality;
  faceToFaceVenue?: string | null;
  faceToFaceStartsOn?: string | null;
  faceToFaceEndsOn?: string | null;
  faceToFaceHours: number;
  signatoryName?: string | null;
  signatoryTitle?: string | null;
  signatoryInstitution?: string | null;
}

/** The institute invites a state to take part in an edition. */
export function inviteState({
  db,
  actor,
  editionId,
  stateCode,
  input,
}: {
  db: Db;
  actor: ActingUser;
  editionId: number;
  stateCode: string;
  input: ParticipationInput;
}) {
  return db.transaction((tx) => {
    const edition = tx.select().from(editions).where(eq(editions.id, editionId)).get();
    if (!edition) throw new DomainError("editions:errors.notFound");
    if (edition.status === "closed") throw new DomainError("editions:errors.closed");
    if (!phaseForms(edition, localDay(new Date(), edition.timeZone)).inviteState) throw new DomainError("editions:errors.invitePhase", "form", { status: edition.status });
    const dup = tx
      .select({ id: participations.id })
      .from(participations)
      .where(and(eq(participations.editionId, editionId), eq(participations.stateCode, stateCode)))
      .get();
    if (dup) throw new DomainError("editions:errors.stateAlreadyInvited", "stateCode");
    const row = tx.insert(participations).values({ ...input, editionId, stateCode }).returning().get();
    writeAudit(tx, { actorId: actor.id, action: "participation.invite", entityType: "participation", entityId: row.id, editionId, after: { stateCode, ...input } });
    return row;
  });
}

function enrolledCount(tx: Tx | Db, participationId: number): number {
  return (
    tx
      .select({ n: sql<number>`count(*)` })
      .from(enrolments)
      .where(and(eq(enrolments.participationId, participationId), eq(enrolments.status, "enrolled")))
      .get()?.n ?? 0
  );
}

/**
 * Updates a state's agreement. The quota never goes below the enrolled count; raising it enrols the
 * first people of the waiting list (and tells them by email).
 */
export async function updateParticipation({
  db,
  actor,
  participationId,
  input,
}: {
  db: Db;
  actor: ActingUser;
  participationId: number;
  input: ParticipationInput;
}) {
  const outbox: number[] = [];
  db.transaction(
    (tx) => {
      const before = tx.select().from(participations).where(eq(participations.id, participationId)).get();
      if (!before) throw new DomainError("editions:errors.notFound");
      const edition = tx.select().from(editions).where(eq(editions.id, before.editionId)).get()!;
      const rules = phaseForms(edition, localDay(new Date(), edition.timeZone));
      if (!rules.manageParticipation) throw new DomainError("editions:errors.closed");
      if (input.quota !== before.quota && !rules.changeQuota) throw new DomainError("editions:errors.quotaPhase", "quota", { status: edition.status });
      const enrolled = enrolledCount(tx, participationId);
      if (input.quota < enrolled) throw new DomainError("editions:errors.quotaBelowEnrolled", "quota", { enrolled });
      tx.update(participations).set({ ...input, updatedAt: nowIso() }).where(eq(participations.id, participationId)).run();
      const { signatorySignaturePng: _png, ...auditable } = before;
      writeAudit(tx, {
        actorId: actor.id,
        action: before.quota !== input.quota ? "participation.quota" : "participation.update",
        entityType: "participation",
        entityId: participationId,
        editionId: before.editionId,
        before: auditable,
        after: input,
      });
      if (input.quota > before.quota) outbox.push(...promoteFromWaitlist(tx, actor, participationId));
    },
    { behavior: "immediate" },
  );
  await deliverOutbox(db, outbox);
}

/**
 * After the nomination window, moves unused seats from one state to another: the source keeps at
 * least its enrolled count; the target's waiting list moves up into the new seats.
 */
/** Moves unused seats between two states of `editionId` (ids of another edition's states are refused). */
export async function reallocateSeats({
  db,
  actor,
  editionId,
  fromParticipationId,
  toParticipationId,
  seats,
  now = new Date(),
}: {
  db: Db;
  actor: ActingUser;
  editionId: number;
  fromParticipationId: number;
  toParticipationId: number;
  seats: number;
  now?: Date;
}) {
  const outbox: number[] = [];
  db.transaction(
    (tx) => {
      const from = tx.select().from(participations).where(eq(participations.id, fromParticipationId)).get();
      const to = tx.select().from(participations).where(eq(participations.id, toParticipationId)).get();
      if (!from || from.editionId !== editionId) throw new DomainError("editions:errors.reallocateSameEdition", "fromParticipationId");
      if (!to || to.editionId !== editionId || from.id === to.id) throw new DomainError("editions:errors.reallocateSameEdition", "toParticipationId");
      const edition = tx.select().from(editions).where(eq(editions.id, from.editionId)).get()!;
      if (edition.status !== "nominations" && edition.status !== "online") throw new DomainError("editions:errors.reallocatePhase", "form", { status: edition.status });
      if (localDay(now, edition.timeZone) <= edition.nominationClosesOn) throw new DomainError("editions:errors.reallocateBeforeClose", "form", { date: edition.nominationClosesOn });
      const unused = from.quota - enrolledCount(tx, from.id);
      if (seats < 1 || seats > unused) throw new DomainError("editions:errors.reallocateTooMany", "seats", { unused });
      tx.update(participations).set({ quota: from.quota - seats, updatedAt: nowIso() }).where(eq(participations.id, from.id)).run();
      tx.update(participations).set({ quota: to.quota + seats, updatedAt: nowIso() }).where(eq(participations.id, to.id)).run();
      writeAudit(tx, {
        actorId: actor.id,
        action: "participation.reallocate",
        entityType: "participation",
        entityId: from.id,
        editionId: from.editionId,
        before: { [from.stateCode]: from.quota, [to.stateCode]: to.quota },
        after: { [from.stateCode]: from.quota - seats, [to.stateCode]: to.quota + seats },
      });
      outbox.push(...promoteFromWaitlist(tx, actor, to.id));
    },
    { behavior: "immediate" },
  );
  await deliverOutbox(db, outbox);
}

/**
 * Appoints a coordinator for a state in an edition, by email: an existing account gets the role,
 * a new person gets an invitation.
 */
export async function appointCoordinator({
  db,
  actor,
  participationId,
  person,
  fallbackLocale,
}: {
  db: Db;
  actor: ActingUser;
  participationId: number;
  person: { email: string; name: string; locale?: Locale | null };
  fallbackLocale: Locale;
}) {
  const outbox: number[] = [];
  const result = db.transaction((tx) => {
    const p = tx.select().from(participations).where(eq(participations.id, participationId)).get();
    if (!p) throw new DomainError("editions:errors.notFound");
    const edition = tx.select().from(editions).where(eq(editions.id, p.editionId)).get()!;
    if (!phaseForms(edition, localDay(new Date(), edition.timeZone)).manageParticipation) throw new DomainError("editions:errors.closed");
    const email = person.email.toLowerCase();
    let user = tx.select().from(users).where(eq(users.email, email)).get();
    let invited = false;
    if (user) {
      if (user.role === "trainee") {
        const hasEnrolments = tx.select({ id: enrolments.id }).from(enrolments).where(eq(enrolments.userId, user.id)).get();
        if (hasEnrolments) throw new DomainError("editions:errors.coordinatorIsTrainee", "email");
        tx.update(users).set({ role: "coordinator", updatedAt: nowIso() }).where(eq(users.id, user.id)).run();
      } else if (user.role !== "coordinator") {
        throw new DomainError("editions:errors.coordinatorIsStaff", "email");
      }
      const dup = tx
        .select({ id: coordinatorAppointments.id })
        .from(coordinatorAppointments)
        .where(and(eq(coordinatorAppointments.participationId, participationId), eq(coordinatorAppointments.userId, user.id)))
        .get();
      if (dup) throw new DomainError("editions:errors.alreadyCoordinator", "email");
    } else {
      user = insertInvitedUser(tx, { email, name: person.name, role: "coordinator", locale: person.locale ?? null, stateCode: p.stateCode });
      invited = true;
    }
    tx.insert(coordinatorAppointments).values({ participationId, userId: user.id, createdBy: actor.id }).run();
    const locale = user.locale ?? person.locale ?? fallbackLocale;
    if (invited) {
      outbox.push(queueInvitation(tx, user, actor, locale));
    } else {
      outbox.push(
        queueEmail(
          tx,
          writeEmail({
            kind: "appointment",
            to: user.email,
            locale,
            key: "email.appointment",
            values: { name: user.name, inviter: actor.name, ...participationFacts(tx, participationId, locale) },
            url: publicUrl(`/coordination/${participationId}`),
            days: { closes: edition.nominationClosesOn },
          }),
        ),
      );
    }
    writeAudit(tx, {
      actorId: actor.id,
      action: "participation.appointCoordinator",
      entityType: "participation",
      entityId: participationId,
      editionId: p.editionId,
      after: { userId: user.id, email: user.email, invited },
    });
    return { userId: user.id, invited };
  });
  await deliverOutbox(db, outbox);
  return result;
}

export function removeCoordinator({ db, actor, participationId, userId }: { db: Db; actor: ActingUser; participationId: number; userId: number }) {
  db.transaction((tx) => {
    const p = tx.select().from(participations).where(eq(participations.id, participationId)).get();
    if (!p) throw new DomainError("editions:errors.notFound");
    const edition = tx.select().from(editions).where(eq(editions.id, p.editionId)).get()!;
    if (!phaseForms(edition, localDay(new Date(), edition.timeZone)).manageParticipation) throw new DomainError("editions:errors.closed");
    const removed = tx
      .delete(coordinatorAppointments)
      .where(and(eq(coordinatorAppointments.participationId, participationId), eq(coordinatorAppointments.userId, userId)))
      .returning()
      .all();
    if (removed.length === 0) throw new DomainError("editions:errors.notFound");
    writeAudit(tx, { actorId: actor.id, action: "participation.removeCoordinator", entityType: "participation", entityId: participationId, editionId: p.editionId, before: { userId } });
  });
}

/** The edition's board: every participating state with quota, counts, coordinators and agreement. */
export function editionBoard(db: Db, editionId: number) {
  const rows = db
    .select({
      id: participations.id,
      stateCode: participations.stateCode,
      quota: participations.quota,
      agreementStatus: participations.agreementStatus,
      faceToFaceModality: participations.faceToFaceModality,
      signedOffAt: participations.signedOffAt,
      enrolled: sql<number>`(select count(*) from ${enrolments} e where e.participation_id = "participations"."id" and e.status = 'enrolled')`,
      waitlisted: sql<number>`(select count(*) from ${enrolments} e where e.participation_id = "participations"."id" and e.status = 'waitlisted')`,
      withdrawn: sql<number>`(select count(*) from ${enrolments} e where e.participation_id = "participations"."id" and e.status = 'withdrawn')`,
    })
    .from(participations)
    .where(eq(participations.editionId, editionId))
    .orderBy(asc(participations.stateCode))
    .all();
  const coordinators = coordinatorsOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, coordinators: coordinators.get(r.id) ?? [] }));
}

export function coordinatorsOf(db: Db, participationIds: number[]) {
  const map = new Map<number, { userId: number; name: string; email: string; status: string }[]>();
  if (participationIds.length === 0) return map;
  const rows = db
    .select({ participationId: coordinatorAppointments.participationId, userId: users.id, name: users.name, email: users.email, status: users.status })
    .from(coordinatorAppointments)
    .innerJoin(users, eq(users.id, coordinatorAppointments.userId))
    .where(inArray(coordinatorAppointments.participationId, participationIds))
    .orderBy(asc(users.name))
    .all();
  for (const { participationId, ...c } of rows) map.set(participationId, [...(map.get(participationId) ?? []), c]);
  return map;
}

export function getParticipation(db: Db | Tx, participationId: number) {
  return db.select().from(participations).where(eq(participations.id, participationId)).get();
}

/** Tutors and admins who may sign certificates for the institute. */
export function listStaff(db: Db) {
  return db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(and(inArray(users.role, ["tutor", "admin"]), eq(users.status, "active")))
    .orderBy(asc(users.name))
    .all();
}

/** A course's title in a language, from its content (the slug itself if unknown). */
export function courseTitle(slug: string, locale: Locale): string {
  return getCourse(slug)?.title[locale] ?? slug;
}
