ALTER TABLE `editions` ADD `code` text;--> statement-breakpoint
CREATE UNIQUE INDEX `editions_course_code_unique` ON `editions` (`course_id`,`code`);--> statement-breakpoint
CREATE INDEX `certificates_enrolment_idx` ON `certificates` (`enrolment_id`);