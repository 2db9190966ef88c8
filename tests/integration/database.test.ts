import { count, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { coordinatorAppointments, editions, enrolments, participations, states, users } from "~db/schema";
import { seed } from "~db/seed/demo";
import { testDb } from "../factories";

let cleanup: () => void = () => {};
afterEach(() => cleanup());

describe("database", () => {
  it("applies the migrations to an empty file, with WAL, foreign keys and a busy timeout", () => {
    const t = testDb();
    cleanup = t.cleanup;
    const tables = t.db
      .all<{ name: string }>(sql`select name from sqlite_master where type = 'table' order by name`)
      .map((r) => r.name);
    for (const name of [
      "states",
      "users",
      "sessions",
      "auth_tokens",
      "courses",
      "editions",
      "participations",
      "coordinator_appointments",
      "enrolments",
      "module_progress",
      "quiz_attempts",
      "assignment_submissions",
      "forum_posts",
      "face_to_face_sessions",
      "attendance",
      "face_to_face_assessments",
      "certificate_approvals",
      "certificates",
      "audit_log",
      "email_outbox",
    ]) {
      expect(tables).toContain(name);
    }
    expect(t.db.$client.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(t.db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(t.db.$client.pragma("busy_timeout", { simple: true })).toBe(5000);
  });

  it("enforces foreign keys", () => {
    const t = testDb();
    cleanup = t.cleanup;
    expect(() =>
      t.db.insert(users).values({ email: "x@example.org", name: "X", role: "trainee", stateCode: "ZZ" }).run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it("seeds the 35 OAS states and the demo, and seeding again changes nothing", async () => {
    const t = testDb();
    cleanup = t.cleanup;
    expect(await seed(t.db)).toBe(true);
    const counts = () => ({
      states: t.db.select({ n: count() }).from(states).get()!.n,
      users: t.db.select({ n: count() }).from(users).get()!.n,
      editions: t.db.select({ n: count() }).from(editions).get()!.n,
      participations: t.db.select({ n: count() }).from(participations).get()!.n,
      coordinators: t.db.select({ n: count() }).from(coordinatorAppointments).get()!.n,
      enrolments: t.db.select({ n: count() }).from(enrolments).get()!.n,
    });
    const first = counts();
    expect(first).toEqual({ states: 35, users: 11, editions: 1, participations: 4, coordinators: 4, enrolments: 5 });
    expect(await seed(t.db)).toBe(false);
    expect(counts()).toEqual(first);
    const uy = t.db.select().from(states).where(sql`code = 'UY'`).get();
    expect(uy).toMatchObject({ nameEn: "Uruguay", nameEs: "Uruguay", namePt: "Uruguai", nameFr: "Uruguay" });
    const edition = t.db.select().from(editions).get();
    expect(edition?.status).toBe("nominations");
  });
});
