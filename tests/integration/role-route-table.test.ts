/**
 * The whole role × route table, in one place: every file in app/routes × {anonymous, trainee of
 * state A, trainee of state B, coordinator of A, coordinator of B, tutor, admin} × {GET, GET `.data`
 * (single fetch), POST with each intent}, sent through the app's real Remix request handler on a real
 * SQLite file with real sessions (signA: state A's signatory, with an account of their own). Each cell
 * expects allow or deny; a route file without a row, or an
 * intent in a route without a cell, fails the table. Every page and `.data` answer is also searched
 * for what no one may be sent: another person's email (beyond what the role may see), a token, a
 * session id, a password hash or a quiz's answer key.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-table-"));
process.env.DATABASE_URL = path.join(dir, "table.db");

const { getDb, databaseVersion } = await import("~db/index.server");
const schema = await import("~db/schema");
const { createSession } = await import("~/auth/sessions.server");
const { inviteStaff } = await import("~/domain/accounts.server");
const { bulkIssue, nameStateSignatory } = await import("~/domain/certificates.server");
const { makeEdition, makeUser } = await import("~db/seed/factories");
const { approveByBothParties, certificateWorld } = await import("./fixtures/certificate-world");
const { loadRemixApp } = await import("./helpers/remix-app");

/** signA: state A's named signatory with their own account (role `signatory`; issue 12, point 5). */
const ROLES = ["anonymous", "traineeA", "traineeB", "coordA", "coordB", "tutor", "admin", "signA"] as const;
type Role = (typeof ROLES)[number];
/** ok: the guard let the request through (any answer but a refusal); in: sent to sign in; 403; 404. */
type Outcome = "ok" | "in" | "403" | "404";
/** One outcome per role, in the order of ROLES. */
type Cells = string;

// the common shapes of a row (anonymous, traineeA, traineeB, coordA, coordB, tutor, admin)
const PUBLIC: Cells = "ok ok ok ok ok ok ok ok";
const SIGNED_IN: Cells = "in ok ok ok ok ok ok ok";
const STAFF: Cells = "in 403 403 403 403 ok ok 403";
const ADMIN: Cells = "in 403 403 403 403 403 ok 403";
const COORD_HOME: Cells = "in 403 403 ok ok 403 403 403";
const SIGN_HOME: Cells = "in 403 403 403 403 403 403 ok";
/** One's own signature: the institute's signatories (staff) and a state signatory. */
const OWN_SIGNATURE: Cells = "in 403 403 403 403 ok ok ok";
/** The audit trail: staff, and coordinators (their states' entries, filtered in the query). */
const AUDIT: Cells = "in 403 403 ok ok ok ok 403";
const LEARN_HOME: Cells = "in ok ok 403 403 403 403 403";
/** State A's pages: its coordinator and the institute's staff; everyone else 404. */
const STATE_A: Cells = "in 404 404 ok 404 ok ok 404";
/** State A's certificate page and approval: also its named signatory's account. */
const CERTS_A: Cells = "in 404 404 ok 404 ok ok ok";
/** State A's face-to-face recording: its coordinator only. */
const ASSESS_A: Cells = "in 404 404 ok 404 404 404 404";
/** Trainee A's study pages: trainee A only. */
const STUDY_A: Cells = "in ok 404 404 404 404 404 404";
/** Trainee A's records (certificate, face-to-face result): A, A's coordinator, staff. */
const VIEW_A: Cells = "in ok 404 ok 404 ok ok 404";

interface Row {
  get?: Cells;
  /** intent (or "" for a form without one) → cells */
  post?: Record<string, Cells>;
}

