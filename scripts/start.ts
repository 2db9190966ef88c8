/**
 * `npm start` (`--demo`): builds when there is no current build, applies migrations, seeds the demo into
 * an empty database, then serves the app and prints the URL and the demo logins.
 * `npm run serve` (`--no-build --production`): never seeds the demo (scripts/start-mode.ts).
 * `--prepare-only`: migrate and prepare the database as the mode says, then exit (no build, no server).
 */
// first, before anything loads @remix-run/router: its internal route matching kept (scripts/route-matching.ts)
import "./keep-router-matching";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { createFrontCache } from "./front-cache";
import { rememberRouteMatching } from "./route-matching";
import { dropMalformedCookies, refuseCrossOrigin, refuseLegacyData, remixHandler } from "./http";

process.env.NODE_ENV ??= "production";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);

const { env } = await import("../app/env.server");
let config: ReturnType<typeof env>;
try {
  config = env();
} catch (err) {
  console.error(String(err instanceof Error ? err.message : err));
  process.exit(1);
}

// --- start mode: demo or production (scripts/start-mode.ts) ---
const { getDb } = await import("../db/index.server");
const { DEMO_LOGINS, DEMO_PASSWORD } = await import("../db/seed/demo");
const { prepareDatabase, resolveStartMode, StartRefused } = await import("./start-mode");
const mode = resolveStartMode(process.argv, process.env);
const db = getDb(); // opens the file and applies migrations
let prepared: Awaited<ReturnType<typeof prepareDatabase>>;
try {
  prepared = await prepareDatabase(db, mode);
} catch (err) {
  if (!(err instanceof StartRefused)) throw err;
  console.error(err.message);
  process.exit(1);
}
if (mode.demoRefused) console.warn("The demo is never seeded on a production start (NODE_ENV=production, https PUBLIC_URL).");
if (process.argv.includes("--prepare-only")) {
  console.log(`Database prepared: ${path.resolve(config.DATABASE_URL)}${prepared.seededDemo ? " (demo data seeded)" : ""}`);
  process.exit(0);
}
// --- end of start mode ---

const buildDir = path.resolve(root, process.env.BUILD_DIR ?? "build");
const serverBuild = path.join(buildDir, "server/index.js");
const SOURCES = ["app", "db/schema.ts", "certificates", "public", "vite.config.ts", "package.json"];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

const buildIsCurrent =
  fs.existsSync(serverBuild) &&
  fs.statSync(serverBuild).mtimeMs >= Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
if (process.argv.includes("--no-build") ? !fs.existsSync(serverBuild) : !buildIsCurrent) {
  console.log("Building Aula (first start or sources changed)…");
  const r = spawnSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], {
    stdio: "inherit",
    cwd: root,
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
  // the issue worker, bundled beside the server (app/domain/certificates/issue-worker.server.ts)
  const w = spawnSync(process.execPath, [path.join(root, "scripts/build-issue-worker.mjs")], { stdio: "inherit", cwd: root });
  if (w.status !== 0) process.exit(w.status ?? 1);
}

rememberRouteMatching(); // scripts/route-matching.ts: before the build loads
const build = (await import(pathToFileURL(serverBuild).href)) as ServerBuild;
const app = express();
app.disable("x-powered-by");
if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
app.use((_req, res, next) => {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  if (config.PUBLIC_URL.startsWith("https://")) {
    res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  }
  next();
});
// a document rendered for the same URL, cookies and language, while the database is unchanged (scripts/front-cache.ts)
const front = config.AULA_RENDER_CACHE === "0" ? null : createFrontCache({ sqlite: db.$client });
if (front) app.use(front.middleware);
app.use(compression());
// cross-origin writes refused before anything is read (scripts/http.ts)
app.use(refuseCrossOrigin(config.PUBLIC_URL));
app.use(refuseLegacyData);
app.use(dropMalformedCookies);
app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
// the few files at the top of build/client (favicon, robots.txt…): a page's URL never costs a stat()
const clientDir = path.join(buildDir, "client");
const topFiles = new Set(
  fs.readdirSync(clientDir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => `/${e.name}`),
);
const topStatic = express.static(clientDir, { maxAge: "1h", index: false, redirect: false });
app.use((req, res, next) => (topFiles.has(req.path) ? topStatic(req, res, next) : next()));
// Remix, with a global body cap and a per-request CSP nonce (scripts/http.ts)
app.all("*", remixHandler({ build, mode: process.env.NODE_ENV }));

const server = app.listen(config.PORT, config.HOST, () => {
  const url = `http://${config.HOST}:${config.PORT}`;
  console.log(`\nAula is running at ${url}`);
  console.log(`Database: ${path.resolve(config.DATABASE_URL)}${prepared.seededDemo ? " (demo data seeded)" : ""}`);
  if (mode.demo) {
    console.log(`\nDemo logins (password for all: ${DEMO_PASSWORD}):`);
    for (const l of DEMO_LOGINS) {
      const who = "state" in l ? `${l.name} (${l.state})` : l.name;
      console.log(`  ${l.role.padEnd(20)} ${l.email.padEnd(24)} ${who}\n  ${"".padEnd(20)} ${"".padEnd(24)} → ${l.shows}`);
    }
    console.log("\nEvery person in the demo is fictitious.");
  } else if (prepared.admins === 0) {
    console.log("\nNo admin yet. Invite the first one with:  npm run admin:create -- you@example.org");
  }
  console.log("Emails are kept in the outbox (admin → Outbox) unless SMTP_URL is set.\n");
});

// the retention periods an admin set on the Privacy page (docs/decisions/012): at start, then daily
const { applyRetention } = await import("../app/domain/privacy.server");
const retain = () => {
  try {
    const done = applyRetention({ db });
    if (done.submissions || done.emails) console.log(`Retention: cleared ${done.submissions} submissions' files, deleted ${done.emails} emails.`);
  } catch (err) {
    console.error("Retention failed:", err);
  }
};
retain();
setInterval(retain, 24 * 3600_000).unref();

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
