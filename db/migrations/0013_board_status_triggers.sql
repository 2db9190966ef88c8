-- The boards' stored status (app/domain/board-status.server.ts: boardTriggersSql, boardBackfillSql). Generated; keep equal.
CREATE TRIGGER module_progress_board_insert AFTER INSERT ON module_progress FOR EACH ROW BEGIN
  UPDATE enrolments SET online_started = (
      EXISTS (SELECT 1 FROM module_progress m WHERE m.enrolment_id = enrolments.id)
      OR EXISTS (SELECT 1 FROM quiz_attempts q WHERE q.enrolment_id = enrolments.id)
      OR EXISTS (SELECT 1 FROM assignment_submissions s WHERE s.enrolment_id = enrolments.id)),
    online_assignment = COALESCE((SELECT CASE WHEN s.graded_at IS NULL THEN 'submitted' WHEN s.passed THEN 'passed' ELSE 'not-passed' END
      FROM assignment_submissions s WHERE s.enrolment_id = enrolments.id), 'not-submitted'),
    online_modules_done = (SELECT COUNT(*) FROM module_progress m JOIN editions ed ON ed.id = enrolments.edition_id
      WHERE m.enrolment_id = enrolments.id AND m.completed_at IS NOT NULL
        AND m.module_slug IN (SELECT value FROM json_each(ed.board_rules, '$.required'))
        AND (m.module_slug NOT IN (SELECT value FROM json_each(ed.board_rules, '$.quiz'))
          OR (SELECT MAX(q.score) FROM quiz_attempts q WHERE q.enrolment_id = enrolments.id AND q.module_slug = m.module_slug)
            >= json_extract(ed.board_rules, '$.passMark')))
  WHERE id = NEW.enrolment_id;
END;
--> statement-breakpoint
CREATE TRIGGER module_progress_board_update AFTER UPDATE OF enrolment_id, module_slug, completed_at ON module_progress FOR EACH ROW BEGIN
  UPDATE enrolments SET online_started = (
      EXISTS (SELECT 1 FROM module_progress m WHERE m.enrolment_id = enrolments.id)
      OR EXISTS (SELECT 1 FROM quiz_attempts q WHERE q.enrolment_id = enrolments.id)
      OR EXISTS (SELECT 1 FROM assignment_submissions s WHERE s.enrolment_id = enrolments.id)),
    online_assignment = COALESCE((SELECT CASE WHEN s.graded_at IS NULL THEN 'submitted' WHEN s.passed THEN 'passed' ELSE 'not-passed' END
      FROM assignment_submissions s WHERE s.enrolment_id = enrolments.id), 'not-submitted'),
    online_modules_done = (SELECT COUNT(*) FROM module_progress m JOIN editions ed ON ed.id = enrolments.edition_id
      WHERE m.enrolment_id = enrolments.id AND m.completed_at IS NOT NULL
        AND m.module_slug IN (SELECT value FROM json_each(ed.board_rules, '$.required'))
        AND (m.module_slug NOT IN (SELECT value FROM json_each(ed.board_rules, '$.quiz'))
          OR (SELECT MAX(q.score) FROM quiz_attempts q WHERE q.enrolment_id = enrolments.id AND q.module_slug = m.module_slug)
            >= json_extract(ed.board_rules, '$.passMark')))
  WHERE id = OLD.enrolment_id;
  UPDATE enrolments SET online_started = (
      EXISTS (SELECT 1 FROM module_progress m WHERE m.enrolment_id = enrolments.id)
      OR EXISTS (SELECT 1 FROM quiz_attempts q WHERE q.enrolment_id = enrolments.id)
      OR EXISTS (SELECT 1 FROM assignment_submissions s WHERE s.enrolment_id = enrolments.id)),
    online_assignment = COALESCE((SELECT CASE WHEN s.graded_at IS NULL THEN 'submitted' WHEN s.passed THEN 'passed' ELSE 'not-passed' END
      FROM assignment_submissions s WHERE s.enrolment_id = enrolments.id), 'not-submitted'),
    online_modules_done = (SELECT COUNT(*) FROM module_progress m JOIN editions ed ON ed.id = enrolments.edition_id
      WHERE m.enrolment_id = enrolments.id AND m.completed_at IS NOT NULL
        AND m.module_slug IN (SELECT value FROM json_each(ed.board_rules, '$.required'))
        AND (m.module_slug NOT IN (SELECT value FROM json_each(ed.board_rules, '$.quiz'))
          OR (SELECT MAX(q.score) FROM quiz_attempts q WHERE q.enrolment_id = enrolments.id AND q.module_slug = m.module_slug)
            >= json_extract(ed.board_rules, '$.passMark')))
  WHERE id = NEW.enrolment_id;
