/**
 * The coordinator's home says what is true today about nominations (issue 10, point 6): not yet open,
 * open until the closing day (23:59 in the edition's zone), closed since it, or the later phase.
 * Through the real Remix handler, with a real SQLite file.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-coordhome-"));
process.env.DATABASE_URL = path.join(dir, "coordhome.db");

const { getDb } = await import("~db/index.server");
const { editions } = await import("~db/schema");
const { createSession } = await import("~/auth/sessions.server");
const { appointCoordinatorRow, ensureStates, makeCourse, makeEdition, makeParticipation, makeUser } = await import("~db/seed/factories");
const { loadRemixApp } = await import("./helpers/remix-app");

const db = getDb();
let app: Awaited<ReturnType<typeof loadRemixApp>>;
let editionId = 0;
let cookie = "";

beforeAll(async () => {
  ensureStates(db);
  const course = makeCourse(db);
  const coord = await makeUser(db, { email: "coord.home@example.org", name: "Coordinadora (ficticia)", role: "coordinator", locale: "es", stateCode: "UY", password: "coord-home-password-1" });
  editionId = makeEdition(db, { courseId: course.id, name: "2031" }).id;
  appointCoordinatorRow(db, makeParticipation(db, { editionId, stateCode: "UY", quota: 5 }).id, coord.id);
  cookie = (await createSession(db, coord.id)).split(";")[0]!;
  app = await loadRemixApp();
}, 60_000);

afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function home(): Promise<string> {
  const res = await app.handle(new Request("http://localhost/coordination", { headers: { Host: "localhost", Cookie: cookie } }));
  expect(res.status).toBe(200);
  return (await res.text()).replace(/<script[\s\S]*?<\/script>/g, "");
}

/** Moves the edition's phase and dates: no screen sets dates in the past or moves a phase without its rules. */
function phase(status: "draft" | "nominations" | "online" | "face-to-face" | "certification" | "closed", opens: string, closes: string) {
  db.update(editions)
    .set({ status, nominationOpensOn: opens, nominationClosesOn: closes, onlineStartsOn: "2031-03-15", onlineEndsOn: "2031-06-30", faceToFaceStartsOn: "2031-07-15", faceToFaceEndsOn: "2031-09-30" })
    .where(eq(editions.id, editionId))
    .run();
}

describe("the coordinator's home, phase by phase", () => {
  it("before nominations open: says they are not open yet, and when they open and close", async () => {
    phase("nominations", "2031-01-10", "2031-02-28");
    const html = await home();
    expect(html).toContain("Las postulaciones aún no están abiertas: se abren el 10 de enero de 2031 y cierran el 28 feb 2031, 23:59 hora de Uruguay.");
    phase("draft", "2020-01-10", "2031-02-28");
    expect(await home()).toContain("Las postulaciones aún no están abiertas");
  });

  it("while open: says until when (23:59 in the edition's zone)", async () => {
    phase("nominations", "2020-01-01", "2031-02-28");
    const html = await home();
    expect(html).toContain("Las postulaciones están abiertas hasta el 28 feb 2031, 23:59 hora de Uruguay.");
    expect(html).not.toContain("aún no");
  });

  it("after the closing day, before the online stage: says they closed, and since when", async () => {
    phase("nominations", "2020-01-01", "2020-02-28");
    expect(await home()).toContain("Las postulaciones cerraron el 28 de febrero de 2020. La etapa en línea comienza el 15 de marzo de 2031.");
  });

  it.each([
    ["online", "Las postulaciones están cerradas. La etapa en línea se desarrolla hasta el 30 de junio de 2031."],
    ["face-to-face", "La etapa presencial está en curso hasta el 30 de septiembre de 2031"],
    ["certification", "La edición está emitiendo sus certificados."],
    ["closed", "Esta edición está cerrada."],
  ] as const)("in the %s phase: says what is true then", async (status, text) => {
    phase(status, "2020-01-01", "2020-02-28");
    const html = await home();
    expect(html).toContain(text);
    expect(html).not.toContain("están abiertas");
  });
});