/** Every route file, by name. A new file without a row fails "every route file has a row". */
const TABLE: Record<string, Row> = {
  _index: { get: PUBLIC },
  "sign-in": { get: PUBLIC, post: { "": PUBLIC } },
  "sign-out": { get: PUBLIC, post: { "": PUBLIC } },
  "forgot-password": { get: PUBLIC, post: { "": PUBLIC } },
  "reset-password.$token": { get: PUBLIC, post: { "": PUBLIC } },
  "invitation.$token": { get: PUBLIC, post: { "": PUBLIC } },
  language: { get: PUBLIC, post: { "": PUBLIC } },
  healthz: { get: PUBLIC },
  "favicon[.]ico": { get: PUBLIC },
  "verify._index": { get: PUBLIC, post: { "": PUBLIC } },
  "verify.$code": { get: PUBLIC },
  "account._index": { get: SIGNED_IN, post: { language: SIGNED_IN, password: SIGNED_IN } },
  "account.signature": { get: OWN_SIGNATURE, post: { "": OWN_SIGNATURE } },
  "admin.users": { get: ADMIN, post: { "": ADMIN } },
  "admin.outbox": { get: ADMIN, post: { resend: ADMIN } },
  // a person's data: the admin's page (export, erasure), the ZIP, the retention settings; one's own ZIP
  "admin.users_.$userId": { get: ADMIN, post: { "": ADMIN } },
  "admin.users_.$userId.data[.]zip": { get: ADMIN },
  "admin.privacy": { get: ADMIN, post: { save: ADMIN, apply: ADMIN } },
  "account.data[.]zip": { get: SIGNED_IN },
  "editions._index": { get: STAFF },
  // the audit trail: staff, and coordinators (their states' entries only, filtered in the query)
  "audit._index": { get: AUDIT },
  "audit[.]csv": { get: AUDIT },
  "editions.new": { get: STAFF, post: { "": STAFF } },
  "editions.import": { get: STAFF, post: { check: STAFF, import: STAFF } },
  "editions.$editionId._index": { get: STAFF, post: { advance: STAFF, invite: STAFF, reallocate: STAFF } },
  "editions.$editionId.edit": { get: STAFF, post: { "": STAFF } },
  "editions.$editionId.content": { get: STAFF },
  "editions.$editionId.content_.$locale.$slug": { get: STAFF },
  "editions.$editionId.participations.$participationId": {
    get: STAFF,
    // "unlink-signatory" by the tutor really unlinks signA (the GET rows above have run by then)
    post: { update: STAFF, appoint: STAFF, remove: STAFF, signatory: STAFF, "resend-signatory": STAFF, "unlink-signatory": STAFF, "resend-invitation": STAFF },
  },
  "editions.$editionId.online._index": { get: STAFF },
  "editions.$editionId.report": { get: STAFF },
  "editions.$editionId.report[.]csv": { get: STAFF },
  "editions.$editionId.report[.]xlsx": { get: STAFF },
  "coordination.$participationId.report": { get: STATE_A },
  "coordination.$participationId.report[.]csv": { get: STATE_A },
  "coordination.$participationId.report[.]xlsx": { get: STATE_A },
  "editions.$editionId.online.csv": { get: STAFF },
  "editions.$editionId.online[.]xlsx": { get: STAFF },
  "editions.$editionId.online.close": { get: STAFF, post: { close: STAFF, override: STAFF, reopen: STAFF } },
  "editions.$editionId.online.close.progress": { get: STAFF },
  "editions.$editionId.online.assignments.$enrolmentId._index": { get: STAFF, post: { "": STAFF } },
  "editions.$editionId.online.assignments.$enrolmentId.file": { get: STAFF },
  "editions.$editionId.online.forum.$slug": {
    get: STAFF,
    post: { post: STAFF, pin: STAFF, unpin: STAFF, hide: STAFF, unhide: STAFF },
  },
  "editions.$editionId_.face-to-face": { get: STAFF, post: { "": STAFF } },
  "editions.$editionId_.face-to-face[.]csv": { get: STAFF },
  "editions.$editionId_.face-to-face[.]xlsx": { get: STAFF },
  "editions.$editionId.certificates": { get: STAFF, post: { approve: STAFF, issue: STAFF, revoke: STAFF, reissue: STAFF } },
  "editions.$editionId.certificates.progress": { get: STAFF },
  "editions.$editionId.certificates[.]csv": { get: STAFF },
  "editions.$editionId.certificates[.]xlsx": { get: STAFF },
  "coordination._index": { get: COORD_HOME },
  "signing._index": { get: SIGN_HOME },
  "coordination.$participationId._index": { get: STATE_A, post: { import: STATE_A, nominate: STATE_A, withdraw: STATE_A, "resend-invitation": STATE_A } },
  "coordination.$participationId.roster[.]csv": { get: STATE_A },
  "coordination.$participationId.roster[.]xlsx": { get: STATE_A },
  "coordination.$participationId.template[.]csv": { get: STATE_A },
  "coordination.$participationId.certificates": { get: CERTS_A, post: { signatory: CERTS_A } },
  "coordination.$participationId.certificates[.]zip": { get: STATE_A },
  "coordination_.$participationId_.face-to-face": {
    get: STATE_A,
    post: { plan: ASSESS_A, update: ASSESS_A, delete: ASSESS_A, "import-attendance": ASSESS_A },
  },
  "coordination_.$participationId_.face-to-face_.assess": { get: ASSESS_A, post: { "": ASSESS_A } },
  "coordination_.$participationId_.face-to-face_.assessments[.]csv": { get: STATE_A },
  "coordination_.$participationId_.face-to-face_.attendance[.]csv": { get: STATE_A },
  "coordination_.$participationId_.face-to-face_.sessions.$sessionId": { get: ASSESS_A, post: { "": ASSESS_A } },
  "coordination_.$participationId_.face-to-face_.sign-off": { get: ASSESS_A, post: { "": ASSESS_A } },
  "learning._index": { get: LEARN_HOME },
  "learning_.$enrolmentId._index": { get: STUDY_A },
  "learning_.$enrolmentId.modules.$slug._index": { get: STUDY_A, post: { "": STUDY_A } },
  "learning_.$enrolmentId.modules.$slug.quiz": { get: STUDY_A, post: { "": STUDY_A } },
  "learning_.$enrolmentId.assignment._index": { get: STUDY_A, post: { "": STUDY_A } },
  "learning_.$enrolmentId.assignment.file": { get: STUDY_A },
  "learning_.$enrolmentId.forum.$slug": {
    get: STUDY_A,
    // a trainee may post while the online stage is open (it is over in this world), never moderate
    post: {
      post: "in 403 404 404 404 404 404 404",
      pin: "in 403 404 404 404 404 404 404",
      unpin: "in 403 404 404 404 404 404 404",
      hide: "in 403 404 404 404 404 404 404",
      unhide: "in 403 404 404 404 404 404 404",
    },
  },
  "learning_.$enrolmentId.certificate": { get: VIEW_A },
  "learning_.$enrolmentId_.face-to-face": { get: VIEW_A },
  "certificates.$serial[.]pdf": { get: VIEW_A },
  "certificates.$serial[.]json": { get: VIEW_A },
  // the public keys and revocation list of the certificates' verifiable credentials
  "[.well-known].did[.]json": { get: PUBLIC },
  "states.$stateCode.did[.]json": { get: PUBLIC },
  "credentials.status.revocation": { get: PUBLIC },
};