END;
--> statement-breakpoint
CREATE TRIGGER module_progress_board_delete AFTER DELETE ON module_progress FOR EACH ROW BEGIN
  UPDATE enrolments SET online_started = (
      EXISTS (SELECT 1 FROM module_progress m WHERE m.enrolment_id = enrolments.id)
      OR EXISTS (SELECT 1 FROM quiz_attempts q WHERE q.enrolment_id = enrolments.id)
      OR EXISTS (SELECT 1 FROM assignment_submissions s WHERE s.enrolment_id = enrolments.id)),
    online_assignment = COALESCE((SELECT CASE WHEN s.graded_at IS NULL THEN 'submitted' WHEN s.passed THEN 'passed' ELSE 'not-passed' END
      FROM assignment_submissions s WHERE s.enrolment_id = enrolments.id), 'not-submitted'),
    online_modules_done = (SELECT COUNT(*) FROM module_progress m JOIN editions ed ON ed.id = enrolments.edition_id
      WHERE m.enrolment_id = enrolments.id AND m.completed_at IS NOT NULL
        AND m.module_slug IN (SELECT value FROM json_each(ed.board_rules, '$.required'))
        AND (m.module_slug NOT IN (SELECT value FROM json_each(ed.board_rules, '$.quiz'))
          OR (SELECT MAX(q.score) FROM quiz_attempts q WHERE q.enrolment_id = enrolments.id AND q.module_slug = m.module_slug)
            >= json_extract(ed.board_rules, '$.passMark')))
  WHERE id = OLD.enrolment_id;
END;
--> statement-breakpoint
CREATE TRIGGER quiz_attempts_board_insert AFTER INSERT ON quiz_attempts FOR EACH ROW BEGIN
  UPDATE enrolments SET online_started = (
      EXISTS (SELECT 1 FROM module_progress m WHERE m.enrolment_id = enrolments.id)
      OR EXISTS (SELECT 1 FROM quiz_attempts q WHERE q.enrolment_id = enrolments.id)
      OR EXISTS (SELECT 1 FROM assignment_submissions s WHERE s.enrolment_id = enrolments.id)),
    online_assignment = COALESCE((SELECT CASE WHEN s.graded_at IS NULL THEN 'submitted' WHEN s.passed THEN 'passed' ELSE 'not-passed' END
      FROM assignment_submissions s WHERE s.enrolment_id = enrolments.id), 'not-submitted'),
    online_modules_done = (SELECT COUNT(*) FROM module_progress m JOIN editions ed ON ed.id = enrolments.edition_id
      WHERE m.enrolment_id = enrolments.id AND m.completed_at IS NOT NULL
        AND m.module_slug IN (SELECT value FROM json_each(ed.board_rules, '$.required'))
        AND (m.module_slug NOT IN (SELECT value FROM json_each(ed.board_rules, '$.quiz'))
          OR (SELECT MAX(q.score) FROM quiz_attempts q WHERE q.enrolment_id = enrolments.id AND q.module_slug = m.module_slug)
            >= json_extract(ed.board_rules, '$.passMark')))
  WHERE id = NEW.enrolment_id;
