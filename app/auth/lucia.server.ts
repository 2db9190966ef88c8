/**
 * lucia is gone (docs/decisions/001-sessions.md): sessions live in ./sessions.server.ts.
 * This module only re-exports them so that code and tests written against the old name keep working
 * while sibling branches merge; import from "~/auth/sessions.server" in new code.
 */
export {
  createSession,
  invalidateAllSessions,
  invalidateSession,
  SESSION_COOKIE,
  type SessionCheck,
  validateSessionCookie,
} from "./sessions.server";
