/**
 * Every email says why the person gets it (course, edition, state, seat or role), what to do next with
 * a link that fits the account (a never-activated person always gets an activation link), by when (in
 * the edition's time zone, named), in the recipient's language (issue 10, point 7). Each case runs the
 * real domain action on a real SQLite file and reads the outbox row.
 */
import { desc, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { editions, emailOutbox, users } from "~db/schema";
import { acceptInvitation, requestPasswordReset } from "~/domain/accounts.server";
import { appointCoordinator } from "~/domain/editions.server";
import { nominateTrainee, withdrawTrainee } from "~/domain/enrolments.server";
import { appointCoordinatorRow, ensureStates, makeCourse, makeEdition, makeParticipation, makeUser, testDb } from "../factories";

let t: ReturnType<typeof testDb>;
let world: Awaited<ReturnType<typeof build>>;

async function build() {
  ensureStates(t.db);
  const course = makeCourse(t.db);
  const edition = makeEdition(t.db, { courseId: course.id, status: "nominations" });
  // a zone other than the default, so that the deadline's zone is the edition's and not a fixed one
  t.db.update(editions).set({ timeZone: "America/Mexico_City" }).where(eq(editions.id, edition.id)).run();
  const uy = makeParticipation(t.db, { editionId: edition.id, stateCode: "UY", quota: 1 });
  const coord = await makeUser(t.db, { email: "coord@example.org", name: "Coordinación UY", role: "coordinator", password: "coordinator pw" });
  appointCoordinatorRow(t.db, uy.id, coord.id);
  const tutor = await makeUser(t.db, { email: "tutor@example.org", name: "Tutora Ficticia", role: "tutor", password: "tutor password" });
  return { edition: t.db.select().from(editions).where(eq(editions.id, edition.id)).get()!, uy, coord, tutor };
}

const lastTo = (to: string) => t.db.select().from(emailOutbox).where(eq(emailOutbox.to, to)).orderBy(desc(emailOutbox.id)).get()!;
const firstLink = (text: string) => new URL(text.match(/https?:\/\/\S+/)![0]).pathname;
const nominee = (n: number, locale: "es" | "pt" | "fr" | "en") => ({
  name: `Persona ${n}`,
  email: `persona${n}@example.org`,
  institution: "Ministerio (ficticio)",
  position: "Técnica",
  locale,
});

/** English sentences that must never be left in a translated email (words of the English templates). */
const ENGLISH = /\b(Hello|You receive|you are|has invited|open this link|The link works|waiting list|Sign in|seat)\b/;

beforeEach(async () => {
  t = testDb();
  world = await build();
});
afterEach(() => t.cleanup());

describe("a trainee's invitation says the course, the state and the seat", () => {
  it("enrolled (es) and waiting at position 1 (pt), each with an activation link and its deadline in the edition's zone", async () => {
    const { uy, coord, edition } = world;
    await nominateTrainee({ db: t.db, actor: coord, participationId: uy.id, trainee: nominee(1, "es"), fallbackLocale: "es" });
    await nominateTrainee({ db: t.db, actor: coord, participationId: uy.id, trainee: nominee(2, "pt"), fallbackLocale: "es" });

    const es = lastTo("persona1@example.org");
    expect(es.subject).toContain("invitación");
    expect(es.subject).toContain(edition.name);
    expect(es.subject).toContain("Uruguay");
    expect(es.text).toMatch(/^Hola Persona 1:/);
    expect(es.text).toContain("Uruguay le ha postulado al curso");
    expect(es.text).toContain("su inscripción está confirmada");
    expect(firstLink(es.text)).toMatch(/^\/invitation\/[\w-]{20,}$/);
    expect(es.text).toMatch(/hasta el .*(hora|GMT|CST|México)/); // the deadline names the zone
    expect(es.text).not.toMatch(ENGLISH);
    expect(es.html).toContain('<html lang="es">');
    expect(es.html).toContain(`<a href="http`);

    const pt = lastTo("persona2@example.org");
    expect(pt.locale).toBe("pt");
    expect(pt.subject).toContain("lista de espera");
    expect(pt.text).toContain("você é o número 1 da lista de espera");
    expect(firstLink(pt.text)).toMatch(/^\/invitation\//);
    expect(pt.text).not.toMatch(ENGLISH);
  });

  it("the deadline is the link's expiry shown in the edition's time zone", async () => {
    const { uy, coord } = world;
    await nominateTrainee({ db: t.db, actor: coord, participationId: uy.id, trainee: nominee(1, "en"), fallbackLocale: "es" });
    const mail = lastTo("persona1@example.org");
    const expires = new Date(Date.now() + 7 * 86_400_000);
    const inMexico = new Intl.DateTimeFormat("en", { timeZone: "America/Mexico_City", day: "numeric", month: "short" }).format(expires);
    expect(mail.text).toContain(`The link works once, until ${inMexico}`);
    expect(mail.text).toMatch(/Central Time|CST|CDT|Mexico/);
  });
});

describe("a promotion from the waiting list", () => {
  it("gives a never-activated person a fresh invitation link that activates the account, in French", async () => {
    const { uy, coord, edition } = world;
    const first = await nominateTrainee({ db: t.db, actor: coord, participationId: uy.id, trainee: nominee(1, "es"), fallbackLocale: "es" });
    await nominateTrainee({ db: t.db, actor: coord, participationId: uy.id, trainee: nominee(2, "fr"), fallbackLocale: "es" });
    await withdrawTrainee({ db: t.db, actor: coord, participationId: uy.id, enrolmentId: first.enrolmentId, reason: "Cambio de funciones" });

    const mail = lastTo("persona2@example.org");
    expect(mail.kind).toBe("promotion-invited");
    expect(mail.subject).toContain("Une place vous revient");
    expect(mail.subject).toContain(edition.name);
    expect(mail.text).toContain("liste d'attente de Uruguay");
    expect(mail.text).not.toContain("/learning");
    expect(mail.text).not.toMatch(ENGLISH);
    const token = firstLink(mail.text).replace("/invitation/", "");
    await acceptInvitation({ db: t.db, token, password: "une phrase assez longue" });
    expect(t.db.select().from(users).where(eq(users.email, "persona2@example.org")).get()!.status).toBe("active");

    // the withdrawn person is told why, by whom, in Spanish
    const withdrawn = lastTo("persona1@example.org");
    expect(withdrawn.subject).toContain("Se retiró su postulación");
    expect(withdrawn.text).toContain("Motivo: Cambio de funciones");
    expect(withdrawn.text).toContain("Coordinación UY");
    expect(withdrawn.text).not.toMatch(ENGLISH);
  });

  it("sends an active person to the course", async () => {
    const { uy, coord } = world;
    await makeUser(t.db, { email: "persona2@example.org", name: "Persona 2", role: "trainee", password: "a long trainee password", locale: "es" });
    const first = await nominateTrainee({ db: t.db, actor: coord, participationId: uy.id, trainee: nominee(1, "es"), fallbackLocale: "es" });
    await nominateTrainee({ db: t.db, actor: coord, participationId: uy.id, trainee: nominee(2, "es"), fallbackLocale: "es" });
    expect(lastTo("persona2@example.org").subject).toContain("Lista de espera");
    await withdrawTrainee({ db: t.db, actor: coord, participationId: uy.id, enrolmentId: first.enrolmentId, reason: "Otro motivo" });
    const mail = lastTo("persona2@example.org");
    expect(mail.kind).toBe("promotion");
    expect(firstLink(mail.text)).toBe("/learning");
  });
});

describe("a coordinator's appointment", () => {
  it("a new coordinator is invited for the state, with the nominations' closing date; an existing one is sent to the state's page", async () => {
    const { uy, tutor, edition } = world;
    await appointCoordinator({ db: t.db, actor: tutor, participationId: uy.id, person: { email: "nueva@example.org", name: "Nueva Coordinadora", locale: "es" }, fallbackLocale: "es" });
    const invited = lastTo("nueva@example.org");
    expect(invited.subject).toContain("coordinación local de Uruguay");
    expect(invited.text).toContain("Tutora Ficticia le ha designado coordinador/a local de Uruguay");
    expect(invited.text).toContain("Las postulaciones cierran el");
    expect(firstLink(invited.text)).toMatch(/^\/invitation\//);
    expect(invited.text).not.toMatch(ENGLISH);

    await makeUser(t.db, { email: "otra@example.org", name: "Otra Coordinadora", role: "coordinator", password: "another coordinator", locale: "pt" });
    await appointCoordinator({ db: t.db, actor: tutor, participationId: uy.id, person: { email: "otra@example.org", name: "x" }, fallbackLocale: "es" });
    const existing = lastTo("otra@example.org");
    expect(existing.subject).toContain(edition.name);
    expect(existing.text).toContain("coordenador(a) local de Uruguai");
    expect(firstLink(existing.text)).toBe(`/coordination/${uy.id}`);
    expect(existing.text).not.toMatch(ENGLISH);
  });
});

describe("forgot password", () => {
  it("a never-activated trainee gets an invitation that still says the course and the seat; an active person a reset link", async () => {
    const { uy, coord } = world;
    await nominateTrainee({ db: t.db, actor: coord, participationId: uy.id, trainee: nominee(1, "fr"), fallbackLocale: "es" });
    await requestPasswordReset({ db: t.db, email: "persona1@example.org", locale: "es" });
    const again = lastTo("persona1@example.org");
    expect(t.db.select().from(emailOutbox).where(eq(emailOutbox.to, "persona1@example.org")).all()).toHaveLength(2);
    expect(again.text).toContain("Uruguay vous a proposé·e pour la formation");
    expect(again.text).toContain("votre inscription est confirmée");
    expect(firstLink(again.text)).toMatch(/^\/invitation\//);
    expect(again.text).not.toMatch(ENGLISH);

    await requestPasswordReset({ db: t.db, email: "tutor@example.org", locale: "es" });
    const reset = lastTo("tutor@example.org");
    expect(reset.kind).toBe("password-reset");
    expect(firstLink(reset.text)).toMatch(/^\/reset-password\//);
    expect(reset.text).toMatch(/(Uruguay|GMT-3|UYT)/); // the institute's zone, named
  });
});
