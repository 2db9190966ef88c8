/**
 * The demo's course history, so that a visitor sees every phase with the printed logins:
 *
 * - a CLOSED edition of last year: online results, face-to-face sign-offs, both approvals (drawn
 *   signatures), certificates issued in bulk for the trainees who passed, one revoked and re-issued
 *   after a name correction (the graduate's own, so her login shows the corrected certificate);
 * - this year's first cohort in its FACE-TO-FACE stage: online stage closed with results, Uruguay and
 *   Chile signed off, Paraguay still assessing with attendance taken for its first session only;
 * - this year's second cohort in its ONLINE stage, open today: the demo trainee studies there.
 *
 * Everything goes through the domain functions (nominations, quizzes, grading, closing the stage,
 * sessions, attendance, assessments, sign-off, signatures, approvals, bulk issue, re-issue, the
 * lifecycle moves), each given a moment inside the edition's own dates, so the rules hold as in real
 * use. All dates derive from `today`; choices (scores, who slips) come from a seeded PRNG. Every person
 * is fictitious.
 */
import type { Actor } from "~/auth/permissions";
import { loadActor } from "~/domain/accounts.server";
import {
  approveCertificates,
  bulkIssue,
  reissueCertificate,
  setInstituteSignature,
  setStateSignatory,
} from "~/domain/certificates.server";
import { gradeAssignment, submitAssignment } from "~/domain/assignments.server";
import { advanceEdition } from "~/domain/editions.server";
import { nominateTrainee } from "~/domain/enrolments.server";
import { planSession, recordAssessments, recordAttendance, signOffStage } from "~/domain/face-to-face.server";
import { findOnlineEdition, findStudyEnrolment } from "~/domain/online-access.server";
import { closeOnlineStage } from "~/domain/online-results.server";
import { completeModule, submitQuiz } from "~/domain/online.server";
import { listModules, loadQuiz } from "~/content.server";
import type { AttendanceStatus, Locale } from "~/vocabulary";
import { and, eq } from "drizzle-orm";
import type { Db } from "../index.server";
import { certificates } from "../schema";
import { CHILE_NOMINEES, CLOSED, DIRECTOR, FACE_TO_FACE, GRADUATE, type HistoryTrainee, ONLINE, STATES } from "./demo-people";
import { seededRandom, drawnSignature } from "./demo-random";
import { appointCoordinatorRow, makeEdition, makeParticipation, makeUser } from "./factories";

const DAY = 86_400_000;

export interface HistoryPeople {
  tutor: { id: number; name: string };
  coordinators: Map<string, { id: number; name: string }>;
  password: string;
  courseId: number;
}

export interface History {
  closedEditionId: number;
  faceToFaceEditionId: number;
  onlineEditionId: number;
}

const ASSIGNMENT_TEXT =
  "Propuesta de plan de acción local (demo): fortalecer la derivación entre salud, educación y protección; " +
  "un protocolo común de detección; formación anual de equipos; seguimiento de cada caso con la familia y la comunidad.";

