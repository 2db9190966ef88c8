/**
 * The running server, over real HTTP (scripts/start.ts on a fresh SQLite file, production build):
 * bodies that cannot exhaust memory, images that cannot hurt, cross-origin writes refused on every
 * kind of request, malformed input answered 400 without a stack trace, and the CSP header.
 * `npm start` builds first when the build is missing or stale, hence the long start-up allowance.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { deflateSync, crc32 } from "node:zlib";
import Database from "better-sqlite3";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-http-"));
const dbFile = path.join(dir, "aula.db");
let server: ChildProcess;
let base = "";
let log = "";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function rssKb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // node itself runs the server (tsx as a loader), so that its pid is the server's
  server = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts", "--demo"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: dbFile, PORT: String(port), HOST: "127.0.0.1", PUBLIC_URL: base, NODE_ENV: "production", VITEST: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.on("data", (d) => {
    log += d;
  });
  server.stderr?.on("data", (d) => {
    log += d;
  });
  const deadline = Date.now() + 280_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`server exited:\n${log}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}, 300_000);

afterAll(() => {
  server?.kill("SIGTERM");
  fs.rmSync(dir, { recursive: true, force: true });
});

const sameOrigin = () => ({ Origin: base });

async function signIn(email: string): Promise<string> {
  const res = await fetch(`${base}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...sameOrigin() },
    body: new URLSearchParams({ email, password: "aula-demo-2027" }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("auth_session=") || c.includes("session"));
  if (!cookie) throw new Error(`no session cookie for ${email} (${res.status})`);
  return cookie.split(";")[0]!;
}

function openDb() {
  const db = new Database(dbFile, { readonly: true });
  db.pragma("busy_timeout = 5000");
  return db;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), Buffer.from(data)]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function handmadePng(width: number, height: number, idat: Uint8Array): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", idat), chunk("IEND", new Uint8Array(0))]);
}

function signatureForm(png: Uint8Array) {
  const form = new FormData();
  form.set("title", "Directora");
  form.set("institution", "Instituto Interamericano del Niño");
  form.set("signature", new File([png as BlobPart], "firma.png", { type: "image/png" }));
  return form;
}

/**
 * Streams `total` bytes as a chunked multipart body, sampling the server's RSS meanwhile; stops
 * sending as soon as the server answers. Resolves with the status and the largest RSS growth seen.
 */
