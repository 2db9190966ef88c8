/** Times (and with --cpu-prof, profiles) the online board's domain function on a built edition. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "~db/index.server";
import { findOnlineEdition } from "~/domain/online-access.server";
import { progressBoard } from "~/domain/online-results.server";
import { buildBenchEdition } from "./edition";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-board-"));
const file = path.join(dir, "b.db");
const built = await buildBenchEdition(file, Number(process.argv[2] ?? 2000));
const db = openDatabase(file);
const edition = findOnlineEdition(db, built.editionId);
if (!edition) throw new Error("no edition");
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  const b = progressBoard({ db, edition, locale: "es" });
  console.log(`online board: ${b.total} trainees in ${(performance.now() - t).toFixed(0)} ms`);
}
fs.rmSync(dir, { recursive: true, force: true });