END;
--> statement-breakpoint
CREATE TRIGGER quiz_attempts_board_update AFTER UPDATE OF enrolment_id, module_slug, score ON quiz_attempts FOR EACH ROW BEGIN
  UPDATE enrolments SET online_started = (
      EXISTS (SELECT 1 FROM module_progress m WHERE m.enrolment_id = enrolments.id)
      OR EXISTS (SELECT 1 FROM quiz_attempts q WHERE q.enrolment_id = enrolments.id)
      OR EXISTS (SELECT 1 FROM assignment_submissions s WHERE s.enrolment_id = enrolments.id)),
    online_assignment = COALESCE((SELECT CASE WHEN s.graded_at IS NULL THEN 'submitted' WHEN s.passed THEN 'passed' ELSE 'not-passed' END
      FROM assignment_submissions s WHERE s.enrolment_id = enrolments.id), 'not-submitted'),
    online_modules_done = (SELECT COUNT(*) FROM module_progress m JOIN editions ed ON ed.id = enrolments.edition_id
      WHERE m.enrolment_id = enrolments.id AND m.completed_at IS NOT NULL
        AND m.module_slug IN (SELECT value FROM json_each(ed.board_rules, '$.required'))
        AND (m.module_slug NOT IN (SELECT value FROM json_each(ed.board_rules, '$.quiz'))
          OR (SELECT MAX(q.score) FROM quiz_attempts q WHERE q.enrolment_id = enrolments.id AND q.module_slug = m.module_slug)
            >= json_extract(ed.board_rules, '$.passMark')))
  WHERE id = OLD.enrolment_id;
  UPDATE enrolments SET online_started = (
      EXISTS (SELECT 1 FROM module_progress m WHERE m.enrolment_id = enrolments.id)
      OR EXISTS (SELECT 1 FROM quiz_attempts q WHERE q.enrolment_id = enrolments.id)
      OR EXISTS (SELECT 1 FROM assignment_submissions s WHERE s.enrolment_id = enrolments.id)),
    online_assignment = COALESCE((SELECT CASE WHEN s.graded_at IS NULL THEN 'submitted' WHEN s.passed THEN 'passed' ELSE 'not-passed' END
      FROM assignment_submissions s WHERE s.enrolment_id = enrolments.id), 'not-submitted'),
    online_modules_done = (SELECT COUNT(*) FROM module_progress m JOIN editions ed ON ed.id = enrolments.edition_id
      WHERE m.enrolment_id = enrolments.id AND m.completed_at IS NOT NULL
        AND m.module_slug IN (SELECT value FROM json_each(ed.board_rules, '$.required'))
        AND (m.module_slug NOT IN (SELECT value FROM json_each(ed.board_rules, '$.quiz'))
          OR (SELECT MAX(q.score) FROM quiz_attempts q WHERE q.enrolment_id = enrolments.id AND q.module_slug = m.module_slug)
            >= json_extract(ed.board_rules, '$.passMark')))
  WHERE id = NEW.enrolment_id;
END;
--> statement-breakpoint
CREATE TRIGGER quiz_attempts_board_delete AFTER DELETE ON quiz_attempts FOR EACH ROW BEGIN
  UPDATE enrolments SET online_started = (
      EXISTS (SELECT 1 FROM module_progress m WHERE m.enrolment_id = enrolments.id)
      OR EXISTS (SELECT 1 FROM quiz_attempts q WHERE q.enrolment_id = enrolments.id)
      OR EXISTS (SELECT 1 FROM assignment_submissions s WHERE s.enrolment_id = enrolments.id)),
    online_assignment = COALESCE((SELECT CASE WHEN s.graded_at IS NULL THEN 'submitted' WHEN s.passed THEN 'passed' ELSE 'not-passed' END
      FROM assignment_submissions s WHERE s.enrolment_id = enrolments.id), 'not-submitted'),
    online_modules_done = (SELECT COUNT(*) FROM module_progress m JOIN editions ed ON ed.id = enrolments.edition_id
      WHERE m.enrolment_id = enrolments.id AND m.completed_at IS NOT NULL
        AND m.module_slug IN (SELECT value FROM json_each(ed.board_rules, '$.required'))
        AND (m.module_slug NOT IN (SELECT value FROM json_each(ed.board_rules, '$.quiz'))
          OR (SELECT MAX(q.score) FROM quiz_attempts q WHERE q.enrolment_id = enrolments.id AND q.module_slug = m.module_slug)
            >= json_extract(ed.board_rules, '$.passMark')))
  WHERE id = OLD.enrolment_id;