const routeDir = path.resolve("app/routes");
const files = fs
  .readdirSync(routeDir)
  .filter((f) => /\.tsx?$/.test(f))
  .map((f) => f.replace(/\.tsx?$/, ""));

/** The intents a route's source knows (`intent === "x"`, `intent: z.literal("x")`, the forum's enum). */
function intentsIn(file: string): string[] {
  const src = fs.readFileSync(path.join(routeDir, `${file}.tsx`), "utf8");
  const found = new Set<string>();
  for (const m of src.matchAll(/intent === "([\w-]+)"|intent: z\.literal\("([\w-]+)"\)/g)) found.add(m[1] ?? m[2]!);
  if (src.includes("forumFormAction")) for (const i of ["post", "pin", "unpin", "hide", "unhide"]) found.add(i);
  if (file === "admin.outbox" && src.includes("export async function action")) found.add("resend");
  return [...found].sort();
}

// ---- the world: edition in certification, state A = UY, state B = CL ----
const db = getDb();
let world: Awaited<ReturnType<typeof certificateWorld>>;
const ids = {} as Record<string, number | string>;
const userIds = {} as Record<Role, number>;
let app: Awaited<ReturnType<typeof loadRemixApp>>;
let rawTokens: string[] = [];
let otherEditionId = 0;