function streamUpload(pathname: string, total: number, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; sent: number; growthKb: number; body: string }>((resolve, reject) => {
    const pid = server.pid!;
    const startRss = rssKb(pid);
    let maxRss = startRss;
    const sampler = setInterval(() => {
      maxRss = Math.max(maxRss, rssKb(pid));
    }, 25);
    const boundary = "----aulaStream";
    const req = http.request(`${base}${pathname}`, {
      method: "POST",
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, "Transfer-Encoding": "chunked", ...sameOrigin(), ...headers },
    });
    let sent = 0;
    let answered = false;
    const piece = Buffer.alloc(1024 * 1024, 0x25);
    const pump = () => {
      while (!answered && sent < total) {
        const data = sent === 0 ? Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="pdf"; filename="x.pdf"\r\nContent-Type: application/pdf\r\n\r\n`) : piece;
        sent += data.length;
        if (!req.write(data)) {
          req.once("drain", pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.on("data", (d) => {
        body += d;
      });
      res.on("end", () => {
        clearInterval(sampler);
        maxRss = Math.max(maxRss, rssKb(pid));
        req.destroy();
        resolve({ status: res.statusCode ?? 0, sent, growthKb: maxRss - startRss, body });
      });
    });
    req.on("error", (err) => {
      if (!answered) {
        clearInterval(sampler);
        reject(err);
      }
    });
    pump();
  });
}

describe("bodies that cannot exhaust memory", () => {
  it("refuses an anonymous 500 MB chunked upload to /verify within the limit, memory growing < 50 MB", async () => {
    const r = await streamUpload("/verify", 500 * 1024 * 1024);
    expect(r.status).toBe(413);
    expect(r.sent).toBeLessThan(100 * 1024 * 1024);
    expect(r.growthKb).toBeLessThan(50 * 1024);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  }, 120_000);

  it("refuses a 50 MB upload to any route before reading it, in the reader's language", async () => {
    const tutor = await signIn("tutor@example.org");
    const r = await streamUpload("/account/signature", 50 * 1024 * 1024, { Cookie: tutor, "Accept-Language": "es" });
    expect(r.status).toBe(413);
    expect(r.growthKb).toBeLessThan(50 * 1024);
    // a declared size over the cap is refused before a byte of the body is read
    const declared = await fetch(`${base}/verify`, {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=x", "Content-Length": String(50 * 1024 * 1024), "Accept-Language": "pt", ...sameOrigin() },
      body: "--x--",
    }).catch((e: unknown) => e);
    if (declared instanceof Response) expect(declared.status).toBe(413);
    const sign = await fetch(`${base}/sign-in`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...sameOrigin() },
      body: `email=a%40example.org&password=${"x".repeat(2 * 1024 * 1024)}`,
    });
    expect(sign.status).toBe(413);
  }, 120_000);
});

describe("signature images that cannot hurt", () => {
  it("refuses a broken-IDAT PNG and a 50,000 × 50,000 PNG with a translated error, stores nothing, keeps answering", async () => {
    const tutor = await signIn("tutor@example.org");
    const db = openDb();
    const before = db.prepare("select signature_png from users where email = ?").get("tutor@example.org") as { signature_png: Buffer | null };
    const broken = handmadePng(360, 110, new Uint8Array(4096).map((_, i) => (i * 31 + 7) % 256));
    const huge = handmadePng(50_000, 50_000, deflateSync(Buffer.alloc(64 * 1024)));
    for (const [png, message] of [
      [broken, "dañada"],
      [huge, "2000 × 1000"],
    ] as const) {
      const started = Date.now();
      const [res, health] = await Promise.all([
        fetch(`${base}/account/signature`, { method: "POST", headers: { Cookie: tutor, "Accept-Language": "es", ...sameOrigin() }, body: signatureForm(png), redirect: "manual" }),
        fetch(`${base}/healthz`),
      ]);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(message);
      expect(health.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(5000);
    }
    const after = db.prepare("select signature_png from users where email = ?").get("tutor@example.org") as { signature_png: Buffer | null };
    expect(after.signature_png).toEqual(before.signature_png);
    db.close();
  }, 60_000);

  it("stores only the canonical re-encoding of an accepted PNG", async () => {
    const tutor = await signIn("tutor@example.org");
    const png = new PNG({ width: 300, height: 100, colorType: 2 });
    png.data.fill(200);
    const original = PNG.sync.write(png, { colorType: 2 });
    const withText = Buffer.concat([original.subarray(0, original.length - 12), chunk("tEXt", Buffer.from("Comment\0secret")), original.subarray(original.length - 12)]);
    const res = await fetch(`${base}/account/signature`, { method: "POST", headers: { Cookie: tutor, ...sameOrigin() }, body: signatureForm(withText), redirect: "manual" });
    expect(res.status).toBe(302);
    const db = openDb();
    const stored = (db.prepare("select signature_png from users where email = ?").get("tutor@example.org") as { signature_png: Buffer }).signature_png;
    db.close();
    expect(stored.includes(Buffer.from("secret"))).toBe(false);
    expect(stored[25]).toBe(6); // colour type RGBA: re-encoded, not the upload's bytes
    expect(PNG.sync.read(stored).width).toBe(300);
  });
});

describe("cross-origin writes", () => {
  it("refuses a foreign Origin on document, .data and ?_data= requests alike, writing nothing", async () => {
    const admin = await signIn("admin@example.org");
    const invite = () => new URLSearchParams({ name: "Mallory Example", email: "mallory@evil.example", role: "admin", locale: "en" });
    const countMallory = () => {
      const db = openDb();
      const n = (db.prepare("select count(*) as n from users where email = ?").get("mallory@evil.example") as { n: number }).n;
      db.close();
      return n;
    };
    for (const url of ["/admin/users", "/admin/users.data", "/admin/users?_data=routes%2Fadmin.users", "/admin/users.data?index"]) {
      for (const headers of [{ Origin: "http://127.0.0.1:1" } as Record<string, string>, { Origin: "http://evil.example" }, { Origin: "null" }, { "Sec-Fetch-Site": "same-site" }, { "Sec-Fetch-Site": "cross-site", Origin: base }]) {
        const res = await fetch(`${base}${url}`, {
          method: "POST",
          redirect: "manual",
          headers: { Cookie: admin, "Content-Type": "application/x-www-form-urlencoded", ...headers },
          body: invite(),
        });
        expect(res.status, `${url} ${JSON.stringify(headers)}`).toBe(403);
      }
    }
    expect(countMallory()).toBe(0);
    // the same request from the site itself goes through
    const ok = await fetch(`${base}/admin/users`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: admin, "Content-Type": "application/x-www-form-urlencoded", Origin: base, "Sec-Fetch-Site": "same-origin" },
      body: invite(),
    });
    expect(ok.status).toBeLessThan(400);
    expect(countMallory()).toBe(1);
  });
});

describe("malformed input", () => {
  it("answers 400 (translated) to a bad multipart boundary, a JSON sign-in and legacy ?_data= GETs; a bad cookie is ignored; no stack trace is logged", async () => {
    const logBefore = log.length;
    const badBoundary = await fetch(`${base}/sign-in`, {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=", "Accept-Language": "fr", ...sameOrigin() },
      body: "--\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nx\r\n----\r\n",
    });
    expect(badBoundary.status).toBe(400);
    expect(await badBoundary.text()).toContain("Rien n’a été enregistré");
    const json = await fetch(`${base}/sign-in`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...sameOrigin() },
      body: JSON.stringify({ email: "admin@example.org", password: "aula-demo-2027" }),
    });
    expect(json.status).toBe(400);
    for (const url of ["/?_data=root", "/editions?_data=routes%2Feditions._index", "/sign-in?_data=routes%2Fsign-in"]) {
      const res = await fetch(`${base}${url}`, { headers: { "Accept-Language": "es" } });
      expect(res.status, url).toBe(400);
      expect(await res.text()).toContain("no es compatible");
    }
    for (const cookie of ["aula_lng=%E0%A4%A", "aula_lng=%", "aula_lng=%ZZ; other=%%"]) {
      const res = await fetch(`${base}/`, { headers: { Cookie: cookie } });
      expect(res.status, cookie).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 200));
    const newLog = log.slice(logBefore);
    expect(newLog).not.toMatch(/\n\s+at /);
    expect(newLog).not.toContain("[error]");
  });
});

describe("open redirects", () => {
  it("/language and /sign-in stay on the site whatever redirectTo says", async () => {
    for (const redirectTo of ["/\t/evil.example/", "//evil.example", "/\\evil.example", "/%2F/evil.example", "https://evil.example"]) {
      const lang = await fetch(`${base}/language`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", ...sameOrigin() },
        body: new URLSearchParams({ lng: "es", redirectTo }),
      });
      expect(lang.status).toBe(303);
      expect(lang.headers.get("Location"), redirectTo).toBe("/");
      const sign = await fetch(`${base}/sign-in`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", ...sameOrigin() },
        body: new URLSearchParams({ email: "trainee@example.org", password: "aula-demo-2027", redirectTo }),
      });
      expect(sign.status).toBe(302);
      expect(sign.headers.get("Location"), redirectTo).toBe("/learning");
    }
  });
});

describe("headers", () => {
  it("sends a Content-Security-Policy on every HTML page that allows exactly its own inline scripts, by hash", async () => {
    for (const url of ["/", "/sign-in", "/verify", "/no-such-page", "/sign-in"]) {
      const res = await fetch(`${base}${url}`);
      expect(res.headers.get("Content-Type")).toContain("text/html");
      const csp = res.headers.get("Content-Security-Policy") ?? "";
      for (const directive of ["frame-ancestors 'none'", "form-action 'self'", "base-uri 'none'", "object-src 'none'"]) expect(csp).toContain(directive);
      const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? "";
      expect(scriptSrc).not.toMatch(/unsafe-inline|nonce-/);
      const allowed = [...scriptSrc.matchAll(/'sha256-([^']+)'/g)].map((m) => m[1]);
      const html = await res.text();
      const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(inline.length).toBeGreaterThan(0);
      // (the second /sign-in comes from the render cache: the same scripts, the same hashes)
      for (const [, attrs, body] of inline) {
        expect(attrs).not.toContain("nonce");
        expect(allowed).toContain(createHash("sha256").update(body!, "utf8").digest("base64"));
      }
      expect(allowed.length).toBe(new Set(inline.map(([, , body]) => body)).size);
    }
  });
});
