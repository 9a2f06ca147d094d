CREATE TABLE `abonement_freezes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`abonement_id` integer NOT NULL,
	`from_date` text NOT NULL,
	`to_date` text NOT NULL,
	`days` integer NOT NULL,
	`reason` text NOT NULL,
	`actor_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`abonement_id`) REFERENCES `abonements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `abonement_freezes_abonement_idx` ON `abonement_freezes` (`abonement_id`);--> statement-breakpoint
CREATE TABLE `abonement_settlements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`booking_id` integer NOT NULL,
	`abonement_id` integer NOT NULL,
	`amount_minor` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`idempotence_key` text NOT NULL,
	`provider_receipt_id` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`abonement_id`) REFERENCES `abonements`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `abonement_settlements_booking_unique` ON `abonement_settlements` (`booking_id`);--> statement-breakpoint
CREATE INDEX `abonement_settlements_status_idx` ON `abonement_settlements` (`status`,`updated_at`);--> statement-breakpoint
CREATE TABLE `abonement_types` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`visits_count` integer,
	`validity_days` integer,
	`once_per_day` integer DEFAULT false NOT NULL,
	`price_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`service_ids` text NOT NULL,
	`staff_ids` text DEFAULT '[]' NOT NULL,
	`freeze_max_days` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`sold_online` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `abonement_uses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`abonement_id` integer NOT NULL,
	`booking_id` integer NOT NULL,
	`visit_date` text NOT NULL,
	`status` text DEFAULT 'reserved' NOT NULL,
	`covered_minor` integer NOT NULL,
	`value_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`abonement_id`) REFERENCES `abonements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `abonement_uses_booking_unique` ON `abonement_uses` (`booking_id`);--> statement-breakpoint
CREATE INDEX `abonement_uses_abonement_idx` ON `abonement_uses` (`abonement_id`,`status`);--> statement-breakpoint
CREATE TABLE `abonements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type_id` integer,
	`holder_user_id` integer NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`visits_total` integer,
	`validity_days` integer,
	`once_per_day` integer DEFAULT false NOT NULL,
	`service_ids` text NOT NULL,
	`staff_ids` text DEFAULT '[]' NOT NULL,
	`freeze_max_days` integer DEFAULT 0 NOT NULL,
	`price_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`status` text NOT NULL,
	`starts_at` text,
	`expires_at` text,
	`frozen_days` integer DEFAULT 0 NOT NULL,
	`sold_by` text NOT NULL,
	`sold_by_id` integer,
	`provider` text,
	`provider_payment_id` text,
	`confirmation_url` text,
	`receipt` text,
	`sale_key` text,
	`end_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`type_id`) REFERENCES `abonement_types`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`holder_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sold_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `abonements_sale_key_unique` ON `abonements` (`sale_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `abonements_provider_payment_unique` ON `abonements` (`provider`,`provider_payment_id`);--> statement-breakpoint
CREATE INDEX `abonements_holder_idx` ON `abonements` (`holder_user_id`);--> statement-breakpoint
CREATE INDEX `abonements_status_expires_idx` ON `abonements` (`status`,`expires_at`);--> statement-breakpoint
ALTER TABLE `bookings` ADD `abonement_id` integer REFERENCES abonements(id);--> statement-breakpoint
ALTER TABLE `bookings` ADD `abonement_minor` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `salon_settings` ADD `abonement_no_show_spends` integer DEFAULT true NOT NULL;