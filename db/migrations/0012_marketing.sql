CREATE TABLE `campaigns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idempotency_key` text NOT NULL,
	`channel` text NOT NULL,
	`text` text NOT NULL,
	`audience` text NOT NULL,
	`matched` integer NOT NULL,
	`skipped_no_consent` integer NOT NULL,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaigns_idempotency_unique` ON `campaigns` (`idempotency_key`);--> statement-breakpoint
CREATE TABLE `marketing_consents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`channel` text NOT NULL,
	`granted` integer NOT NULL,
	`source` text NOT NULL,
	`campaign_id` integer,
	`ip` text,
	`changed_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `marketing_consents_user_channel_idx` ON `marketing_consents` (`user_id`,`channel`,`id`);--> statement-breakpoint
CREATE INDEX `marketing_consents_campaign_idx` ON `marketing_consents` (`campaign_id`);--> statement-breakpoint
ALTER TABLE `notification_outbox` ADD `purpose` text DEFAULT 'service' NOT NULL;--> statement-breakpoint
ALTER TABLE `notification_outbox` ADD `campaign_id` integer;--> statement-breakpoint
CREATE INDEX `notification_outbox_campaign_idx` ON `notification_outbox` (`campaign_id`,`status`);