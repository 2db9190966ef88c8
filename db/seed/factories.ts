/**
 * Factories: make what a test or the demo needs. Tests (tests/factories.ts) and the demo seed share
 * them, so the demo is built exactly the way tests build their worlds.
 */
import { eq } from "drizzle-orm";
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

export function ensureStates(db: Db): void {
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

export async function makeUser(
  db: Db,
  input: {
    email: string;
    name: string;
    role: Role;
    password?: string | null;
    locale?: Locale | null;
    stateCode?: string | null;
    institution?: string | null;
    position?: string | null;
    signatoryTitle?: string | null;
  },
) {
  const passwordHash = input.password ? await cachedHash(input.password) : null;
  return db
    .insert(users)
    .values({
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
    })
    .returning()
    .get();
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

export function makeEnrolment(
  db: Db,
  input: { editionId: number; participationId: number; userId: number; status?: EnrolmentStatus; nominatedBy?: number },
) {
  const at = new Date().toISOString();
  const status = input.status ?? "enrolled";
  return db
    .insert(enrolments)
    .values({
      editionId: input.editionId,
      participationId: input.participationId,
      userId: input.userId,
      status,
      nominatedAt: at,
      nominatedBy: input.nominatedBy ?? null,
      enrolledAt: status === "enrolled" ? at : null,
    })
    .returning()
    .get();
}
