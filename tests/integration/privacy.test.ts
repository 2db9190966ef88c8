/**
 * A person's data on a real SQLite file: the export holds every record about them; erasure leaves no
 * table holding their name or email, keeps the totals reports count, and keeps their certificate
 * verifiable as docs/decisions/012 says; retention clears old submissions and emails.
 */
import { eq, sql } from "drizzle-orm";
import { strFromU8, unzipSync } from "fflate";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~db/index.server";
import { assignmentSubmissions, certificates, editions, emailOutbox, enrolments, forumPosts, users } from "~db/schema";
import type { Actor } from "~/auth/permissions";
import { approveCertificates, bulkIssue, verifyCertificate, verifyPdfBytes } from "~/domain/certificates.server";
import {
  applyRetention,
  erasePerson,
  erasedEmail,
  personExportZip,
  retentionPreview,
  saveRetentionSettings,
} from "~/domain/privacy.server";
import { writeAudit } from "~/domain/audit.server";
import { makeUser, testDb } from "../factories";
import { certificateWorld, tutorActor } from "./fixtures/certificate-world";

let t: ReturnType<typeof testDb>;
let db: Db;
let world: Awaited<ReturnType<typeof certificateWorld>>;
let admin: { id: number };

const coordinatorOf = (s: (typeof world.states)[number]): Actor => ({
  id: s.coordinator.id,
  role: "coordinator",
  coordinations: [{ participationId: s.participation.id, editionId: world.edition.id }],
  enrolments: [],
});

/** Every text cell of every table, as one string per row, to search for a person's traces. */
function everyTextCell(): string[] {
  const client = db.$client;
  const tables = client
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
    .pluck()
    .all() as string[];
  const cells: string[] = [];
  for (const table of tables) {
    for (const row of client.prepare(`select * from "${table}"`).all() as Record<string, unknown>[]) {
      for (const [column, v] of Object.entries(row)) {
        if (typeof v === "string") cells.push(`${table}.${column}: ${v}`);
        if (Buffer.isBuffer(v)) cells.push(`${table}.${column}: ${v.toString("latin1")}`);
      }
    }
  }
  return cells;
}

/** The totals a report counts, straight from the tables. */
function totals() {
  return db.$client
    .prepare(
      `select e.status, e.online_result, f.result as f2f, count(c.id) as certs, count(*) as n
       from enrolments e left join face_to_face_assessments f on f.enrolment_id = e.id
       left join certificates c on c.enrolment_id = e.id and c.status = 'valid'
       group by 1, 2, 3 order by 1, 2, 3`,
    )
    .all();
}

let person: { id: number; name: string; email: string; enrolmentId: number };

beforeEach(async () => {
  t = testDb();
  db = t.db;
  world = await certificateWorld(db);
  admin = await makeUser(db, { email: "admin@example.org", name: "Admin Persona", role: "admin" });
  const [uy] = world.states;
  const trainee = uy!.trainees[0]!;
  person = { id: trainee.user.id, name: trainee.user.name, email: trainee.user.email, enrolmentId: trainee.enrolment.id };
  // what no screen of this test creates directly: a submission with a file, a forum post, a mention by
  // someone else (a tutor's post quoting the name), and an audit entry holding the name
  db.insert(assignmentSubmissions)
    .values({
      enrolmentId: person.enrolmentId,
      body: "Mi trabajo final",
      fileName: "trabajo.pdf",
      fileType: "pdf",
      fileSize: 9,
      fileData: Buffer.from("%PDF-1.4\n"),
      submittedAt: "2027-05-01T10:00:00Z",
      score: 90,
      passed: true,
    })
    .run();
  db.insert(forumPosts).values({ editionId: world.edition.id, moduleSlug: "m1", authorId: person.id, body: "Hola a todos" }).run();
  db.insert(forumPosts)
    .values({ editionId: world.edition.id, moduleSlug: "m1", authorId: world.tutor.id, body: `Gracias, ${person.name}, muy claro.` })
    .run();
  writeAudit(db, { actorId: world.tutor.id, action: "user.update", entityType: "user", entityId: person.id, after: { name: person.name, email: person.email } });
});
afterEach(() => t.cleanup());