END;
--> statement-breakpoint
CREATE TRIGGER assignment_submissions_board_insert AFTER INSERT ON assignment_submissions FOR EACH ROW BEGIN
  UPDATE enrolments SET online_started = (
      EXISTS (SELECT 1 FROM module_progress m WHERE m.enrolment_id = enrolments.id)
      OR EXISTS (SELECT 1 FROM quiz_attempts q WHERE q.enrolment_id = enrolments.id)
      OR EXISTS (SELECT 1 FROM assignment_submissions s WHERE s.enrolment_id = enrolments.id)),
    online_assignment = COALESCE((SELECT CASE WHEN s.graded_at IS NULL THEN 'submitted' WHEN s.passed THEN 'passed' ELSE 'not-passed' END
      FROM assignment_submissions s WHERE s.enrolment_id = enrolments.id), 'not-submitted'),
    online_modules_done = (SELECT COUNT(*) FROM module_progress m JOIN editions ed ON ed.id = enrolments.edition_id
      WHERE m.enrolment_id = enrolments.id AND m.completed_at IS NOT NULL
        AND m.module_slug IN (SELECT value FROM json_each(ed.board_rules, '$.required'))
        AND (m.module_slug NOT IN (SELECT value FROM json_each(ed.board_rules, '$.quiz'))
          OR (SELECT MAX(q.score) FROM quiz_attempts q WHERE q.enrolment_id = enrolments.id AND q.module_slug = m.module_slug)
            >= json_extract(ed.board_rules, '$.passMark')))
  WHERE id = NEW.enrolment_id;
END;
--> statement-breakpoint
CREATE TRIGGER assignment_submissions_board_update AFTER UPDATE OF enrolment_id, graded_at, passed ON assignment_submissions FOR EACH ROW BEGIN
  UPDATE enrolments SET online_started = (
      EXISTS (SELECT 1 FROM module_progress m WHERE m.enrolment_id = enrolments.id)
      OR EXISTS (SELECT 1 FROM quiz_attempts q WHERE q.enrolment_id = enrolments.id)
      OR EXISTS (SELECT 1 FROM assignment_submissions s WHERE s.enrolment_id = enrolments.id)),
    online_assignment = COALESCE((SELECT CASE WHEN s.graded_at IS NULL THEN 'submitted' WHEN s.passed THEN 'passed' ELSE 'not-passed' END
      FROM assignment_submissions s WHERE s.enrolment_id = enrolments.id), 'not-submitted'),
    online_modules_done = (SELECT COUNT(*) FROM module_progress m JOIN editions ed ON ed.id = enrolments.edition_id
      WHERE m.enrolment_id = enrolments.id AND m.completed_at IS NOT NULL
        AND m.module_slug IN (SELECT value FROM json_each(ed.board_rules, '$.required'))
        AND (m.module_slug NOT IN (SELECT value FROM json_each(ed.board_rules, '$.quiz'))
          OR (SELECT MAX(q.score) FROM quiz_attempts q WHERE q.enrolment_id = enrolments.id AND q.module_slug = m.module_slug)
            >= json_extract(ed.board_rules, '$.passMark')))
  WHERE id = OLD.enrolment_id;
  UPDATE enrolments SET online_started = (
      EXISTS (SELECT 1 FROM module_progress m WHERE m.enrolment_id = enrolments.id)
      OR EXISTS (SELECT 1 FROM quiz_attempts q WHERE q.enrolment_id = enrolments.id)
      OR EXISTS (SELECT 1 FROM assignment_submissions s WHERE s.enrolment_id = enrolments.id)),
    online_assignment = COALESCE((SELECT CASE WHEN s.graded_at IS NULL THEN 'submitted' WHEN s.passed THEN 'passed' ELSE 'not-passed' END
      FROM assignment_submissions s WHERE s.enrolment_id = enrolments.id), 'not-submitted'),
    online_modules_done = (SELECT COUNT(*) FROM module_progress m JOIN editions ed ON ed.id = enrolments.edition_id
      WHERE m.enrolment_id = enrolments.id AND m.completed_at IS NOT NULL
        AND m.module_slug IN (SELECT value FROM json_each(ed.board_rules, '$.required'))
        AND (m.module_slug NOT IN (SELECT value FROM json_each(ed.board_rules, '$.quiz'))
          OR (SELECT MAX(q.score) FROM quiz_attempts q WHERE q.enrolment_id = enrolments.id AND q.module_slug = m.module_slug)
            >= json_extract(ed.board_rules, '$.passMark')))
  WHERE id = NEW.enrolment_id;
