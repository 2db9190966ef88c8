/**
 * The attendance sheet of a large state comes in pages of 50 (docs/decisions/009, fourth round): the real
 * loader and action on a real SQLite file. The running count is the whole session's; "mark the rest
 * present" without scripts marks only the form's page; a save from one page keeps the page and records
 * marks for people on other pages (what the browser sends for marks kept on the device).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-attendance-pages-"));
process.env.DATABASE_URL = path.join(dir, "pages.db");

const { getDb } = await import("~db/index.server");
const { attendance } = await import("~db/schema");
const f = await import("../factories");
const { createSession } = await import("~/auth/sessions.server");
const { planSession } = await import("~/domain/face-to-face.server");
const sheet = await import("~/routes/coordination_.$participationId_.face-to-face_.sessions.$sessionId");

const ids = { participation: 0, session: 0 };
let cookie = "";

beforeAll(async () => {
  const db = getDb();
  f.ensureStates(db);
  const course = f.makeCourse(db);
  const edition = f.makeEdition(db, { courseId: course.id, status: "face-to-face" });
  const uy = f.makeParticipation(db, { editionId: edition.id, stateCode: "UY", quota: 60, venue: "Montevideo" });
  const coordinator = await f.makeUser(db, { email: "coord.uy@example.org", name: "Valeria Sosa", role: "coordinator", password: "a long test password" });
  f.appointCoordinatorRow(db, uy.id, coordinator.id);
  for (let i = 1; i <= 60; i++) {
    const n = String(i).padStart(2, "0");
    const u = await f.makeUser(db, { email: `trainee${n}@example.org`, name: `Persona ${n} (ficticia)`, role: "trainee" });
    f.makeEnrolment(db, { editionId: edition.id, participationId: uy.id, userId: u.id });
  }
  const input = { date: "2027-05-04", startTime: "09:00", endTime: "13:00", venue: "Sala", hours: 4 };
  ids.participation = uy.id;
  ids.session = planSession({ db, actor: coordinator, participationId: uy.id, input }).sessionId;
  cookie = (await createSession(db, coordinator.id)).split(";")[0] ?? "";
});
afterAll(() => {
  getDb().$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const params = () => ({ participationId: String(ids.participation), sessionId: String(ids.session) });
const url = (search = "") => `http://localhost/coordination/${ids.participation}/face-to-face/sessions/${ids.session}${search}`;

async function load(search = "") {
  const request = new Request(url(search), { headers: { Cookie: cookie } });
  return (await sheet.loader({ request, params: params(), context: {} } as unknown as LoaderFunctionArgs)) as Awaited<
    ReturnType<typeof sheet.loader>
  >;
}

async function post(entries: Record<string, string>): Promise<Response> {
  const body = new FormData();
  for (const [k, v] of Object.entries(entries)) body.set(k, v);
  const request = new Request(url(), { method: "POST", headers: { Cookie: cookie }, body });
  return (await sheet.action({ request, params: params(), context: { ip: "127.0.0.1" } } as unknown as ActionFunctionArgs)) as Response;
}

const marks = () =>
  new Map(
    getDb()
      .select({ enrolmentId: attendance.enrolmentId, status: attendance.status })
      .from(attendance)
      .all()
      .map((m) => [m.enrolmentId, m.status]),
  );

describe("the attendance sheet in pages", () => {
  it("sends 50 people a page, the last page the rest, and the whole session's count on every page", async () => {
    const one = await load();
    expect([one.page, one.pages, one.total, one.first, one.trainees.length]).toEqual([1, 2, 60, 1, 50]);
    expect(one.totals).toEqual({ present: 0, late: 0, excused: 0, absent: 0, unmarked: 60 });
    const two = await load("?page=2");
    expect([two.page, two.first, two.trainees.length]).toEqual([2, 51, 10]);
    // no one twice, no one left out
    expect(new Set([...one.trainees, ...two.trainees].map((t) => t.enrolmentId)).size).toBe(60);
    // a page out of range or not a number shows the nearest page
    expect((await load("?page=99")).page).toBe(2);
    expect((await load("?page=x")).page).toBe(1);
  });

  it("without scripts, 'mark the rest present' on page 2 marks page 2's unmarked only, and the answer stays on page 2", async () => {
    const [first, ...rest] = (await load("?page=2")).trainees;
    const r = await post({ page: "2", rest: "present", [`mark-${first?.enrolmentId}`]: "late" });
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toBe(`/coordination/${ids.participation}/face-to-face/sessions/${ids.session}?page=2&saved=10`);
    const now = marks();
    expect(now.size).toBe(10);
    expect(now.get(first?.enrolmentId ?? 0)).toBe("late");
    for (const t of rest) expect(now.get(t.enrolmentId)).toBe("present");
    expect((await load()).totals).toEqual({ present: 9, late: 1, excused: 0, absent: 0, unmarked: 50 });
  });

  it("a save from page 2 also records marks for people on page 1 (kept on the device, sent with it)", async () => {
    const [a, b] = (await load()).trainees;
    const r = await post({ page: "2", [`mark-${a?.enrolmentId}`]: "absent", [`mark-${b?.enrolmentId}`]: "excused" });
    expect(r.headers.get("Location")).toContain("?page=2&saved=2");
    const now = marks();
    expect([now.get(a?.enrolmentId ?? 0), now.get(b?.enrolmentId ?? 0), now.size]).toEqual(["absent", "excused", 12]);
  });
});