export async function seedHistory(
  db: Db,
  { today, people, current }: { today: Date; people: HistoryPeople; current: { editionId: number; participations: Map<string, number> } },
): Promise<History> {
  const rnd = seededRandom(2027);
  const noon = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 12);
  /** Noon UTC `offset` days from today, plus `minutes` (to order things within a day). */
  const at = (offset: number, minutes = 0) => new Date(noon + offset * DAY + minutes * 60_000);
  const date = (offset: number) => at(offset).toISOString().slice(0, 10);
  const year = today.getUTCFullYear();
  const { tutor, coordinators, password } = people;
  const actorOf = (id: number): Actor => loadActor(db, id)!.actor;

  const director = await makeUser(db, {
    email: DIRECTOR.email,
    name: DIRECTOR.name,
    role: "tutor",
    password,
    institution: DIRECTOR.institution,
    signatoryTitle: DIRECTOR.title,
  });
  setInstituteSignature({
    db,
    actor: actorOf(director.id),
    title: DIRECTOR.title,
    institution: DIRECTOR.institution,
    png: drawnSignature(DIRECTOR.name),
  });

  const coordinatorOf = (state: string) => {
    const c = coordinators.get(state);
    if (!c) throw new Error(`demo: no coordinator for ${state}`);
    return c;
  };

  /**
   * An edition whose calendar is makeEdition's, counted from `start` days from today: nominations from
   * start-21 to start+60, online stage start+90 to start+180, face-to-face window start+190 to start+240.
   */
  async function edition(
    name: string,
    start: number,
    roster: Record<string, { name: string; email: string; locale?: Locale; typedName?: string }[]>,
    /** each state's own face-to-face days (offsets from today: its three sessions), where the tutor set them */
    stateDays: Record<string, number> = {},
  ) {
    const row = makeEdition(db, {
      courseId: people.courseId,
      name,
      today: at(start),
      instituteSignatoryId: director.id,
      createdBy: tutor.id,
    });
    const parts = new Map<string, number>();
    for (const [state, trainees] of Object.entries(roster)) {
      const s = STATES[state]!;
      const p = makeParticipation(db, {
        editionId: row.id,
        stateCode: state,
        quota: trainees.length + 1,
        signatoryName: s.signatory,
        signatoryTitle: s.title,
        signatoryInstitution: s.institution,
        venue: s.venue,
        ...(stateDays[state] !== undefined ? { startsOn: date(stateDays[state]), endsOn: date(stateDays[state] + 2) } : {}),
      });
      appointCoordinatorRow(db, p.id, coordinatorOf(state).id);
      parts.set(state, p.id);
    }
    // nominations, a few days after they open, by each state's coordinator
    const enrolmentOf = new Map<string, number>();
    let minute = 0;
    for (const [state, trainees] of Object.entries(roster)) {
      for (const t of trainees) {
        const existing = await ensureTrainee(t, state);
        minute += 7;
        const outcome = await nominateTrainee({
          db,
          actor: coordinatorOf(state),
          participationId: parts.get(state)!,
          trainee: { name: existing.name, email: t.email, institution: existing.institution ?? "", position: existing.position ?? "" },
          fallbackLocale: "es",
          now: at(start + 3, minute),
        });
        enrolmentOf.set(t.email, outcome.enrolmentId);
      }
    }
    advanceEdition({ db, actor: tutor, editionId: row.id, to: "online" });
    return { id: row.id, start, parts, enrolmentOf };
  }

  async function ensureTrainee(t: { name: string; email: string; locale?: Locale; typedName?: string }, state: string) {
    return makeUser(db, {
      email: t.email,
      name: t.typedName ?? t.name,
      role: "trainee",
      password,
      locale: t.locale ?? null, // null: the browser's language, as for someone who never chose one
      stateCode: state,
      institution: `${STATES[state]!.institution}`,
      position: "Técnica/o (demo)",
    });
  }

  const modules = listModules("csec", "es");
  const required = modules.filter((m) => m.required);
  const quizzes = new Map<string, NonNullable<ReturnType<typeof loadQuiz>>>();
  const quizOf = (slug: string) => {
    const quiz = quizzes.get(slug) ?? loadQuiz("csec", slug, "es");
    if (!quiz) throw new Error(`demo: no quiz for ${slug}`);
    quizzes.set(slug, quiz);
    return quiz;
  };

  /** A trainee's online work in these modules: completed, quiz passed (some at the second try). */
  function study(enrolmentId: number, done: typeof modules, when: (i: number) => Date) {
    const enrolment = findStudyEnrolment(db, enrolmentId)!;
    for (const [i, m] of done.entries()) {
      const now = when(i);
      completeModule({ db, enrolment, slug: m.slug, now });
      if (!m.hasQuiz) continue;
      const quiz = quizOf(m.slug);
      const right = Object.fromEntries(quiz.questions.map((q) => [q.id, q.answer]));
      if (rnd.chance(0.3)) {
        // a first try with two slips, then the pass
        const slip = { ...right };
        for (const q of quiz.questions.slice(0, 2)) slip[q.id] = q.options.find((o) => o.id !== q.answer)!.id;
        submitQuiz({ db, enrolment, slug: m.slug, locale: "es", answers: slip, now });
      }
      const wrong = quiz.questions.slice(0, rnd.int(0, 1));
      for (const q of wrong) right[q.id] = q.options.find((o) => o.id !== q.answer)!.id;
      submitQuiz({ db, enrolment, slug: m.slug, locale: "es", answers: right, now: new Date(now.getTime() + 20 * 60_000) });
    }
  }

  function submit(enrolmentId: number, now: Date) {
    const enrolment = findStudyEnrolment(db, enrolmentId)!;
    const u = loadActor(db, enrolment.userId)!;
    submitAssignment({ db, actorId: u.user.id, enrolment, body: ASSIGNMENT_TEXT, file: null, now });
  }

  async function grade(editionId: number, enrolmentId: number, now: Date) {
    const e = findOnlineEdition(db, editionId)!;
    const score = rnd.int(72, 96);
    await gradeAssignment({
      db,
      actor: tutor,
      edition: { id: e.id, name: e.name, onlineClosedAt: e.onlineClosedAt },
      enrolmentId,
      score,
      passed: true,
      feedback: "Propuesta clara y viable; conviene precisar los plazos y los responsables de cada acción.",
      now,
    });
  }

  /** The online stage of a cohort, start to close: `outcome` online-failed stops after two modules. */
  async function onlineStage(ed: Awaited<ReturnType<typeof edition>>, roster: Record<string, HistoryTrainee[]>) {
    const online = ed.start + 90; // makeEdition: online stage from day 90 to 180 of the calendar
    for (const trainees of Object.values(roster)) {
      for (const t of trainees) {
        const id = ed.enrolmentOf.get(t.email)!;
        const failed = t.outcome === "online-failed";
        const first = online + rnd.int(1, 6);
        study(id, failed ? modules.slice(0, 2) : required, (i) => at(first + i * 12, rnd.int(0, 400)));
        if (failed) continue;
        submit(id, at(online + 80, rnd.int(0, 400)));
        await grade(ed.id, id, at(online + 86, rnd.int(0, 400)));
      }
    }
    await closeOnlineStage({ db, actor: tutor, edition: findOnlineEdition(db, ed.id)!, now: at(online + 91) });
    advanceEdition({ db, actor: tutor, editionId: ed.id, to: "face-to-face" });
  }

  /** A state's face-to-face stage: three sessions (20 h); attendance for the first `marked` of them. */
  function faceToFace(
    ed: Awaited<ReturnType<typeof edition>>,
    state: string,
    trainees: HistoryTrainee[],
    opts: { firstDay: number; marked: number; assess: "all" | "first" | "none"; signOff: boolean },
  ) {
    const c = coordinatorOf(state);
    const participationId = ed.parts.get(state)!;
    const venue = `${STATES[state]!.venue} (sede demo)`;
    const sessions = [
      { day: opts.firstDay, startTime: "09:00", endTime: "17:00", hours: 8 },
      { day: opts.firstDay + 1, startTime: "09:00", endTime: "17:00", hours: 8 },
      { day: opts.firstDay + 2, startTime: "09:00", endTime: "13:00", hours: 4 },
    ].map((s) => planSession({ db, actor: c, participationId, input: { date: date(s.day), startTime: s.startTime, endTime: s.endTime, hours: s.hours, venue } }).sessionId);
    const enrolled = trainees.map((t) => ({ t, id: ed.enrolmentOf.get(t.email)! }));
    for (const [i, sessionId] of sessions.slice(0, opts.marked).entries()) {
      const marks = enrolled.map(({ t, id }): { enrolmentId: number; status: AttendanceStatus } => ({
        enrolmentId: id,
        // the one who does not pass misses the two long days; others are sometimes late
        status:
          t.outcome === "online-failed" || (t.outcome === "face-to-face-failed" && i < 2) ? "absent" : rnd.chance(0.15) ? "late" : "present",
      }));
      recordAttendance({ db, actor: c, participationId, sessionId, marks });
    }
    if (opts.assess === "none") return;
    recordAssessments({
      db,
      actor: c,
      participationId,
      assessments: (opts.assess === "first" ? enrolled.slice(0, 1) : enrolled).map(({ t, id }) =>
        t.outcome === "face-to-face-failed" || t.outcome === "online-failed"
          ? { enrolmentId: id, score: rnd.int(35, 55), result: "not-passed" as const, comment: "Asistencia insuficiente para aprobar (demo)." }
          : { enrolmentId: id, score: rnd.int(70, 95), result: "passed" as const, comment: null },
      ),
    });
    if (opts.signOff) signOffStage({ db, actor: c, participationId, now: at(opts.firstDay + 4) });
  }

  // ---- the current edition: Chile's coordinator fills the state's seats; the last two nominees wait ----
  for (const [i, nominee] of CHILE_NOMINEES.entries()) {
    await nominateTrainee({
      db,
      actor: coordinatorOf("CL"),
      participationId: current.participations.get("CL")!,
      trainee: { ...nominee, locale: "es" },
      fallbackLocale: "es",
      now: at(-10 + i),
    });
  }

  // ---- last year's edition, closed -------------------------------------------------------------
  const closedStart = -365;
  const closed = await edition(String(year - 1), closedStart, CLOSED);
  await onlineStage(closed, CLOSED);
  const f2fStart = closedStart + 190; // makeEdition: face-to-face window from day 190 to 240
  for (const [i, [state, trainees]] of Object.entries(CLOSED).entries()) {
    faceToFace(closed, state, trainees, { firstDay: f2fStart + 5 + i * 9, marked: 3, assess: "all", signOff: true });
  }
  advanceEdition({ db, actor: tutor, editionId: closed.id, to: "certification" });
  // each state's signatory signature (uploaded by its coordinator), then both approvals
  for (const state of Object.keys(CLOSED)) {
    const c = actorOf(coordinatorOf(state).id);
    const s = STATES[state]!;
    const participationId = closed.parts.get(state)!;
    setStateSignatory({ db, actor: c, participationId, name: s.signatory, title: s.title, institution: s.institution, png: drawnSignature(s.signatory) });
    approveCertificates({ db, actor: c, editionId: closed.id, party: "state", participationId, now: at(f2fStart + 45) });
  }
  approveCertificates({ db, actor: actorOf(director.id), editionId: closed.id, party: "institute", now: at(f2fStart + 47) });
  const issued = await bulkIssue({ db, actor: tutor, editionId: closed.id, now: at(f2fStart + 50), notify: true });
  if (issued.issued === 0 || issued.failed > 0) throw new Error(`demo: bulk issue failed (${JSON.stringify(issued)})`);
  // the graduate's name was typed without its accents: revoked and re-issued with the corrected name
  const first = db
    .select({ serial: certificates.serial })
    .from(certificates)
    .where(and(eq(certificates.enrolmentId, closed.enrolmentOf.get(GRADUATE.email)!), eq(certificates.status, "valid")))
    .get();
  if (!first) throw new Error("demo: the graduate has no certificate");
  await reissueCertificate({
    db,
    actor: actorOf(tutor.id),
    editionId: closed.id,
    serial: first.serial,
    traineeName: GRADUATE.name,
    reason: "Corrección del nombre: faltaban las tildes y el apellido estaba mal escrito (pedido de la participante).",
    now: at(f2fStart + 64),
  });
  advanceEdition({ db, actor: tutor, editionId: closed.id, to: "closed" });

  // ---- this year's first cohort, in its face-to-face stage ---------------------------------------
  const FIRST_DAY = { UY: -16, CL: -11, PY: -2 };
  const ftf = await edition(`${year} · Cohorte A`, -210, FACE_TO_FACE, FIRST_DAY);
  await onlineStage(ftf, FACE_TO_FACE);
  // today falls on day 210 of its calendar: the window opened 20 days ago
  faceToFace(ftf, "UY", FACE_TO_FACE.UY!, { firstDay: FIRST_DAY.UY, marked: 3, assess: "all", signOff: true });
  faceToFace(ftf, "CL", FACE_TO_FACE.CL!, { firstDay: FIRST_DAY.CL, marked: 3, assess: "all", signOff: true });
  // Paraguay: two sessions held and marked, the last one is today; one trainee assessed so far
  faceToFace(ftf, "PY", FACE_TO_FACE.PY!, { firstDay: FIRST_DAY.PY, marked: 2, assess: "first", signOff: false });

  // ---- this year's second cohort, in its online stage -----------------------------------------------
  const onlineStart = -120; // its online stage runs from 30 days ago to 60 days ahead
  const online = await edition(`${year} · Cohorte B`, onlineStart, ONLINE);
  for (const trainees of Object.values(ONLINE)) {
    for (const t of trainees) {
      const id = online.enrolmentOf.get(t.email)!;
      const first = -28 + rnd.int(0, 3);
      study(id, modules.slice(0, t.modulesDone), (i) => at(Math.min(first + i * 4, -1), rnd.int(0, 400)));
      if (t.assignment) submit(id, at(-2, rnd.int(0, 300)));
      if (t.assignment === "graded") await grade(online.id, id, at(-1, rnd.int(0, 300)));
    }
  }
  return { closedEditionId: closed.id, faceToFaceEditionId: ftf.id, onlineEditionId: online.id };
}