END;
--> statement-breakpoint
CREATE TRIGGER assignment_submissions_board_delete AFTER DELETE ON assignment_submissions FOR EACH ROW BEGIN
  UPDATE enrolments SET online_started = (
      EXISTS (SELECT 1 FROM module_progress m WHERE m.enrolment_id = enrolments.id)
      OR EXISTS (SELECT 1 FROM quiz_attempts q WHERE q.enrolment_id = enrolments.id)
      OR EXISTS (SELECT 1 FROM assignment_submissions s WHERE s.enrolment_id = enrolments.id)),
    online_assignment = COALESCE((SELECT CASE WHEN s.graded_at IS NULL THEN 'submitted' WHEN s.passed THEN 'passed' ELSE 'not-passed' END
      FROM assignment_submissions s WHERE s.enrolment_id = enrolments.id), 'not-submitted'),
    online_modules_done = (SELECT COUNT(*) FROM module_progress m JOIN editions ed ON ed.id = enrolments.edition_id
      WHERE m.enrolment_id = enrolments.id AND m.completed_at IS NOT NULL
        AND m.module_slug IN (SELECT value FROM json_each(ed.board_rules, '$.required'))
        AND (m.module_slug NOT IN (SELECT value FROM json_each(ed.board_rules, '$.quiz'))
          OR (SELECT MAX(q.score) FROM quiz_attempts q WHERE q.enrolment_id = enrolments.id AND q.module_slug = m.module_slug)
            >= json_extract(ed.board_rules, '$.passMark')))
  WHERE id = OLD.enrolment_id;
END;
--> statement-breakpoint
CREATE TRIGGER face_to_face_assessments_board_insert AFTER INSERT ON face_to_face_assessments FOR EACH ROW BEGIN
  UPDATE enrolments SET certificate_eligible = COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0),
    certificate_institute_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_state_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_stage = CASE
      -- listed: enrolled, or withdrawn holding a certificate (any, valid or revoked)
      WHEN NOT (enrolments.status = 'enrolled' OR (enrolments.status = 'withdrawn' AND EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id))) THEN NULL
      WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN 'issued'
      WHEN NOT COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0) THEN 'ineligible'
      WHEN COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) AND COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) THEN 'ready'
      WHEN (SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id) IS NOT NULL THEN 'revoked'
      ELSE 'awaitingApproval'
    END
  WHERE id = NEW.enrolment_id;
END;
--> statement-breakpoint
CREATE TRIGGER face_to_face_assessments_board_update AFTER UPDATE OF enrolment_id, result ON face_to_face_assessments FOR EACH ROW BEGIN
  UPDATE enrolments SET certificate_eligible = COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0),
    certificate_institute_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_state_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_stage = CASE
      -- listed: enrolled, or withdrawn holding a certificate (any, valid or revoked)
      WHEN NOT (enrolments.status = 'enrolled' OR (enrolments.status = 'withdrawn' AND EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id))) THEN NULL
      WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN 'issued'
      WHEN NOT COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0) THEN 'ineligible'
      WHEN COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) AND COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) THEN 'ready'
      WHEN (SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id) IS NOT NULL THEN 'revoked'
      ELSE 'awaitingApproval'
    END
  WHERE id = OLD.enrolment_id;
  UPDATE enrolments SET certificate_eligible = COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0),
    certificate_institute_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_state_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_stage = CASE
      -- listed: enrolled, or withdrawn holding a certificate (any, valid or revoked)
      WHEN NOT (enrolments.status = 'enrolled' OR (enrolments.status = 'withdrawn' AND EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id))) THEN NULL
      WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN 'issued'
      WHEN NOT COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0) THEN 'ineligible'
      WHEN COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) AND COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) THEN 'ready'
      WHEN (SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id) IS NOT NULL THEN 'revoked'
      ELSE 'awaitingApproval'
    END
  WHERE id = NEW.enrolment_id;
