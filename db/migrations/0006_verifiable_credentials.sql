CREATE TABLE `credential_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`issuer` text NOT NULL,
	`public_key_multibase` text NOT NULL,
	`secret_key_encrypted` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credential_keys_issuer_unique` ON `credential_keys` (`issuer`);--> statement-breakpoint
ALTER TABLE `certificates` ADD `status_list_index` integer;--> statement-breakpoint
ALTER TABLE `certificates` ADD `credential` text;--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_status_list_index_unique` ON `certificates` (`status_list_index`);