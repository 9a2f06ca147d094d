CREATE TABLE `booking_series` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`created_by` integer NOT NULL,
	`service_id` integer NOT NULL,
	`staff_id` integer NOT NULL,
	`first_date` text NOT NULL,
	`local_time` text NOT NULL,
	`every_weeks` integer NOT NULL,
	`occurrence_count` integer NOT NULL,
	`idempotency_key` text NOT NULL,
	`request_hash` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `booking_series_creator_key_unique` ON `booking_series` (`created_by`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `booking_series_user_idx` ON `booking_series` (`user_id`);--> statement-breakpoint
ALTER TABLE `bookings` ADD `series_id` integer REFERENCES booking_series(id);--> statement-breakpoint
CREATE INDEX `bookings_series_idx` ON `bookings` (`series_id`);