END;
--> statement-breakpoint
CREATE TRIGGER face_to_face_assessments_board_delete AFTER DELETE ON face_to_face_assessments FOR EACH ROW BEGIN
  UPDATE enrolments SET certificate_eligible = COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0),
    certificate_institute_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_state_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_stage = CASE
      -- listed: enrolled, or withdrawn holding a certificate (any, valid or revoked)
      WHEN NOT (enrolments.status = 'enrolled' OR (enrolments.status = 'withdrawn' AND EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id))) THEN NULL
      WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN 'issued'
      WHEN NOT COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0) THEN 'ineligible'
      WHEN COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) AND COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) THEN 'ready'
      WHEN (SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id) IS NOT NULL THEN 'revoked'
      ELSE 'awaitingApproval'
    END
  WHERE id = OLD.enrolment_id;
END;
--> statement-breakpoint
CREATE TRIGGER certificates_board_insert AFTER INSERT ON certificates FOR EACH ROW BEGIN
  UPDATE enrolments SET certificate_eligible = COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0),
    certificate_institute_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_state_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_stage = CASE
      -- listed: enrolled, or withdrawn holding a certificate (any, valid or revoked)
      WHEN NOT (enrolments.status = 'enrolled' OR (enrolments.status = 'withdrawn' AND EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id))) THEN NULL
      WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN 'issued'
      WHEN NOT COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0) THEN 'ineligible'
      WHEN COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) AND COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) THEN 'ready'
      WHEN (SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id) IS NOT NULL THEN 'revoked'
      ELSE 'awaitingApproval'
    END
  WHERE id = NEW.enrolment_id;
END;
--> statement-breakpoint
CREATE TRIGGER certificates_board_update AFTER UPDATE OF enrolment_id, status, revoked_at ON certificates FOR EACH ROW BEGIN
  UPDATE enrolments SET certificate_eligible = COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0),
    certificate_institute_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_state_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_stage = CASE
      -- listed: enrolled, or withdrawn holding a certificate (any, valid or revoked)
      WHEN NOT (enrolments.status = 'enrolled' OR (enrolments.status = 'withdrawn' AND EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id))) THEN NULL
      WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN 'issued'
      WHEN NOT COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0) THEN 'ineligible'
      WHEN COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) AND COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) THEN 'ready'
      WHEN (SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id) IS NOT NULL THEN 'revoked'
      ELSE 'awaitingApproval'
    END
  WHERE id = OLD.enrolment_id;
  UPDATE enrolments SET certificate_eligible = COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0),
    certificate_institute_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_state_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_stage = CASE
      -- listed: enrolled, or withdrawn holding a certificate (any, valid or revoked)
      WHEN NOT (enrolments.status = 'enrolled' OR (enrolments.status = 'withdrawn' AND EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id))) THEN NULL
      WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN 'issued'
      WHEN NOT COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0) THEN 'ineligible'
      WHEN COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) AND COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) THEN 'ready'
      WHEN (SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id) IS NOT NULL THEN 'revoked'
      ELSE 'awaitingApproval'
    END
  WHERE id = NEW.enrolment_id;
END;
--> statement-breakpoint
CREATE TRIGGER certificates_board_delete AFTER DELETE ON certificates FOR EACH ROW BEGIN
  UPDATE enrolments SET certificate_eligible = COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0),
    certificate_institute_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_state_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_stage = CASE
      -- listed: enrolled, or withdrawn holding a certificate (any, valid or revoked)
      WHEN NOT (enrolments.status = 'enrolled' OR (enrolments.status = 'withdrawn' AND EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id))) THEN NULL
      WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN 'issued'
      WHEN NOT COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0) THEN 'ineligible'
      WHEN COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) AND COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) THEN 'ready'
      WHEN (SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id) IS NOT NULL THEN 'revoked'
      ELSE 'awaitingApproval'
    END
  WHERE id = OLD.enrolment_id;
END;
--> statement-breakpoint
CREATE TRIGGER certificate_approvals_board_insert AFTER INSERT ON certificate_approvals FOR EACH ROW BEGIN
  UPDATE enrolments SET certificate_eligible = COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0),
    certificate_institute_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_state_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_stage = CASE
      -- listed: enrolled, or withdrawn holding a certificate (any, valid or revoked)
      WHEN NOT (enrolments.status = 'enrolled' OR (enrolments.status = 'withdrawn' AND EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id))) THEN NULL
      WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN 'issued'
      WHEN NOT COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0) THEN 'ineligible'
      WHEN COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) AND COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) THEN 'ready'
      WHEN (SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id) IS NOT NULL THEN 'revoked'
      ELSE 'awaitingApproval'
    END
  WHERE id = NEW.enrolment_id;
