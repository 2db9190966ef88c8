/**
 * The boards' derived status of each enrolment, stored in its row (docs/decisions/009, fourth round):
 * - the trainee's name (`user_name`), the boards' sort order after the state, so a page is an index range;
 * - online: started (any progress, attempt or submission), required modules done, the assignment's state;
 * - certificates: the stage, eligibility and the approvals that count.
 * SQLite triggers (migration 0013_board_status_triggers) recompute an enrolment's columns in the same
 * statement's transaction as every insert, update or delete of the rows they derive from, so no writer can
 * forget them. The SQL below is the only definition: the migration holds `boardTriggersSql()`'s text
 * (tests/unit/board-status-sql.test.ts keeps them equal) and `refreshOnlineBoard` uses the same expressions.
 *
 * "Modules done" depends on the edition's rules (required modules, which of them have a quiz, the pass
 * mark), which live partly in the content files: the rules the stored figures were computed with are kept
 * in `editions.board_rules` (triggers read them); `ensureOnlineBoardRules` recomputes an edition's rows
 * when the current rules differ (a tutor changed a setting, a deploy changed the content).
 */
import type { Db } from "~db/index.server";

/** `e` is the enrolment row being refreshed (the UPDATE's own table, unaliased: `enrolments`). */
const E = "enrolments";

export const ONLINE_STATUS_SET = `online_started = (
      EXISTS (SELECT 1 FROM module_progress m WHERE m.enrolment_id = ${E}.id)
      OR EXISTS (SELECT 1 FROM quiz_attempts q WHERE q.enrolment_id = ${E}.id)
      OR EXISTS (SELECT 1 FROM assignment_submissions s WHERE s.enrolment_id = ${E}.id)),
    online_assignment = COALESCE((SELECT CASE WHEN s.graded_at IS NULL THEN 'submitted' WHEN s.passed THEN 'passed' ELSE 'not-passed' END
      FROM assignment_submissions s WHERE s.enrolment_id = ${E}.id), 'not-submitted'),
    online_modules_done = (SELECT COUNT(*) FROM module_progress m JOIN editions ed ON ed.id = ${E}.edition_id
      WHERE m.enrolment_id = ${E}.id AND m.completed_at IS NOT NULL
        AND m.module_slug IN (SELECT value FROM json_each(ed.board_rules, '$.required'))
        AND (m.module_slug NOT IN (SELECT value FROM json_each(ed.board_rules, '$.quiz'))
          OR (SELECT MAX(q.score) FROM quiz_attempts q WHERE q.enrolment_id = ${E}.id AND q.module_slug = m.module_slug)
            >= json_extract(ed.board_rules, '$.passMark')))`;

// the same rules as `eligibility`, `approvalsSince` and `stageOf` (certificates/eligibility.server.ts)
const eligible = `COALESCE(${E}.status = 'enrolled' AND ${E}.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = ${E}.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = ${E}.participation_id) IS NOT NULL, 0)`;
const hasValid = `EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = ${E}.id AND c.status = 'valid')`;
const hasAny = `EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = ${E}.id)`;
const lastRevoked = `(SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = ${E}.id)`;
// approvals given up to the latest revocation no longer count
const since = `CASE WHEN ${hasValid} THEN '' ELSE COALESCE(${lastRevoked}, '') END`;
const approved = (party: string) =>
  `COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = ${E}.id AND a.party = '${party}') > ${since}, 0)`;

export const CERTIFICATE_STATUS_SET = `certificate_eligible = ${eligible},
    certificate_institute_approved = ${approved("institute")},
    certificate_state_approved = ${approved("state")},
    certificate_stage = CASE
      -- listed: enrolled, or withdrawn holding a certificate (any, valid or revoked)
      WHEN NOT (${E}.status = 'enrolled' OR (${E}.status = 'withdrawn' AND ${hasAny})) THEN NULL
      WHEN ${hasValid} THEN 'issued'
      WHEN NOT ${eligible} THEN 'ineligible'
      WHEN ${approved("institute")} AND ${approved("state")} THEN 'ready'
      WHEN ${lastRevoked} IS NOT NULL THEN 'revoked'
      ELSE 'awaitingApproval'
    END`;

