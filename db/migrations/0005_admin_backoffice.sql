CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_id` integer,
	`actor_role` text NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` integer,
	`before` text,
	`after` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE INDEX `audit_log_created_idx` ON `audit_log` (`created_at`);--> statement-breakpoint
CREATE TABLE `time_blocks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`staff_id` integer NOT NULL,
	`start_at` text NOT NULL,
	`end_at` text NOT NULL,
	`reason` text,
	`created_by` integer,
	`removed_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "time_blocks_interval_order" CHECK("time_blocks"."start_at" < "time_blocks"."end_at")
);
--> statement-breakpoint
CREATE INDEX `time_blocks_staff_start_idx` ON `time_blocks` (`staff_id`,`start_at`);--> statement-breakpoint
ALTER TABLE `service_categories` ADD `active` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `staff` ADD `bio` text;--> statement-breakpoint
ALTER TABLE `staff_services` ADD `price_minor` integer;--> statement-breakpoint
ALTER TABLE `staff_services` ADD `duration_min` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `notes` text;--> statement-breakpoint
CREATE INDEX `bookings_start_idx` ON `bookings` (`start_at`);--> statement-breakpoint
CREATE INDEX `bookings_phone_start_idx` ON `bookings` (`phone`,`start_at`);