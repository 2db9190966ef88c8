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

