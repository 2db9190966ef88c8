ALTER TABLE `editions` ADD `board_rules` text;--> statement-breakpoint
ALTER TABLE `enrolments` ADD `user_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `enrolments` ADD `online_started` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `enrolments` ADD `online_modules_done` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `enrolments` ADD `online_assignment` text DEFAULT 'not-submitted' NOT NULL;--> statement-breakpoint
ALTER TABLE `enrolments` ADD `certificate_stage` text;--> statement-breakpoint
ALTER TABLE `enrolments` ADD `certificate_eligible` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `enrolments` ADD `certificate_institute_approved` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `enrolments` ADD `certificate_state_approved` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `enrolments_online_board_idx` ON `enrolments` (`edition_id`,`status`,`participation_id`,`user_name`,`online_started`,`online_modules_done`,`online_assignment`,`online_result`);--> statement-breakpoint
CREATE INDEX `enrolments_certificate_board_idx` ON `enrolments` (`edition_id`,`participation_id`,`user_name`,`certificate_stage`,`certificate_eligible`,`certificate_institute_approved`,`certificate_state_approved`);