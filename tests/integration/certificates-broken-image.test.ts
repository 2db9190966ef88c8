/**
 * Issue 9, point 11: one state's broken signature image must not stop the whole edition's
 * certificates. Such an image can no longer be uploaded (certificates/png.ts decodes every upload),
 * so the test writes it with SQL, as data stored before that check would be.
 */
import { crc32 } from "node:zlib";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Db } from "~db/index.server";
import { certificates, participations } from "~db/schema";
import { bulkIssue, setStateSignatory } from "~/domain/certificates.server";
import { testDb } from "../factories";
import { cpuMark, cpuMsSince } from "../cpu-time";
import { approveByBothParties, certificateWorld, tutorActor } from "./fixtures/certificate-world";

let t: ReturnType<typeof testDb>;
let db: Db;
let world: Awaited<ReturnType<typeof certificateWorld>>;

beforeEach(async () => {
  t = testDb();
  db = t.db;
  world = await certificateWorld(db);
});
afterEach(() => t.cleanup());


/** A PNG with a sound header and an IDAT chunk that is not zlib data. */
function brokenPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(360, 0);
  ihdr.writeUInt32BE(110, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const junk = Buffer.from(new Uint8Array(4096).map((_, i) => (i * 31 + 7) % 256));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", junk), chunk("IEND", Buffer.alloc(0))]);
}

it("issues every other state's certificates, fast, and reports the ones it could not render", async () => {
  const [uy, cl] = world.states;
  approveByBothParties(db, world);
  // stored before uploads were decoded: written directly (no screen can store it any more)
  db.update(participations).set({ signatorySignaturePng: brokenPng() }).where(eq(participations.id, cl!.participation.id)).run();
  const started = cpuMark(); // CPU time: the bound holds on a busy machine
  const r = await bulkIssue({ db, actor: tutorActor(world.tutor.id), editionId: world.edition.id, notify: false });
  expect(cpuMsSince(started)).toBeLessThan(15_000);
  expect(r.issued).toBe(2);
  expect(r.failed).toBe(2);
  expect(r.unrenderable.sort()).toEqual(cl!.trainees.map((x) => x.enrolment.id).sort());
  const serials = db.select({ serial: certificates.serial }).from(certificates).all().map((c) => c.serial);
  expect(serials.sort()).toEqual(uy!.trainees.map((_, i) => `CSEC-2027-UY-000${i + 1}`));
  // the same image is refused at upload, with a translated error
  expect(() =>
    setStateSignatory({
      db,
      actor: tutorActor(world.tutor.id),
      participationId: cl!.participation.id,
      name: "N",
      title: "T",
      institution: "I",
      png: brokenPng(),
    }),
  ).toThrow("certificates:errors.signatureCorrupt");
});