beforeAll(async () => {
  world = await certificateWorld(db, { password: "table-test-password-1" });
  const [a, b] = world.states;
  const admin = await makeUser(db, { email: "admin.table@example.org", name: "Admin Tabla", role: "admin", password: "table-test-password-1" });
  Object.assign(userIds, {
    traineeA: a!.trainees[0]!.user.id,
    traineeB: b!.trainees[0]!.user.id,
    coordA: a!.coordinator.id,
    coordB: b!.coordinator.id,
    tutor: world.tutor.id,
    admin: admin.id,
  });
  // certificates for both states, issued as a person would: approvals by both parties, then bulk issue
  approveByBothParties(db, world);
  await bulkIssue({ db, actor: world.tutor, editionId: world.edition.id, notify: false });
  // state A's signatory gets an account of their own, named by the tutor (after A's approvals above)
  const signA = await makeUser(db, { email: "firmante.a@example.org", name: "Firmante A", role: "signatory", password: "table-test-password-1" });
  await nameStateSignatory({ db, actor: world.tutor, participationId: a!.participation.id, person: { email: signA.email, name: signA.name }, fallbackLocale: "es" });
  userIds.signA = signA.id;
  const cert = db.select().from(schema.certificates).where(eq(schema.certificates.enrolmentId, a!.trainees[0]!.enrolment.id)).get()!;
  // no screen plans a session once the stage is signed off: written here so the session page has a row
  const session = db
    .insert(schema.faceToFaceSessions)
    .values({ participationId: a!.participation.id, date: "2027-05-10", startTime: "09:00", endTime: "13:00", hours: 4, venue: "Montevideo" })
    .returning()
    .get();
  // the trainee's submitted document (the online stage is over in this world; no screen takes it now)
  db.insert(schema.assignmentSubmissions)
    .values({
      enrolmentId: a!.trainees[0]!.enrolment.id,
      fileName: "informe.pdf",
      fileType: "pdf",
      fileSize: 9,
      fileData: Buffer.from("%PDF-1.4\n"),
      submittedAt: new Date().toISOString(),
    })
    .run();
  // an invitation and its link in the outbox: its raw token must reach no page
  await inviteStaff({ db, actor: world.tutor, person: { name: "Nueva Tutora", email: "nueva.tutora@example.org", role: "tutor", locale: "es" }, fallbackLocale: "es" });
  rawTokens = db
    .select({ text: schema.emailOutbox.text })
    .from(schema.emailOutbox)
    .all()
    .flatMap((m) => [...m.text.matchAll(/\/(?:invitation|reset-password)\/([\w-]{16,})/g)].map((x) => x[1]!));
  expect(rawTokens.length).toBeGreaterThan(0);
  Object.assign(ids, {
    editionId: world.edition.id,
    participationId: a!.participation.id,
    enrolmentId: a!.trainees[0]!.enrolment.id,
    sessionId: session.id,
    serial: cert.serial,
    stateCode: cert.stateCode.toLowerCase(),
    code: cert.verificationCode,
    slug: "01-concepts",
    locale: "pt",
    token: "not-a-real-token",
    userId: userIds.traineeA,
  });
  otherEditionId = makeEdition(db, { courseId: world.course.id, name: "2028", instituteSignatoryId: world.tutor.id }).id;
  app = await loadRemixApp();
}, 120_000);

afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The URL of a route file with the world's ids (or some replaced) (flat-routes naming: `.` is `/`, `_` escapes nesting, `[.]` a dot). */
function urlOf(file: string, replace: Record<string, string> = {}): string {
  if (file === "[.well-known].did[.]json") return "/.well-known/did.json";
  const segments = file
    .replace(/\[\.\]/g, "~DOT~")
    .split(".")
    .map((s) => s.replace(/^_+|_+$/g, ""))
    .filter((s) => s !== "" && s !== "index");
  return `/${segments
    .map((s) => s.replace(/\$(\w+)/g, (_, name: string) => replace[name] ?? String(ids[name] ?? "1")))
    .join("/")
    .replaceAll("~DOT~", ".")}`.replace(/\/$/, "") || "/";
}

let ipCounter = 0;
/** The database's version (what the front cache's token reads) when the last request was sent, its session made. */
let versionAtSend = "";
async function send(role: Role, url: string, init: { method?: string; body?: FormData } = {}) {
  const headers = new Headers({ Host: "localhost", Origin: "http://localhost", "Sec-Fetch-Site": "same-origin" });
  if (role !== "anonymous") headers.set("Cookie", (await createSession(db, userIds[role])).split(";")[0]!);
  versionAtSend = databaseVersion(db.$client);
  ipCounter++;
  const ip = `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
  return app.handle(new Request(`http://localhost${url}`, { method: init.method ?? "GET", headers, body: init.body }), ip);
}

