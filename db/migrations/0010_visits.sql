CREATE TABLE `visits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`idempotency_key` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` text NOT NULL,
	`attempt` integer DEFAULT 1 NOT NULL,
	`item_count` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `visits_user_idempotency_unique` ON `visits` (`user_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `visits_status_updated_idx` ON `visits` (`status`,`updated_at`);--> statement-breakpoint
ALTER TABLE `bookings` ADD `visit_id` integer REFERENCES visits(id);--> statement-breakpoint
CREATE INDEX `bookings_visit_idx` ON `bookings` (`visit_id`);