ALTER TABLE `module_progress` ADD `last_section_id` text;--> statement-breakpoint
ALTER TABLE `module_progress` ADD `last_section_at` text;