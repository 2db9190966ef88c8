/**
 * "Resend invitation" on a real SQLite file: a fresh link ends the older ones, only for a person still
 * invited and within the page's scope, at most INVITATIONS_PER_DAY links a day; audited; emailed.
 */
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog, authTokens, emailOutbox } from "~db/schema";
import { acceptInvitation, checkToken, DomainError, insertInvitedUser, issueToken } from "~/domain/accounts.server";
import { INVITATIONS_PER_DAY, resendInvitation } from "~/domain/invitations.server";
import { appointCoordinatorRow, ensureStates, makeCourse, makeEdition, makeEnrolment, makeParticipation, makeUser, testDb } from "../factories";

let t: ReturnType<typeof testDb>;
beforeEach(() => {
  t = testDb();
  ensureStates(t.db);
});
afterEach(() => t.cleanup());

const keyOf = async (fn: () => Promise<unknown>) => {
  try {
    await fn();
    return null;
  } catch (err) {
    if (err instanceof DomainError) return err.key;
    throw err;
  }
};

describe("resend invitation", () => {
  it("issues a fresh link that ends the older ones, emails it in the person's language, and audits it", async () => {
    const admin = await makeUser(t.db, { email: "admin@example.org", name: "Admin", role: "admin" });
    const person = insertInvitedUser(t.db, { email: "nueva.tutora@example.org", name: "Nueva Tutora", role: "tutor", locale: "pt" });
    const first = issueToken(t.db, person.id, "invitation", admin.id);
    await resendInvitation({ db: t.db, actor: admin, userId: person.id, scope: { kind: "platform" }, fallbackLocale: "es" });
    expect(checkToken(t.db, first, "invitation")).toEqual({ ok: false, reason: "expired" });
    const mail = t.db.select().from(emailOutbox).where(eq(emailOutbox.to, "nueva.tutora@example.org")).all().at(-1)!;
    expect(mail.locale).toBe("pt");
    const fresh = /\/invitation\/([\w-]+)/.exec(mail.text)![1]!;
    expect(checkToken(t.db, fresh, "invitation").ok).toBe(true);
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, "user.reinvite")).all()).toHaveLength(1);
    await acceptInvitation({ db: t.db, token: fresh, password: "una frase larga y segura" });
    expect(await keyOf(() => resendInvitation({ db: t.db, actor: admin, userId: person.id, scope: { kind: "platform" }, fallbackLocale: "es" }))).toBe(
      "invitations.alreadyActive",
    );
  });

  it("stays within the page's scope and is limited per person and day", async () => {
    const coord = await makeUser(t.db, { email: "coord@example.org", name: "Coord", role: "coordinator" });
    const course = makeCourse(t.db);
    const edition = makeEdition(t.db, { courseId: course.id, name: "2027" });
    const uy = makeParticipation(t.db, { editionId: edition.id, stateCode: "UY", quota: 5 });
    const cl = makeParticipation(t.db, { editionId: edition.id, stateCode: "CL", quota: 5 });
    appointCoordinatorRow(t.db, uy.id, coord.id);
    const trainee = insertInvitedUser(t.db, { email: "participante@example.org", name: "Participante", role: "trainee" });
    makeEnrolment(t.db, { editionId: edition.id, participationId: uy.id, userId: trainee.id });
    // another state's coordinator page cannot reach this person
    expect(await keyOf(() => resendInvitation({ db: t.db, actor: coord, userId: trainee.id, scope: { kind: "trainee", participationId: cl.id }, fallbackLocale: "es" }))).toBe(
      "editions:errors.notFound",
    );
    expect(await keyOf(() => resendInvitation({ db: t.db, actor: coord, userId: trainee.id, scope: { kind: "coordinator", participationId: uy.id }, fallbackLocale: "es" }))).toBe(
      "editions:errors.notFound",
    );
    for (let i = 0; i < INVITATIONS_PER_DAY; i++) {
      await resendInvitation({ db: t.db, actor: coord, userId: trainee.id, scope: { kind: "trainee", participationId: uy.id }, fallbackLocale: "es" });
    }
    expect(await keyOf(() => resendInvitation({ db: t.db, actor: coord, userId: trainee.id, scope: { kind: "trainee", participationId: uy.id }, fallbackLocale: "es" }))).toBe(
      "invitations.tooMany",
    );
    const live = t.db
      .select()
      .from(authTokens)
      .where(and(eq(authTokens.userId, trainee.id), eq(authTokens.kind, "invitation")))
      .all()
      .filter((x) => x.expiresAt > new Date().toISOString());
    expect(live).toHaveLength(1);
  });
});
