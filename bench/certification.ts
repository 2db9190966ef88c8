/**
 * Moves the bench edition (bench/edition.ts) through the face-to-face stage into certification, so the
 * face-to-face and certificates boards are measured with a full edition's data: two sessions per state with
 * attendance, an assessment for most trainees, most states signed off, both parties' approvals for most of
 * the eligible, and issued (and a few revoked) certificates. Written with SQL: no screen creates 10,000
 * people's face-to-face and certification history in a bench's time; the certificate rows carry a stand-in
 * hash (nothing here renders a PDF).
 */
import Database from "better-sqlite3";

export function prepareCertification(databaseUrl: string, editionId: number): { certificates: number } {
  const db = new Database(databaseUrl);
  db.pragma("busy_timeout = 5000");
  const at = new Date().toISOString();
  const tutor = (db.prepare("SELECT institute_signatory_id AS id FROM editions WHERE id = ?").get(editionId) as { id: number }).id;
  const parts = db.prepare("SELECT id, state_code AS stateCode FROM participations WHERE edition_id = ? ORDER BY id").all(editionId) as {
    id: number;
    stateCode: string;
  }[];
  const course = db.prepare("SELECT c.code FROM courses c JOIN editions e ON e.course_id = c.id WHERE e.id = ?").get(editionId) as { code: string };
  let issued = 0;
  db.transaction(() => {
    db.prepare("UPDATE editions SET status = 'certification', online_closed_at = ? WHERE id = ?").run(at, editionId);
    const session = db.prepare(
      "INSERT INTO face_to_face_sessions (participation_id, date, start_time, end_time, venue, hours) VALUES (?, ?, '09:00', '17:00', 'Sede (demo)', 8) RETURNING id",
    );
    const mark = db.prepare("INSERT INTO attendance (session_id, enrolment_id, status, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)");
    const assess = db.prepare(
      "INSERT INTO face_to_face_assessments (enrolment_id, score, result, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)",
    );
    const approve = db.prepare("INSERT INTO certificate_approvals (enrolment_id, party, approved_by, approved_at) VALUES (?, ?, ?, ?)");
    const certify = db.prepare(
      `INSERT INTO certificates (enrolment_id, serial, verification_code, trainee_name, state_code, locale, bilingual, issued_on,
         online_hours, face_to_face_hours, institute_signatory, state_signatory, sha256, status, revoked_at, revoked_reason, created_at)
       VALUES (?, ?, ?, ?, ?, 'es', 0, ?, 60, 16, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const signatory = JSON.stringify({ name: "Firmante (ficticio)", title: "Director (ficticio)", institution: "Demo", signaturePngBase64: null });
    for (const [pi, p] of parts.entries()) {
      const signedOff = pi % 12 !== 11; // a few states have not signed off yet
      db.prepare(
        "UPDATE participations SET signed_off_at = ?, signed_off_by = ?, face_to_face_hours = 16, signatory_name = COALESCE(signatory_name, 'Firmante (ficticio)') WHERE id = ?",
      ).run(signedOff ? at : null, signedOff ? tutor : null, p.id);
      const sessions = ["2027-05-04", "2027-05-05"].map((d) => (session.get(p.id, d) as { id: number }).id);
      const trainees = db
        .prepare("SELECT e.id, u.name FROM enrolments e JOIN users u ON u.id = e.user_id WHERE e.participation_id = ? AND e.status = 'enrolled' ORDER BY e.id")
        .all(p.id) as { id: number; name: string }[];
      let seq = 0;
      for (const [i, t] of trainees.entries()) {
        const passedOnline = i % 10 !== 9;
        db.prepare("UPDATE enrolments SET online_result = ?, online_result_at = ? WHERE id = ?").run(passedOnline ? "passed" : "not-passed", at, t.id);
        for (const [si, s] of sessions.entries()) mark.run(s, t.id, (i + si) % 17 === 0 ? "absent" : "present", tutor, at);
        if (i % 20 === 19) continue; // not assessed yet
        const passed = i % 13 !== 12;
        assess.run(t.id, passed ? 80 : 40, passed ? "passed" : "not-passed", tutor, at);
        if (!(signedOff && passedOnline && passed)) continue;
        if (i % 5 !== 4) approve.run(t.id, "institute", tutor, at);
        if (i % 7 !== 6) approve.run(t.id, "state", tutor, at);
        if (i % 5 === 4 || i % 7 === 6 || i % 3 === 0) continue; // approved by both: a third still to issue
        seq += 1;
        const revoked = i % 50 === 1;
        const serial = `${course.code}-BENCH-${p.stateCode}-${String(seq).padStart(4, "0")}`;
        certify.run(
          t.id,
          serial,
          `BENCH${String(p.id).padStart(3, "0")}${String(seq).padStart(12, "0")}`,
          t.name,
          p.stateCode,
          at.slice(0, 10),
          signatory,
          signatory,
          "0".repeat(64),
          revoked ? "revoked" : "valid",
          revoked ? at : null,
          revoked ? "Emitido por error (demo)" : null,
          at,
        );
        issued += 1;
      }
      db.prepare("UPDATE participations SET certificate_seq = ? WHERE id = ?").run(seq, p.id);
    }
  })();
  db.exec("ANALYZE");
  db.close();
  return { certificates: issued };
}
