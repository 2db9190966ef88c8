import { desc, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createHash } from "node:crypto";
import { auditLog, authTokens, emailOutbox, sessions, signInAttempts, users } from "~db/schema";
import { createSession, invalidateOtherSessions, sessionIdOf, validateSessionCookie } from "~/auth/sessions.server";
import { passwordProblem } from "~/auth/password-policy.server";
import { resetEnvCache } from "~/env.server";
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
    const actions = t.db.select({ action: auditLog.action }).from(auditLog).orderBy(auditLog.id).all().map((a) => a.action);
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

describe("sessions to ASVS L2", () => {
  const value = (cookie: string) => cookie.split(";")[0]!;
  const MIN = 60_000;

  it("stores only the SHA-256 of the cookie's token: a read of the table yields no usable cookie", async () => {
    const u = await makeUser(t.db, { email: "h@example.org", name: "H", role: "admin", password: "session password" });
    const cookie = await createSession(t.db, u.id);
    const token = value(cookie).split("=")[1]!;
    expect(token.length).toBeGreaterThanOrEqual(40);
    const row = t.db.select().from(sessions).get()!;
    expect(row.id).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(t.db.select().from(sessions).all())).not.toContain(token);
    // the stored id, presented as a cookie, opens nothing
    expect((await validateSessionCookie(t.db, `aula_session=${row.id}`)).userId).toBeNull();
  });

  it("staff and coordinators are signed out after 30 idle minutes, trainees after 2 hours", async () => {
    const t0 = new Date("2027-03-01T08:00:00Z");
    const at = (minutes: number) => new Date(t0.getTime() + minutes * MIN);
    const coord = await makeUser(t.db, { email: "co@example.org", name: "Co", role: "coordinator", password: "session password" });
    const trainee = await makeUser(t.db, { email: "tr@example.org", name: "Tr", role: "trainee", password: "session password" });
    const c = value(await createSession(t.db, coord.id, null, t0));
    const tr = value(await createSession(t.db, trainee.id, null, t0));
    expect((await validateSessionCookie(t.db, c, at(29))).userId).toBe(coord.id); // activity moves the idle clock
    expect((await validateSessionCookie(t.db, c, at(58))).userId).toBe(coord.id);
    const idle = await validateSessionCookie(t.db, c, at(89));
    expect(idle.userId).toBeNull();
    expect(idle.setCookie).toMatch(/Max-Age=0/);
    expect(t.db.select().from(sessions).where(eq(sessions.userId, coord.id)).all()).toHaveLength(0);
    expect((await validateSessionCookie(t.db, tr, at(100))).userId).toBe(trainee.id);
    expect((await validateSessionCookie(t.db, tr, at(221))).userId).toBeNull();
  });

  it("idle timeouts come from the configuration", async () => {
    process.env.SESSION_IDLE_MINUTES = "5";
    resetEnvCache();
    try {
      const t0 = new Date("2027-03-01T08:00:00Z");
      const u = await makeUser(t.db, { email: "tu@example.org", name: "Tu", role: "tutor", password: "session password" });
      const c = value(await createSession(t.db, u.id, null, t0));
      expect((await validateSessionCookie(t.db, c, new Date(t0.getTime() + 6 * MIN))).userId).toBeNull();
    } finally {
      delete process.env.SESSION_IDLE_MINUTES;
      resetEnvCache();
    }
  });

  it("no session outlives 12 hours, however active", async () => {
    const t0 = new Date("2027-03-01T08:00:00Z");
    const u = await makeUser(t.db, { email: "busy@example.org", name: "B", role: "trainee", password: "session password" });
    const cookie = await createSession(t.db, u.id, null, t0);
    expect(cookie).toMatch(/Max-Age=43200/);
    const c = value(cookie);
    for (let m = 60; m < 720; m += 60) expect((await validateSessionCookie(t.db, c, new Date(t0.getTime() + m * MIN))).userId).toBe(u.id);
    expect((await validateSessionCookie(t.db, c, new Date(t0.getTime() + 720 * MIN))).userId).toBeNull();
  });

  it("a new sign-in ends the session the browser had; a password change ends the others", async () => {
    const u = await makeUser(t.db, { email: "two@example.org", name: "Two", role: "tutor", password: "session password" });
    const first = value(await createSession(t.db, u.id));
    const second = value(await createSession(t.db, u.id, first));
    expect((await validateSessionCookie(t.db, first)).userId).toBeNull();
    expect((await validateSessionCookie(t.db, second)).userId).toBe(u.id);
    const elsewhere = value(await createSession(t.db, u.id));
    await changePassword({
      db: t.db,
      userId: u.id,
      currentPassword: "session password",
      newPassword: "a brand new sentence",
      keepSessionId: sessionIdOf(second.split("=")[1]!),
    });
    expect((await validateSessionCookie(t.db, second)).userId).toBe(u.id);
    expect((await validateSessionCookie(t.db, elsewhere)).userId).toBeNull();
    invalidateOtherSessions(t.db, u.id, null);
    expect((await validateSessionCookie(t.db, second)).userId).toBeNull();
  });

  it("a disabled account's session ends", async () => {
    const u = await makeUser(t.db, { email: "off@example.org", name: "Off", role: "tutor", password: "session password" });
    const c = value(await createSession(t.db, u.id));
    t.db.update(users).set({ status: "disabled" }).where(eq(users.id, u.id)).run();
    expect((await validateSessionCookie(t.db, c)).userId).toBeNull();
    expect(t.db.select().from(sessions).all()).toHaveLength(0);
  });
});

