/** Who may get a certificate: eligibility from the trainee's results and the state's sign-off. */

// ---------------------------------------------------------------------------------------------
// Eligibility

/** What keeps a trainee from being eligible, in the order it has to be done. */
export type Missing =
  | "notEnrolled"
  | "onlinePending"
  | "onlineNotPassed"
  | "faceToFacePending"
  | "faceToFaceNotPassed"
  | "notSignedOff";

export interface EligibilityFacts {
  status: string;
  onlineResult: string | null;
  faceToFaceResult: string | null;
  signedOffAt: string | null;
}

/** Eligible = enrolled, online passed, face-to-face passed, the state's results signed off. */
export function eligibility(f: EligibilityFacts): Missing[] {
  const missing: Missing[] = [];
  if (f.status !== "enrolled") missing.push("notEnrolled");
  if (f.onlineResult == null) missing.push("onlinePending");
  else if (f.onlineResult !== "passed") missing.push("onlineNotPassed");
  if (f.faceToFaceResult == null) missing.push("faceToFacePending");
  else if (f.faceToFaceResult !== "passed") missing.push("faceToFaceNotPassed");
  if (!f.signedOffAt) missing.push("notSignedOff");
  return missing;
}


/**
 * Revocation takes a trainee out of issuing: approvals given up to their latest revocation no
 * longer count, so no bulk issue (nor a later bulk approval) silently issues them again. Only a
 * deliberate re-issue (`reissueCertificate`) gives them a new certificate.
 */
export function approvalsSince<A extends { at: string }>(
  approvals: { institute: A | null; state: A | null },
  lastRevokedAt: string | null,
): { institute: A | null; state: A | null } {
  if (!lastRevokedAt) return approvals;
  const fresh = (a: A | null) => (a && a.at > lastRevokedAt ? a : null);
  return { institute: fresh(approvals.institute), state: fresh(approvals.state) };
}

export type Stage = "ineligible" | "awaitingApproval" | "ready" | "issued" | "revoked";

/** Where a trainee's certificate stands. `revoked`: the latest certificate was revoked and not deliberately re-issued. */
export function stageOf(f: {
  hasValid: boolean;
  eligible: boolean;
  lastRevokedAt: string | null;
  approvals: { institute: unknown; state: unknown };
}): Stage {
  if (f.hasValid) return "issued";
  if (!f.eligible) return "ineligible";
  if (f.approvals.institute && f.approvals.state) return "ready";
  return f.lastRevokedAt ? "revoked" : "awaitingApproval";
}