END;
--> statement-breakpoint
CREATE TRIGGER certificate_approvals_board_update AFTER UPDATE OF enrolment_id, party, approved_at ON certificate_approvals FOR EACH ROW BEGIN
  UPDATE enrolments SET certificate_eligible = COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0),
    certificate_institute_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_state_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_stage = CASE
      -- listed: enrolled, or withdrawn holding a certificate (any, valid or revoked)
      WHEN NOT (enrolments.status = 'enrolled' OR (enrolments.status = 'withdrawn' AND EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id))) THEN NULL
      WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN 'issued'
      WHEN NOT COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0) THEN 'ineligible'
      WHEN COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) AND COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) THEN 'ready'
      WHEN (SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id) IS NOT NULL THEN 'revoked'
      ELSE 'awaitingApproval'
    END
  WHERE id = OLD.enrolment_id;
  UPDATE enrolments SET certificate_eligible = COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0),
    certificate_institute_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_state_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_stage = CASE
      -- listed: enrolled, or withdrawn holding a certificate (any, valid or revoked)
      WHEN NOT (enrolments.status = 'enrolled' OR (enrolments.status = 'withdrawn' AND EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id))) THEN NULL
      WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN 'issued'
      WHEN NOT COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0) THEN 'ineligible'
      WHEN COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) AND COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) THEN 'ready'
      WHEN (SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id) IS NOT NULL THEN 'revoked'
      ELSE 'awaitingApproval'
    END
  WHERE id = NEW.enrolment_id;
END;
--> statement-breakpoint
CREATE TRIGGER certificate_approvals_board_delete AFTER DELETE ON certificate_approvals FOR EACH ROW BEGIN
  UPDATE enrolments SET certificate_eligible = COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0),
    certificate_institute_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_state_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_stage = CASE
      -- listed: enrolled, or withdrawn holding a certificate (any, valid or revoked)
      WHEN NOT (enrolments.status = 'enrolled' OR (enrolments.status = 'withdrawn' AND EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id))) THEN NULL
      WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN 'issued'
      WHEN NOT COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0) THEN 'ineligible'
      WHEN COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) AND COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) THEN 'ready'
      WHEN (SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id) IS NOT NULL THEN 'revoked'
      ELSE 'awaitingApproval'
    END
  WHERE id = OLD.enrolment_id;
END;
--> statement-breakpoint
CREATE TRIGGER enrolments_board_insert AFTER INSERT ON enrolments FOR EACH ROW BEGIN
  UPDATE enrolments SET user_name = COALESCE((SELECT u.name FROM users u WHERE u.id = NEW.user_id), '') WHERE id = NEW.id;
  UPDATE enrolments SET certificate_eligible = COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0),
    certificate_institute_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_state_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_stage = CASE
      -- listed: enrolled, or withdrawn holding a certificate (any, valid or revoked)
      WHEN NOT (enrolments.status = 'enrolled' OR (enrolments.status = 'withdrawn' AND EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id))) THEN NULL
      WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN 'issued'
      WHEN NOT COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0) THEN 'ineligible'
      WHEN COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) AND COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) THEN 'ready'
      WHEN (SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id) IS NOT NULL THEN 'revoked'
      ELSE 'awaitingApproval'
    END
  WHERE id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER enrolments_board_update AFTER UPDATE OF status, online_result, participation_id ON enrolments FOR EACH ROW BEGIN
  UPDATE enrolments SET certificate_eligible = COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0),
    certificate_institute_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_state_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_stage = CASE
      -- listed: enrolled, or withdrawn holding a certificate (any, valid or revoked)
      WHEN NOT (enrolments.status = 'enrolled' OR (enrolments.status = 'withdrawn' AND EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id))) THEN NULL
      WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN 'issued'
      WHEN NOT COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0) THEN 'ineligible'
      WHEN COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) AND COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) THEN 'ready'
      WHEN (SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id) IS NOT NULL THEN 'revoked'
      ELSE 'awaitingApproval'
    END
  WHERE id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER enrolments_user_name_update AFTER UPDATE OF user_id ON enrolments FOR EACH ROW BEGIN
  UPDATE enrolments SET user_name = COALESCE((SELECT u.name FROM users u WHERE u.id = NEW.user_id), '') WHERE id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER users_board_update AFTER UPDATE OF name ON users FOR EACH ROW BEGIN
  UPDATE enrolments SET user_name = COALESCE(NEW.name, '') WHERE user_id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER participations_board_update AFTER UPDATE OF signed_off_at ON participations FOR EACH ROW BEGIN
  UPDATE enrolments SET certificate_eligible = COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0),
    certificate_institute_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_state_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_stage = CASE
      -- listed: enrolled, or withdrawn holding a certificate (any, valid or revoked)
      WHEN NOT (enrolments.status = 'enrolled' OR (enrolments.status = 'withdrawn' AND EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id))) THEN NULL
      WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN 'issued'
      WHEN NOT COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0) THEN 'ineligible'
      WHEN COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) AND COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) THEN 'ready'
      WHEN (SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id) IS NOT NULL THEN 'revoked'
      ELSE 'awaitingApproval'
    END
  WHERE participation_id = NEW.id;
