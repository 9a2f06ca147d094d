CREATE TABLE `consents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`version` integer NOT NULL,
	`given_at` text NOT NULL,
	`ip` text,
	`withdrawn_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `consents_user_kind_idx` ON `consents` (`user_id`,`kind`,`given_at`);--> statement-breakpoint
CREATE TABLE `deleted_people` (
	`hash` text PRIMARY KEY NOT NULL,
	`deleted_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `legal_documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`version` integer NOT NULL,
	`body` text NOT NULL,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `legal_documents_kind_version_unique` ON `legal_documents` (`kind`,`version`);--> statement-breakpoint
ALTER TABLE `salon_settings` ADD `operator_legal_name` text;--> statement-breakpoint
ALTER TABLE `salon_settings` ADD `operator_inn` text;--> statement-breakpoint
ALTER TABLE `salon_settings` ADD `operator_ogrn` text;--> statement-breakpoint
ALTER TABLE `salon_settings` ADD `operator_address` text;--> statement-breakpoint
ALTER TABLE `salon_settings` ADD `operator_email` text;