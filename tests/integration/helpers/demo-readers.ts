/**
 * The demo, seeded, with its online cohort open and two of its trainees enrolled and signed in: the readers
 * of the page-cache tests (render cache, front cache), who must each get their own pages.
 */
import { eq } from "drizzle-orm";
import type { Db } from "~db/index.server";
import { editions, enrolments, users } from "~db/schema";
import { seed } from "~db/seed/demo";
import { createSession } from "~/auth/sessions.server";

export interface DemoReader {
  id: number;
  name: string;
  enrolment: number;
  /** `name=value` of a fresh session cookie. */
  cookie: string;
}

export async function seedDemoReaders(db: Db): Promise<{ trainee: DemoReader; other: DemoReader }> {
  await seed(db);
  // no screen opens an edition's online stage today: the demo's edition is moved into it
  db.update(editions).set({ status: "online", onlineStartsOn: "2000-01-01", onlineEndsOn: "2999-12-31" }).run();
  const reader = async (email: string): Promise<DemoReader> => {
    const u = db.select().from(users).where(eq(users.email, email)).get()!;
    const e = db.select().from(enrolments).where(eq(enrolments.userId, u.id)).get()!;
    db.update(enrolments).set({ status: "enrolled" }).where(eq(enrolments.id, e.id)).run();
    return { id: u.id, name: u.name, enrolment: e.id, cookie: (await createSession(db, u.id)).split(";")[0]! };
  };
  return { trainee: await reader("trainee@example.org"), other: await reader("joaquin.pereira@example.org") };
}