END;
--> statement-breakpoint
UPDATE enrolments SET user_name = COALESCE((SELECT u.name FROM users u WHERE u.id = enrolments.user_id), '');
--> statement-breakpoint
UPDATE enrolments SET certificate_eligible = COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0),
    certificate_institute_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_state_approved = COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0),
    certificate_stage = CASE
      -- listed: enrolled, or withdrawn holding a certificate (any, valid or revoked)
      WHEN NOT (enrolments.status = 'enrolled' OR (enrolments.status = 'withdrawn' AND EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id))) THEN NULL
      WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN 'issued'
      WHEN NOT COALESCE(enrolments.status = 'enrolled' AND enrolments.online_result = 'passed'
      AND (SELECT f.result FROM face_to_face_assessments f WHERE f.enrolment_id = enrolments.id) = 'passed'
      AND (SELECT p.signed_off_at FROM participations p WHERE p.id = enrolments.participation_id) IS NOT NULL, 0) THEN 'ineligible'
      WHEN COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'institute') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) AND COALESCE((SELECT MAX(a.approved_at) FROM certificate_approvals a WHERE a.enrolment_id = enrolments.id AND a.party = 'state') > CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = enrolments.id AND c.status = 'valid') THEN '' ELSE COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id), '') END, 0) THEN 'ready'
      WHEN (SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = enrolments.id) IS NOT NULL THEN 'revoked'
      ELSE 'awaitingApproval'
    END;
--> statement-breakpoint
UPDATE enrolments SET online_started = (
      EXISTS (SELECT 1 FROM module_progress m WHERE m.enrolment_id = enrolments.id)
      OR EXISTS (SELECT 1 FROM quiz_attempts q WHERE q.enrolment_id = enrolments.id)
      OR EXISTS (SELECT 1 FROM assignment_submissions s WHERE s.enrolment_id = enrolments.id)),
    online_assignment = COALESCE((SELECT CASE WHEN s.graded_at IS NULL THEN 'submitted' WHEN s.passed THEN 'passed' ELSE 'not-passed' END
      FROM assignment_submissions s WHERE s.enrolment_id = enrolments.id), 'not-submitted'),
    online_modules_done = (SELECT COUNT(*) FROM module_progress m JOIN editions ed ON ed.id = enrolments.edition_id
      WHERE m.enrolment_id = enrolments.id AND m.completed_at IS NOT NULL
        AND m.module_slug IN (SELECT value FROM json_each(ed.board_rules, '$.required'))
        AND (m.module_slug NOT IN (SELECT value FROM json_each(ed.board_rules, '$.quiz'))
          OR (SELECT MAX(q.score) FROM quiz_attempts q WHERE q.enrolment_id = enrolments.id AND q.module_slug = m.module_slug)
            >= json_extract(ed.board_rules, '$.passMark')));