/** Both approvals, then the tutor's bulk issue: every trainee gets a certificate. */
async function issueAll() {
  approveCertificates({ db, actor: tutorActor(world.tutor.id), editionId: world.edition.id, party: "institute" });
  for (const s of world.states) {
    approveCertificates({ db, actor: coordinatorOf(s), editionId: world.edition.id, party: "state", participationId: s.participation.id });
  }
  await bulkIssue({ db, actor: tutorActor(world.tutor.id), editionId: world.edition.id });
}

const certificateOf = (enrolmentId: number) => db.select().from(certificates).where(eq(certificates.enrolmentId, enrolmentId)).get()!;

describe("export", () => {
  it("holds the person's profile, enrolment, submission file, certificate PDF and credential, audit and emails", async () => {
    await issueAll();
    const files = unzipSync(await (await personExportZip({ db, userId: person.id, actorId: admin.id }))!);
    const read = (name: string) => JSON.parse(strFromU8(files[name]!));
    const profile = read("person.json");
    expect(profile).toMatchObject({ id: person.id, name: person.name, email: person.email });
    expect(profile.passwordHash).toBeUndefined();
    const [enrolment] = read("enrolments.json");
    expect(enrolment).toMatchObject({ id: person.enrolmentId, state: "UY", onlineResult: "passed" });
    expect(enrolment.faceToFaceAssessment).toMatchObject({ score: 80, result: "passed" });
    expect(enrolment.assignment[0].file).toBe(`files/assignment-${person.enrolmentId}-trabajo.pdf`);
    expect(strFromU8(files[enrolment.assignment[0].file]!)).toBe("%PDF-1.4\n");
    const cert = certificateOf(person.enrolmentId);
    const [exported] = read("certificates.json");
    expect(exported).toMatchObject({ serial: cert.serial, verificationCode: cert.verificationCode, status: "valid" });
    expect(verifyPdfBytes(db, files[`certificates/${cert.serial}.pdf`]!)?.serial).toBe(cert.serial);
    expect(read(`certificates/${cert.serial}.json`).credentialSubject).toBeDefined();
    expect(read("forum-posts.json").map((p: { body: string }) => p.body)).toEqual(["Hola a todos"]);
    const audit = read("audit.json") as { action: string; entityId: number }[];
    expect(audit.some((a) => a.action === "user.update" && a.entityId === person.id)).toBe(true);
    const emails = read("emails.json") as { kind: string; text: string }[];
    expect(emails.length).toBeGreaterThan(0);
    expect(emails.length).toBe(db.select().from(emailOutbox).where(eq(emailOutbox.to, person.email)).all().length);
    // nobody else's records
    expect(JSON.stringify(read("enrolments.json"))).not.toContain("Persona UY 1");
  });
});

