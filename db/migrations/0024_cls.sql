CREATE TABLE `class_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`service_id` integer NOT NULL,
	`staff_id` integer NOT NULL,
	`start_at` text NOT NULL,
	`end_at` text NOT NULL,
	`seats` integer NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`series_id` text,
	`block_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`block_id`) REFERENCES `time_blocks`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "class_sessions_interval_order" CHECK("class_sessions"."start_at" < "class_sessions"."end_at"),
	CONSTRAINT "class_sessions_seats_positive" CHECK("class_sessions"."seats" > 0)
);
--> statement-breakpoint
CREATE INDEX `class_sessions_start_idx` ON `class_sessions` (`start_at`);--> statement-breakpoint
CREATE INDEX `class_sessions_series_idx` ON `class_sessions` (`series_id`);--> statement-breakpoint
ALTER TABLE `bookings` ADD `class_id` integer REFERENCES class_sessions(id);--> statement-breakpoint
ALTER TABLE `bookings` ADD `attended` integer;--> statement-breakpoint
CREATE INDEX `bookings_class_idx` ON `bookings` (`class_id`,`status`);--> statement-breakpoint
ALTER TABLE `services` ADD `is_class` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `services` ADD `default_seats` integer;--> statement-breakpoint
ALTER TABLE `waitlist_entries` ADD `class_id` integer REFERENCES class_sessions(id);