/** The triggers (the text of migration 0013, without drizzle's statement breakpoints). */
export function boardTriggersSql(): string[] {
  const online = (id: string) => `UPDATE enrolments SET ${ONLINE_STATUS_SET}\n  WHERE id = ${id};`;
  const certificate = (where: string) => `UPDATE enrolments SET ${CERTIFICATE_STATUS_SET}\n  WHERE ${where};`;
  const trigger = (name: string, when: string, body: string) => `CREATE TRIGGER ${name} ${when} FOR EACH ROW BEGIN\n  ${body}\nEND;`;
  const out: string[] = [];
  const watched: [table: string, columns: string, kind: "online" | "certificate"][] = [
    ["module_progress", "module_slug, completed_at", "online"],
    ["quiz_attempts", "module_slug, score", "online"],
    ["assignment_submissions", "graded_at, passed", "online"],
    ["face_to_face_assessments", "result", "certificate"],
    ["certificates", "status, revoked_at", "certificate"],
    ["certificate_approvals", "party, approved_at", "certificate"],
  ];
  for (const [table, columns, kind] of watched) {
    const body = (row: "NEW" | "OLD") => (kind === "online" ? online(`${row}.enrolment_id`) : certificate(`id = ${row}.enrolment_id`));
    out.push(trigger(`${table}_board_insert`, `AFTER INSERT ON ${table}`, body("NEW")));
    out.push(trigger(`${table}_board_update`, `AFTER UPDATE OF enrolment_id, ${columns} ON ${table}`, `${body("OLD")}\n  ${body("NEW")}`));
    out.push(trigger(`${table}_board_delete`, `AFTER DELETE ON ${table}`, body("OLD")));
  }
  const userName = "UPDATE enrolments SET user_name = COALESCE((SELECT u.name FROM users u WHERE u.id = NEW.user_id), '') WHERE id = NEW.id;";
  out.push(trigger("enrolments_board_insert", "AFTER INSERT ON enrolments", `${userName}\n  ${certificate("id = NEW.id")}`));
  out.push(trigger("enrolments_board_update", "AFTER UPDATE OF status, online_result, participation_id ON enrolments", certificate("id = NEW.id")));
  out.push(trigger("enrolments_user_name_update", "AFTER UPDATE OF user_id ON enrolments", userName));
  out.push(trigger("users_board_update", "AFTER UPDATE OF name ON users", "UPDATE enrolments SET user_name = COALESCE(NEW.name, '') WHERE user_id = NEW.id;"));
  out.push(trigger("participations_board_update", "AFTER UPDATE OF signed_off_at ON participations", certificate("participation_id = NEW.id")));
  return out;
}

/** The backfill of existing rows (the migration's last statements). */
export function boardBackfillSql(): string[] {
  return [
    "UPDATE enrolments SET user_name = COALESCE((SELECT u.name FROM users u WHERE u.id = enrolments.user_id), '');",
    `UPDATE enrolments SET ${CERTIFICATE_STATUS_SET};`,
    `UPDATE enrolments SET ${ONLINE_STATUS_SET};`,
  ];
}

export interface OnlineBoardRules {
  required: string[];
  quiz: string[];
  passMark: number;
}

/**
 * Makes the edition's stored online statuses follow these rules: when the rules they were computed with
 * differ (or were never set), recomputes every enrolment of the edition in one statement and records the
 * rules, in one transaction. A no-op (one indexed read) otherwise.
 */
export function ensureOnlineBoardRules({ db, editionId, rules }: { db: Db; editionId: number; rules: OnlineBoardRules }): void {
  const wanted = JSON.stringify({ required: rules.required, quiz: rules.quiz, passMark: rules.passMark });
  const sqlite = db.$client;
  const stored = sqlite.prepare("SELECT board_rules AS rules FROM editions WHERE id = ?").get(editionId) as { rules: string | null } | undefined;
  if (!stored || stored.rules === wanted) return;
  sqlite.transaction(() => {
    sqlite.prepare("UPDATE editions SET board_rules = ? WHERE id = ?").run(wanted, editionId);
    sqlite.prepare(`UPDATE enrolments SET ${ONLINE_STATUS_SET} WHERE edition_id = ?`).run(editionId);
  }).immediate();
}