describe("erasure", () => {
  it("leaves no table holding the name or email, keeps the totals, and keeps the certificate verifiable", async () => {
    // the fixture gives each state's first trainee the same name: here, nobody else has it
    const other = world.states[1]!.trainees[0]!;
    db.update(users).set({ name: "Otra Persona Distinta" }).where(eq(users.id, other.user.id)).run();
    await issueAll();
    const cert = certificateOf(person.enrolmentId);
    const before = totals();
    const mentionsBefore = everyTextCell().filter((c) => c.includes(person.name) || c.toLowerCase().includes(person.email));
    expect(mentionsBefore.length).toBeGreaterThan(4); // user row, certificate, credential, emails, audit, post

    const summary = erasePerson({ db, actorId: admin.id, userId: person.id, reason: "Solicitud del titular (nota 123)" });
    expect(summary.certificates).toBe(1);
    expect(summary.submissions).toBe(1);
    expect(summary.emails).toBeGreaterThan(0);

    const traces = everyTextCell().filter((c) => c.includes(person.name) || c.toLowerCase().includes(person.email));
    expect(traces).toEqual([]);
    expect(totals()).toEqual(before);

    const u = db.select().from(users).where(eq(users.id, person.id)).get()!;
    expect(u).toMatchObject({ status: "disabled", passwordHash: null, email: erasedEmail(person.id) });
    expect(u.erasedAt).not.toBeNull();
    const sub = db.select().from(assignmentSubmissions).where(eq(assignmentSubmissions.enrolmentId, person.enrolmentId)).get()!;
    expect(sub).toMatchObject({ fileData: null, body: null, score: 90, passed: true });

    // verification: still genuine, holder's data erased, no name
    const v = verifyCertificate(db, cert.verificationCode)!;
    expect(v.status).toBe("valid");
    expect(v.holderErasedAt).not.toBeNull();
    expect(v.traineeName).toBe("");
  });

  it("keeps what belongs to someone else with the same name", async () => {
    const other = world.states[1]!.trainees[0]!; // CL's first trainee has the same name
    expect(other.user.name).toBe(person.name);
    await issueAll();
    const theirEmails = () => db.select({ text: emailOutbox.text }).from(emailOutbox).where(eq(emailOutbox.to, other.user.email)).all();
    const emailsBefore = theirEmails();
    expect(emailsBefore.some((m) => m.text.includes(person.name))).toBe(true);
    const theirCertificate = certificateOf(other.enrolment.id);
    erasePerson({ db, actorId: admin.id, userId: person.id, reason: "request" });
    expect(db.select().from(users).where(eq(users.id, other.user.id)).get()!.name).toBe(person.name);
    expect(certificateOf(other.enrolment.id)).toEqual(theirCertificate);
    expect(theirEmails()).toEqual(emailsBefore);
    // the tutor's post named the erased person, not the namesake: it is replaced
    const posts = db.select({ body: forumPosts.body }).from(forumPosts).all().map((p) => p.body);
    expect(posts.some((b) => b.includes(person.name))).toBe(false);
  });

  it("the holder's PDF, kept before erasure, still verifies by upload", async () => {
    await issueAll();
    const files = unzipSync(await (await personExportZip({ db, userId: person.id, actorId: admin.id }))!);
    const cert = certificateOf(person.enrolmentId);
    const pdf = files[`certificates/${cert.serial}.pdf`]!;
    erasePerson({ db, actorId: admin.id, userId: person.id, reason: "request" });
    expect(verifyPdfBytes(db, pdf)).toMatchObject({ serial: cert.serial, status: "valid" });
  });

  it("is refused for oneself, twice, and for the signatory of an open edition; nothing changes", async () => {
    await issueAll();
    expect(() => erasePerson({ db, actorId: admin.id, userId: admin.id, reason: "x" })).toThrow("privacy.errors.self");
    expect(() => erasePerson({ db, actorId: admin.id, userId: world.tutor.id, reason: "x" })).toThrow("privacy.errors.signatory");
    expect(db.select().from(users).where(eq(users.id, world.tutor.id)).get()!.erasedAt).toBeNull();
    erasePerson({ db, actorId: admin.id, userId: person.id, reason: "x" });
    expect(() => erasePerson({ db, actorId: admin.id, userId: person.id, reason: "x" })).toThrow("privacy.errors.alreadyErased");
  });
});

describe("retention", () => {
  it("clears submissions of closed editions past the period and old emails; scores stay", async () => {
    await issueAll();
    db.update(editions).set({ status: "closed", faceToFaceEndsOn: "2027-06-30" }).where(eq(editions.id, world.edition.id)).run();
    db.update(emailOutbox).set({ createdAt: "2027-01-01T00:00:00Z" }).run();
    const emailsBefore = db.select({ n: sql<number>`count(*)` }).from(emailOutbox).get()!.n;
    saveRetentionSettings({ db, actorId: admin.id, value: { submissionsDays: 90, emailsDays: 180 } });
    const early = new Date("2027-08-01T00:00:00Z");
    expect(retentionPreview({ db, now: early })).toMatchObject({ submissions: 0, emails: emailsBefore });
    const late = new Date("2027-10-01T00:00:00Z");
    expect(retentionPreview({ db, now: late })).toMatchObject({ submissions: 1 });
    expect(applyRetention({ db, actorId: admin.id, now: late })).toEqual({ submissions: 1, emails: emailsBefore });
    expect(db.select().from(assignmentSubmissions).get()).toMatchObject({ fileData: null, body: null, score: 90 });
    expect(db.select({ n: sql<number>`count(*)` }).from(emailOutbox).get()!.n).toBe(0);
    expect(applyRetention({ db, now: late })).toEqual({ submissions: 0, emails: 0 });
  });

  it("keeps everything when the periods are empty", () => {
    db.update(editions).set({ status: "closed", faceToFaceEndsOn: "2020-01-01" }).where(eq(editions.id, world.edition.id)).run();
    saveRetentionSettings({ db, actorId: admin.id, value: { submissionsDays: null, emailsDays: null } });
    expect(applyRetention({ db })).toEqual({ submissions: 0, emails: 0 });
    expect(db.select().from(enrolments).all().length).toBe(4);
  });
});
