/**
 * Certificates: eligibility, the two signatories' approvals, issuing (one at a time or in bulk,
 * idempotent and resumable), downloads (re-rendered from the stored record), revocation, re-issue
 * with a corrected name, and public verification. One module per seam in ./certificates/; this
 * file is their index.
 */
export * from "./certificates/approvals.server";
export * from "./certificates/board.server";
export * from "./certificates/codes.server";
export * from "./certificates/eligibility.server";
export * from "./certificates/issue.server";
export * from "./certificates/render.server";
export * from "./certificates/revoke.server";
export * from "./certificates/signatures.server";
export * from "./certificates/signatory-accounts.server";
export * from "./certificates/verify.server";
export { loadParticipation } from "./certificates/shared.server";
