ALTER TABLE `audit_log` ADD `subject_user_id` integer;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `participation_id` integer;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `state_code` text;--> statement-breakpoint
CREATE INDEX `audit_log_subject_idx` ON `audit_log` (`subject_user_id`);--> statement-breakpoint
CREATE INDEX `audit_log_actor_idx` ON `audit_log` (`actor_id`);--> statement-breakpoint
CREATE INDEX `audit_log_participation_idx` ON `audit_log` (`participation_id`);--> statement-breakpoint
CREATE INDEX `audit_log_state_idx` ON `audit_log` (`state_code`);--> statement-breakpoint
CREATE INDEX `audit_log_action_idx` ON `audit_log` (`action`);--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
UPDATE `audit_log` SET `subject_user_id` = `entity_id` WHERE `entity_type` = 'user';--> statement-breakpoint
UPDATE `audit_log` SET `subject_user_id` = (SELECT `author_id` FROM `forum_posts` WHERE `forum_posts`.`id` = `audit_log`.`entity_id`) WHERE `entity_type` = 'forum_post';--> statement-breakpoint
UPDATE `audit_log` SET `participation_id` = `entity_id` WHERE `entity_type` = 'participation';--> statement-breakpoint
UPDATE `audit_log` SET `participation_id` = (SELECT `participation_id` FROM `face_to_face_sessions` WHERE `face_to_face_sessions`.`id` = `audit_log`.`entity_id`) WHERE `entity_type` = 'faceToFaceSession';--> statement-breakpoint
UPDATE `audit_log` SET
  `subject_user_id` = (SELECT `user_id` FROM `enrolments` WHERE `enrolments`.`id` = `audit_log`.`entity_id`),
  `participation_id` = (SELECT `participation_id` FROM `enrolments` WHERE `enrolments`.`id` = `audit_log`.`entity_id`)
  WHERE `entity_type` = 'enrolment';--> statement-breakpoint
UPDATE `audit_log` SET
  `subject_user_id` = (SELECT e.`user_id` FROM `certificates` c JOIN `enrolments` e ON e.`id` = c.`enrolment_id` WHERE c.`id` = `audit_log`.`entity_id`),
  `participation_id` = (SELECT e.`participation_id` FROM `certificates` c JOIN `enrolments` e ON e.`id` = c.`enrolment_id` WHERE c.`id` = `audit_log`.`entity_id`)
  WHERE `entity_type` = 'certificate';--> statement-breakpoint
UPDATE `audit_log` SET
  `subject_user_id` = (SELECT e.`user_id` FROM `attendance` a JOIN `enrolments` e ON e.`id` = a.`enrolment_id` WHERE a.`id` = `audit_log`.`entity_id`),
  `participation_id` = (SELECT e.`participation_id` FROM `attendance` a JOIN `enrolments` e ON e.`id` = a.`enrolment_id` WHERE a.`id` = `audit_log`.`entity_id`)
  WHERE `entity_type` = 'attendance';--> statement-breakpoint
UPDATE `audit_log` SET
  `subject_user_id` = (SELECT e.`user_id` FROM `face_to_face_assessments` f JOIN `enrolments` e ON e.`id` = f.`enrolment_id` WHERE f.`id` = `audit_log`.`entity_id`),
  `participation_id` = (SELECT e.`participation_id` FROM `face_to_face_assessments` f JOIN `enrolments` e ON e.`id` = f.`enrolment_id` WHERE f.`id` = `audit_log`.`entity_id`)
  WHERE `entity_type` = 'faceToFaceAssessment';--> statement-breakpoint
UPDATE `audit_log` SET `state_code` = (SELECT `state_code` FROM `participations` WHERE `participations`.`id` = `audit_log`.`participation_id`) WHERE `participation_id` IS NOT NULL;