/** What the guard decided, from a document or `.data` answer. A 500 is never an acceptable answer. */
async function outcomeOf(res: Response): Promise<{ outcome: Outcome | "500"; body: string }> {
  const body = res.headers.get("Content-Type")?.startsWith("application/pdf") || res.headers.get("Content-Type")?.includes("zip") ? "" : await res.text();
  const location = res.headers.get("Location") ?? res.headers.get("X-Remix-Redirect") ?? "";
  const singleFetchRedirect = /\["SingleFetchRedirect",\d+\][^\n]*"redirect","(\/sign-in[^"]*)"/.exec(body);
  if (location.startsWith("/sign-in") || singleFetchRedirect) return { outcome: "in", body };
  if (res.status === 403) return { outcome: "403", body };
  if (res.status === 404) return { outcome: "404", body };
  if (res.status >= 500) return { outcome: "500", body };
  return { outcome: "ok", body };
}

const cellsOf = (cells: Cells) => Object.fromEntries(cells.split(/\s+/).map((c, i) => [ROLES[i]!, c as Outcome]));

// ---- what no answer may carry ----
function leaksIn(body: string, role: Role): string[] {
  const found: string[] = [];
  if (/scrypt\$/.test(body)) found.push("a password hash");
  if (/"answer"/.test(body)) found.push("a quiz answer key");
  for (const t of rawTokens) if (body.includes(t)) found.push("an invitation or reset token");
  for (const h of db.select({ h: schema.authTokens.tokenHash }).from(schema.authTokens).all()) if (body.includes(h.h)) found.push("a token hash");
  const visible = visibleEmails(role);
  if (visible !== "all") {
    for (const { email } of db.select({ email: schema.users.email }).from(schema.users).all()) {
      if (!visible.has(email) && body.includes(email)) found.push(`the email ${email}`);
    }
  }
  return found;
}

/** Whose emails a role may be sent: staff everyone's; a coordinator their state's people; others their own. */
function visibleEmails(role: Role): Set<string> | "all" {
  if (role === "tutor" || role === "admin") return "all";
  if (role === "anonymous") return new Set();
  const own = db.select({ email: schema.users.email }).from(schema.users).where(eq(schema.users.id, userIds[role])).get()!.email;
  const set = new Set([own]);
  if (role === "coordA" || role === "coordB") {
    const state = world.states[role === "coordA" ? 0 : 1]!;
    for (const t of state.trainees) set.add(db.select({ email: schema.users.email }).from(schema.users).where(eq(schema.users.id, t.user.id)).get()!.email);
    // their state's signatory, named on the state's pages and in its audit trail
    if (role === "coordA") set.add(db.select({ email: schema.users.email }).from(schema.users).where(eq(schema.users.id, userIds.signA)).get()!.email);
  }
  return set;
}

// ---- the table ----
describe("the role × route table covers the routes", () => {
  it("every route file has a row, and every row a route file", () => {
    expect(files.length).toBeGreaterThan(40);
    expect(files.filter((f) => !(f in TABLE)), "route files without a row").toEqual([]);
    expect(Object.keys(TABLE).filter((f) => !files.includes(f)), "rows without a route file").toEqual([]);
  });

  it("every loader has GET cells, every action POST cells, every intent its own cells", async () => {
    const problems: string[] = [];
    for (const file of files) {
      const mod = (await import(/* @vite-ignore */ path.join(routeDir, `${file}.tsx`))) as { loader?: unknown; action?: unknown; default?: unknown };
      const row = TABLE[file];
      if (!row) continue;
      if (mod.loader && !row.get) problems.push(`${file}: loader without GET cells`);
      if (!mod.loader && row.get && !mod.default) problems.push(`${file}: GET cells but no loader or page`);
      if (mod.action && !row.post) problems.push(`${file}: action without POST cells`);
      if (!mod.action && row.post) problems.push(`${file}: POST cells but no action`);
      const intents = intentsIn(file);
      const listed = Object.keys(row.post ?? {}).filter((i) => i !== "");
      for (const i of intents) if (!listed.includes(i)) problems.push(`${file}: intent "${i}" without cells`);
      for (const i of listed) if (!intents.includes(i)) problems.push(`${file}: cells for unknown intent "${i}"`);
    }
    expect(problems).toEqual([]);
  });
});

/**
 * The GETs that write what a page may show, by route file and role (a GET `.data` included): each such write ends
 * every page the front cache keeps, for everyone (docs/decisions/009-what-a-page-costs.md, fifth round). Bookkeeping
 * no page shows (rate-limit counters, a session's last-seen time) is an `uncountedWrite` and is not listed.
 */
