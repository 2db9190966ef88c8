import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog, authTokens, emailOutbox, sessions, signInAttempts, users } from "~db/schema";
import { createSession, validateSessionCookie } from "~/auth/sessions.server";
import {
  acceptInvitation,
  changePassword,
  DomainError,
  inviteStaff,
  issueToken,
  requestPasswordReset,
  resetPassword,
  signIn,
} from "~/domain/accounts.server";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { makeUser, testDb } from "../factories";

let t: ReturnType<typeof testDb>;
beforeEach(() => {
  t = testDb();
});
afterEach(() => t.cleanup());

const tokenFrom = (text: string) => text.match(/\/(?:invitation|reset-password)\/([\w-]+)/)![1]!;

describe("passwords", () => {
  it("hashes with scrypt and verifies only the right password", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^scrypt\$/);
    expect(await verifyPassword(hash, "correct horse battery")).toBe(true);
    expect(await verifyPassword(hash, "correct horse batterY")).toBe(false);
    expect(await verifyPassword(null, "anything")).toBe(false);
  });
});

describe("invitations", () => {
  it("an admin's invitation is emailed in the invitee's language; the link activates once", async () => {
    const admin = await makeUser(t.db, { email: "adm@example.org", name: "Adm", role: "admin", password: "long password 1" });
    const { userId } = await inviteStaff({
      db: t.db,
      actor: admin,
      person: { email: "Nueva.Tutora@Example.org", name: "Nueva Tutora", role: "tutor", locale: "es" },
      fallbackLocale: "en",
    });
    const mail = t.db.select().from(emailOutbox).where(eq(emailOutbox.to, "nueva.tutora@example.org")).get()!;
    expect(mail.locale).toBe("es");
    expect(mail.kind).toBe("invitation");
    const token = tokenFrom(mail.text);
    expect(t.db.select().from(users).where(eq(users.id, userId)).get()?.status).toBe("invited");

    await acceptInvitation({ db: t.db, token, password: "una contraseña larga" });
    const user = t.db.select().from(users).where(eq(users.id, userId)).get()!;
    expect(user.status).toBe("active");
    expect(await verifyPassword(user.passwordHash, "una contraseña larga")).toBe(true);
    await expect(acceptInvitation({ db: t.db, token, password: "otra contraseña larga" })).rejects.toThrow(
      "auth.link.used",
    );
    const actions = t.db.select({ action: auditLog.action }).from(auditLog).all().map((a) => a.action);
    expect(actions).toEqual(["user.invite", "user.activate"]);
  });

  it("refuses an expired or unknown link and changes nothing", async () => {
    const u = await makeUser(t.db, { email: "late@example.org", name: "Late", role: "tutor" });
    const token = issueToken(t.db, u.id, "invitation", null, new Date("2020-01-01T00:00:00Z"));
    await expect(acceptInvitation({ db: t.db, token, password: "long enough pw" })).rejects.toThrow("auth.link.expired");
    await expect(acceptInvitation({ db: t.db, token: "nope", password: "long enough pw" })).rejects.toThrow(
      "auth.link.invalid",
    );
    expect(t.db.select().from(users).where(eq(users.id, u.id)).get()?.status).toBe("invited");
  });

  it("refuses to invite an email that already has an account", async () => {
    const admin = await makeUser(t.db, { email: "adm@example.org", name: "Adm", role: "admin", password: "long password 1" });
    await expect(
      inviteStaff({
        db: t.db,
        actor: admin,
        person: { email: "ADM@example.org", name: "Dup", role: "tutor" },
        fallbackLocale: "en",
      }),
    ).rejects.toBeInstanceOf(DomainError);
    expect(t.db.select().from(users).all()).toHaveLength(1);
  });
});

describe("password reset and change", () => {
  it("a reset link sets a new password, once, and ends every session", async () => {
    const u = await makeUser(t.db, { email: "p@example.org", name: "P", role: "trainee", password: "old password 123", locale: "fr" });
    await createSession(t.db, u.id);
    await requestPasswordReset({ db: t.db, email: "P@example.org", locale: "en" });
    const mail = t.db.select().from(emailOutbox).get()!;
    expect(mail.locale).toBe("fr");
    const token = tokenFrom(mail.text);
    await resetPassword({ db: t.db, token, password: "new password 456" });
    const after = t.db.select().from(users).where(eq(users.id, u.id)).get()!;
    expect(await verifyPassword(after.passwordHash, "new password 456")).toBe(true);
    await expect(resetPassword({ db: t.db, token, password: "third password 789" })).rejects.toThrow("auth.link.used");
  });

  it("asking a reset for an unknown address sends nothing and says nothing different", async () => {
    await requestPasswordReset({ db: t.db, email: "ghost@example.org", locale: "en" });
    expect(t.db.select().from(emailOutbox).all()).toHaveLength(0);
    expect(t.db.select().from(authTokens).all()).toHaveLength(0);
  });

  it("changing the password needs the current one", async () => {
    const u = await makeUser(t.db, { email: "c@example.org", name: "C", role: "tutor", password: "current password" });
    await expect(
      changePassword({ db: t.db, userId: u.id, currentPassword: "wrong", newPassword: "a new password" }),
    ).rejects.toThrow("auth.wrongCurrentPassword");
    await changePassword({ db: t.db, userId: u.id, currentPassword: "current password", newPassword: "a new password" });
    const after = t.db.select().from(users).where(eq(users.id, u.id)).get()!;
    expect(await verifyPassword(after.passwordHash, "a new password")).toBe(true);
  });
});

