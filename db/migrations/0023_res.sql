CREATE TABLE `booking_resources` (
	`booking_id` integer NOT NULL,
	`resource_id` integer NOT NULL,
	`unit` integer NOT NULL,
	PRIMARY KEY(`booking_id`, `resource_id`),
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`resource_id`) REFERENCES `resources`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `booking_resources_resource_idx` ON `booking_resources` (`resource_id`,`unit`);--> statement-breakpoint
CREATE TABLE `resource_closures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`resource_id` integer NOT NULL,
	`from_date` text NOT NULL,
	`to_date` text NOT NULL,
	`note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`resource_id`) REFERENCES `resources`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "resource_closures_order" CHECK("resource_closures"."from_date" <= "resource_closures"."to_date")
);
--> statement-breakpoint
CREATE INDEX `resource_closures_resource_idx` ON `resource_closures` (`resource_id`,`from_date`);--> statement-breakpoint
CREATE TABLE `resources` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`units` integer DEFAULT 1 NOT NULL,
	`hours` text,
	`archived_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "resources_units_positive" CHECK("resources"."units" >= 1)
);
--> statement-breakpoint
CREATE TABLE `service_resources` (
	`service_id` integer NOT NULL,
	`resource_id` integer NOT NULL,
	PRIMARY KEY(`service_id`, `resource_id`),
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resource_id`) REFERENCES `resources`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `service_resources_resource_idx` ON `service_resources` (`resource_id`);--> statement-breakpoint
CREATE TABLE `yclients_resource_instances` (
	`instance_id` integer PRIMARY KEY NOT NULL,
	`resource_id` integer NOT NULL,
	`unit` integer NOT NULL,
	FOREIGN KEY (`resource_id`) REFERENCES `resources`(`id`) ON UPDATE no action ON DELETE no action
);