describe("reset links and new passwords", () => {
  const live = () =>
    t.db
      .select()
      .from(authTokens)
      .all()
      .filter((r) => r.kind === "password-reset" && !r.usedAt && r.expiresAt > new Date().toISOString());

  it("a new request ends the older links: 30 requests leave one live link", async () => {
    await makeUser(t.db, { email: "q@example.org", name: "Q", role: "trainee", password: "old password 123" });
    for (let i = 0; i < 30; i++) await requestPasswordReset({ db: t.db, email: "q@example.org", locale: "en" });
    expect(t.db.select().from(authTokens).all()).toHaveLength(30);
    expect(live()).toHaveLength(1);
  });

  it("after a successful reset, an older link is dead, and so is every session", async () => {
    const u = await makeUser(t.db, { email: "r@example.org", name: "R", role: "trainee", password: "old password 123" });
    const session = (await createSession(t.db, u.id)).split(";")[0]!;
    // two links live at once (an older one issued before this rule, or by an admin)
    const older = issueToken(t.db, u.id, "password-reset", null);
    const newer = issueToken(t.db, u.id, "password-reset", null);
    t.db.update(authTokens).set({ expiresAt: new Date(Date.now() + 3_600_000).toISOString() }).run();
    expect(live()).toHaveLength(2);
    await resetPassword({ db: t.db, token: newer, password: "new password 456" });
    await expect(resetPassword({ db: t.db, token: older, password: "third password 789" })).rejects.toThrow("auth.link.expired");
    expect(live()).toHaveLength(0);
    expect((await validateSessionCookie(t.db, session)).userId).toBeNull();
    const after = t.db.select().from(users).where(eq(users.id, u.id)).get()!;
    expect(await verifyPassword(after.passwordHash, "new password 456")).toBe(true);
  });

  it("refuses common, repetitive and current passwords, and changes nothing", async () => {
    const u = await makeUser(t.db, { email: "w@example.org", name: "W", role: "tutor", password: "current password" });
    const before = t.db.select().from(users).where(eq(users.id, u.id)).get()!.passwordHash;
    const change = (newPassword: string) =>
      changePassword({ db: t.db, userId: u.id, currentPassword: "current password", newPassword });
    await expect(change("password123")).rejects.toMatchObject({ key: "auth.password.common", field: "newPassword" });
    await expect(change("Basketball")).rejects.toMatchObject({ key: "auth.password.common" });
    await expect(change("aaaaaaaaaa")).rejects.toMatchObject({ key: "auth.password.repetitive" });
    await expect(change("abcabcabcabc")).rejects.toMatchObject({ key: "auth.password.repetitive" });
    await expect(change("current password")).rejects.toMatchObject({ key: "auth.password.sameAsCurrent" });
    expect(t.db.select().from(users).where(eq(users.id, u.id)).get()!.passwordHash).toBe(before);

    const token = issueToken(t.db, u.id, "password-reset", null);
    await expect(resetPassword({ db: t.db, token, password: "qwertyuiop" })).rejects.toMatchObject({ key: "auth.password.common" });
    await expect(resetPassword({ db: t.db, token, password: "current password" })).rejects.toMatchObject({
      key: "auth.password.sameAsCurrent",
    });
    // the link was not spent by a refused password
    await resetPassword({ db: t.db, token, password: "a fresh long sentence" });

    const invited = await makeUser(t.db, { email: "i@example.org", name: "I", role: "tutor" });
    const inv = issueToken(t.db, invited.id, "invitation", null);
    await expect(acceptInvitation({ db: t.db, token: inv, password: "1234567890" })).rejects.toMatchObject({
      key: "auth.password.common",
    });
    expect(t.db.select().from(users).where(eq(users.id, invited.id)).get()!.status).toBe("invited");
  });

  it("the policy accepts ordinary passphrases", () => {
    expect(passwordProblem("correct horse battery")).toBeNull();
    expect(passwordProblem("una contraseña larga")).toBeNull();
    expect(passwordProblem("kkkkkqqqqq")).toBe("auth.password.repetitive");
    expect(passwordProblem("Password123")).toBe("auth.password.common");
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
    // at the full hashing cost (tests run cheaper, vitest.config.ts), so that the hash dominates the time
    vi.stubEnv("AULA_TEST_SCRYPT_N", "");
    try {
      const hash = await hashPassword("the right password");
      expect(hash.startsWith("scrypt$32768$")).toBe(true);
      t.db.insert(users).values({ email: "known@example.org", name: "K", role: "trainee", status: "active", passwordHash: hash }).run();
      const time = async (email: string, ip: string) => {
        const start = performance.now();
        const r = await signIn({ db: t.db, email, password: "not it at all", ip });
        return { r, ms: performance.now() - start };
      };
      // the median of five alternating pairs (each from its own address, so no throttle applies): one
      // pause of a busy machine does not decide the comparison
      const known: Awaited<ReturnType<typeof time>>[] = [];
      const unknown: Awaited<ReturnType<typeof time>>[] = [];
      for (let i = 0; i < 5; i++) {
        known.push(await time("known@example.org", `10.1.1.${i + 1}`));
        unknown.push(await time("ghost@example.org", `10.1.2.${i + 1}`));
      }
      const median = (xs: { ms: number }[]) => xs.map((x) => x.ms).sort((a, b) => a - b)[2]!;
      for (const u of unknown) expect(u.r).toEqual(known[0]!.r);
      expect(median(unknown)).toBeGreaterThan(median(known) / 3);
      expect(median(unknown)).toBeLessThan(median(known) * 3);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