describe("sessions", () => {
  it("a session cookie is HttpOnly, SameSite=Lax and validates back to its user", async () => {
    const u = await makeUser(t.db, { email: "s@example.org", name: "S", role: "tutor", password: "session password" });
    const cookie = await createSession(t.db, u.id);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const check = await validateSessionCookie(t.db, cookie.split(";")[0]!);
    expect(check.userId).toBe(u.id);
    t.db.delete(sessions).run();
    const gone = await validateSessionCookie(t.db, cookie.split(";")[0]!);
    expect(gone.userId).toBeNull();
    expect(gone.setCookie).toMatch(/Max-Age=0/);
  });
});

describe("sign-in throttling", () => {
  it("20 parallel wrong passwords on one account record 20 attempts and check at most 5", async () => {
    await makeUser(t.db, { email: "victim@example.org", name: "V", role: "trainee", password: "the right password" });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signIn({ db: t.db, email: "victim@example.org", password: `wrong ${i}`, ip: "10.0.0.1" })),
    );
    expect(results.every((r) => !r.ok)).toBe(true);
    const rows = t.db.select().from(signInAttempts).all();
    expect(rows).toHaveLength(20);
    expect(rows.filter((r) => r.checked)).toHaveLength(5);
    expect(rows.filter((r) => r.success)).toHaveLength(0);
    expect(results.filter((r) => !r.ok && r.reason === "throttled").length).toBeGreaterThanOrEqual(15);
  });

  it("slows the account and address pair down instead of locking the owner out", async () => {
    await makeUser(t.db, { email: "victim@example.org", name: "V", role: "trainee", password: "the right password" });
    const t0 = new Date("2027-03-01T10:00:00Z");
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    const attempt = (password: string, ip: string, seconds: number) =>
      signIn({ db: t.db, email: "victim@example.org", password, ip, now: at(seconds) });
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await attempt(`wrong ${i}`, "10.0.0.1", i));
    expect(results.slice(0, 4).map((r) => !r.ok && r.reason)).toEqual(["invalid", "invalid", "invalid", "invalid"]);
    expect(results[4]).toEqual({ ok: false, reason: "throttled", retryAfterSeconds: 30 });
    // from that address, even the right password waits (unchecked) until the delay has passed
    expect(await attempt("the right password", "10.0.0.1", 10)).toMatchObject({ ok: false, reason: "throttled" });
    // the owner, elsewhere, is not locked out
    expect(await attempt("the right password", "10.0.0.2", 11)).toMatchObject({ ok: true });
    // after the delay the pair gets one more check; each further failure doubles the wait
    expect(await attempt("wrong again", "10.0.0.1", 35)).toEqual({ ok: false, reason: "throttled", retryAfterSeconds: 60 });
    expect(await attempt("the right password", "10.0.0.1", 80)).toMatchObject({ ok: false, reason: "throttled" });
    expect(await attempt("the right password", "10.0.0.1", 96)).toMatchObject({ ok: true });
    // a success starts the pair afresh
    expect(await attempt("wrong once more", "10.0.0.1", 97)).toEqual({ ok: false, reason: "invalid" });
  });

  it("failures of many accounts from one address (a ministry's NAT) lock nobody else out", async () => {
    for (let i = 0; i < 25; i++) {
      await signIn({ db: t.db, email: `nobody${i}@example.org`, password: "x", ip: "10.9.9.9" });
    }
    await makeUser(t.db, { email: "real@example.org", name: "R", role: "trainee", password: "the right password" });
    expect(await signIn({ db: t.db, email: "real@example.org", password: "the right password", ip: "10.9.9.9" })).toMatchObject({
      ok: true,
    });
  });

  it("an unknown email is answered like a wrong password, in similar time", async () => {
    await makeUser(t.db, { email: "known@example.org", name: "K", role: "trainee", password: "the right password" });
    const time = async (email: string) => {
      const start = performance.now();
      const r = await signIn({ db: t.db, email, password: "not it at all", ip: "10.1.1.1" });
      return { r, ms: performance.now() - start };
    };
    const known = await time("known@example.org");
    const unknown = await time("ghost@example.org");
    expect(unknown.r).toEqual(known.r);
    expect(unknown.ms).toBeGreaterThan(known.ms / 3);
    expect(unknown.ms).toBeLessThan(known.ms * 3);
  });
});
