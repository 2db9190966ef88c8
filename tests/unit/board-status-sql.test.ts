/**
 * Migration 0013 holds the boards' status triggers as text; app/domain/board-status.server.ts holds the SQL
 * they run (and the edition-wide recomputation uses it too). They must be the same rules: a change to one
 * without the other fails here (write a new migration that drops and re-creates the triggers).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { boardBackfillSql, boardTriggersSql } from "~/domain/board-status.server";

const migration = fs.readFileSync(path.resolve(__dirname, "../../db/migrations/0013_board_status_triggers.sql"), "utf8");
const statements = migration
  .split("--> statement-breakpoint")
  .map((s) => s.replace(/^--.*\n/, "").trim())
  .filter(Boolean);

describe("board status triggers", () => {
  it("migration 0013 is exactly the triggers and backfill the domain defines", () => {
    expect(statements).toEqual([...boardTriggersSql(), ...boardBackfillSql()]);
  });

  it("covers every table the boards' statuses derive from, on insert, update and delete", () => {
    for (const table of ["module_progress", "quiz_attempts", "assignment_submissions", "face_to_face_assessments", "certificates", "certificate_approvals"]) {
      for (const event of ["INSERT", "UPDATE", "DELETE"]) {
        expect(statements.some((s) => new RegExp(`AFTER ${event}( OF [a-z_, ]+)? ON ${table} `).test(s)), `${event} ${table}`).toBe(true);
      }
    }
    for (const [table, column] of [["enrolments", "status"], ["enrolments", "online_result"], ["participations", "signed_off_at"], ["users", "name"]]) {
      expect(statements.some((s) => new RegExp(`AFTER UPDATE OF [a-z_, ]*${column}[a-z_, ]* ON ${table} `).test(s)), `${table}.${column}`).toBe(true);
    }
  });
});
