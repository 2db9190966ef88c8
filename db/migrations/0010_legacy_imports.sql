CREATE TABLE `legacy_certificates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`import_id` integer NOT NULL,
	`participant_id` integer NOT NULL,
	`code` text NOT NULL,
	`holder_name` text NOT NULL,
	`issued_at` text NOT NULL,
	FOREIGN KEY (`import_id`) REFERENCES `legacy_imports`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`participant_id`) REFERENCES `legacy_participants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `legacy_certificates_code_unique` ON `legacy_certificates` (`code`);--> statement-breakpoint
CREATE TABLE `legacy_import_drafts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` text NOT NULL,
	`course_name` text NOT NULL,
	`edition_label` text NOT NULL,
	`users_csv` text NOT NULL,
	`results_csv` text NOT NULL,
	`certificates_csv` text NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `legacy_imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text DEFAULT 'moodle' NOT NULL,
	`course_name` text NOT NULL,
	`edition_label` text NOT NULL,
	`participants` integer NOT NULL,
	`results` integer NOT NULL,
	`certificates` integer NOT NULL,
	`imported_by` integer,
	`imported_at` text NOT NULL,
	FOREIGN KEY (`imported_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `legacy_participants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`import_id` integer NOT NULL,
	`username` text NOT NULL,
	`first_name` text NOT NULL,
	`last_name` text NOT NULL,
	`email` text NOT NULL,
	`institution` text,
	`state_code` text,
	`grade` real,
	`completed_on` text,
	FOREIGN KEY (`import_id`) REFERENCES `legacy_imports`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`state_code`) REFERENCES `states`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `legacy_participants_import_username_unique` ON `legacy_participants` (`import_id`,`username`);