import { desc, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog, authTokens, emailOutbox, sessions, users } from "~db/schema";
import { createSession, validateSessionCookie } from "~/auth/lucia.server";
import {
  acceptInvitation,
  changePassword,
  checkToken,
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

  it("a never-activated account that asks for a reset gets a fresh invitation that works", async () => {
    const tutor = await makeUser(t.db, { email: "tutor@example.org", name: "Tutor", role: "tutor", password: "tutor password 1" });
    await inviteStaff({
      db: t.db,
      actor: tutor,
      person: { name: "Nunca Activada", email: "nunca@example.org", role: "tutor", locale: "es" },
      fallbackLocale: "en",
    });
    t.db.update(authTokens).set({ expiresAt: new Date(Date.now() - 1000).toISOString() }).run(); // the first link expired
    await requestPasswordReset({ db: t.db, email: "nunca@example.org", locale: "en" });
    const mail = t.db.select().from(emailOutbox).where(eq(emailOutbox.to, "nunca@example.org")).orderBy(desc(emailOutbox.id)).get()!;
    expect(mail.kind).toBe("invitation");
    expect(mail.locale).toBe("es");
    expect(mail.text).toMatch(/\/invitation\//);
    const check = checkToken(t.db, tokenFrom(mail.text), "invitation");
    expect(check.ok).toBe(true);
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
  it("after five failures the account is refused, even with the right password, while another account is not", async () => {
    await makeUser(t.db, { email: "victim@example.org", name: "V", role: "trainee", password: "the right password" });
    await makeUser(t.db, { email: "other@example.org", name: "O", role: "trainee", password: "the right password" });
    const results = [];
    for (let i = 0; i < 5; i++) {
      results.push(await signIn({ db: t.db, email: "victim@example.org", password: `wrong ${i}`, ip: "10.0.0.1" }));
    }
    expect(results.slice(0, 4).map((r) => !r.ok && r.reason)).toEqual(["invalid", "invalid", "invalid", "invalid"]);
    expect(results[4]).toMatchObject({ ok: false, reason: "throttled" });
    expect(await signIn({ db: t.db, email: "victim@example.org", password: "the right password", ip: "10.0.0.2" })).toMatchObject({
      ok: false,
      reason: "throttled",
    });
    expect(await signIn({ db: t.db, email: "other@example.org", password: "the right password", ip: "10.0.0.1" })).toMatchObject({
      ok: true,
    });
    // after the window the account may try again
    const later = new Date(Date.now() + 16 * 60_000);
    expect(
      await signIn({ db: t.db, email: "victim@example.org", password: "the right password", ip: "10.0.0.3", now: later }),
    ).toMatchObject({ ok: true });
  });

  it("throttles an address that tries many accounts", async () => {
    for (let i = 0; i < 20; i++) {
      await signIn({ db: t.db, email: `nobody${i}@example.org`, password: "x", ip: "10.9.9.9" });
    }
    await makeUser(t.db, { email: "real@example.org", name: "R", role: "trainee", password: "the right password" });
    expect(await signIn({ db: t.db, email: "real@example.org", password: "the right password", ip: "10.9.9.9" })).toMatchObject({
      reason: "throttled",
    });
  });
});
