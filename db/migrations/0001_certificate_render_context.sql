ALTER TABLE `certificates` ADD `render_context` text;--> statement-breakpoint
CREATE INDEX `certificates_sha256_idx` ON `certificates` (`sha256`);