const GETS_THAT_WRITE: Record<string, string> = {
  // a person's data exported: audited (ADR 012), as the admin's export of someone else's
  "account.data[.]zip": "traineeA traineeB coordA coordB tutor admin signA",
  "admin.users_.$userId.data[.]zip": "admin",
  // the first view after a change of the edition's rules stores the boards' statuses once (ADR 009, decision 30)
  "editions.$editionId.online._index": "tutor",
};

describe("role × route: GET and GET .data", () => {
  for (const file of files) {
    const row = TABLE[file];
    if (!row?.get) continue;
    it(`${file}`, async () => {
      const url = urlOf(file);
      const expected = cellsOf(row.get!);
      const got: Record<string, string> = {};
      const leaks: string[] = [];
      const wrote: string[] = [];
      for (const role of ROLES) {
        const doc = await outcomeOf(await send(role, url));
        if (databaseVersion(db.$client) !== versionAtSend) wrote.push(role);
        // resource routes (CSV, PDF, ZIP, health) have no `.data` form of their own
        const isResource = /\[\.\]|healthz|progress$|status\.revocation$/.test(file);
        const data = isResource ? doc : await outcomeOf(await send(role, `${url === "/" ? "/_root" : url}.data`));
        if (!isResource && databaseVersion(db.$client) !== versionAtSend) wrote.push(`${role}.data`);
        got[role] = doc.outcome === data.outcome ? doc.outcome : `${doc.outcome}/.data:${data.outcome}`;
        for (const r of [doc, data]) if (r.outcome === "ok") leaks.push(...leaksIn(r.body, role).map((l) => `${role} was sent ${l}`));
      }
      expect(got, `GET ${url}`).toEqual(expected);
      expect(wrote.join(" "), `GET ${url}: who wrote`).toBe(GETS_THAT_WRITE[file] ?? "");
      // the writers' preview shows the quiz's answer key on purpose, and only to staff (the row above says so)
      if (file === "editions.$editionId.content_.$locale.$slug") leaks.splice(0, leaks.length, ...leaks.filter((l) => !/^(tutor|admin) was sent a quiz answer key$/.test(l)));
      expect([...new Set(leaks)], `GET ${url}`).toEqual([]);
      // each row is sixteen requests (eight roles, document and .data); the writers' preview compiles its module's
      // MDX for each of them on purpose (it shows the working copy): 11–16 s beside the browser tests, once 20.7 s
    }, 60_000);
  }
});

describe("the one id parser and the one 404", () => {
  const ID_PARAMS = ["editionId", "participationId", "enrolmentId", "sessionId", "serial", "userId"];
  for (const file of files) {
    const params = [...file.matchAll(/\$(\w+)/g)].map((m) => m[1]!).filter((p) => ID_PARAMS.includes(p));
    if (!TABLE[file]?.get || params.length === 0) continue;
    it(`${file}: a malformed, unknown or foreign id answers 404, even to the admin`, async () => {
      const got: string[] = [];
      for (const param of params) {
        // another edition's id in the URL, with the record's own id elsewhere, is not found either
        const bad = param === "serial" ? ["NOPE-0000", "%00"] : ["0", "1e3", "-1", "999999", "01", String(Number(ids[param]) + 0.5)];
        if (param === "editionId" && params.length > 1) bad.push(String(otherEditionId));
        for (const value of bad) {
          const url = urlOf(file, { [param]: value });
          const r = await outcomeOf(await send("admin", url));
          if (r.outcome !== "404") got.push(`${url} → ${r.outcome}`);
        }
      }
      expect(got).toEqual([]);
    });
  }
});

describe("role × route: POST with each intent", () => {
  for (const file of files) {
    const row = TABLE[file];
    if (!row?.post) continue;
    for (const [intent, cells] of Object.entries(row.post)) {
      it(`${file} ${intent || "(form)"}`, async () => {
        const url = urlOf(file);
        const expected = cellsOf(cells);
        const got: Record<string, string> = {};
        for (const role of ROLES) {
          const body = new FormData();
          if (intent) body.set("intent", intent);
          got[role] = (await outcomeOf(await send(role, url, { method: "POST", body }))).outcome;
        }
        expect(got, `POST ${url} intent=${intent}`).toEqual(expected);
      });
    }
  }
});
