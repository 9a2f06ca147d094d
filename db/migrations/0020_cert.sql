CREATE TABLE `certificate_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`certificate_id` integer NOT NULL,
	`booking_id` integer,
	`amount_minor` integer NOT NULL,
	`kind` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`actor_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`certificate_id`) REFERENCES `certificates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificate_ledger_dedupe_unique` ON `certificate_ledger` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `certificate_ledger_certificate_idx` ON `certificate_ledger` (`certificate_id`);--> statement-breakpoint
CREATE TABLE `certificate_settlements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`booking_id` integer NOT NULL,
	`certificate_id` integer NOT NULL,
	`amount_minor` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`idempotence_key` text NOT NULL,
	`provider_receipt_id` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`certificate_id`) REFERENCES `certificates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificate_settlements_booking_unique` ON `certificate_settlements` (`booking_id`);--> statement-breakpoint
CREATE INDEX `certificate_settlements_status_idx` ON `certificate_settlements` (`status`,`updated_at`);--> statement-breakpoint
CREATE TABLE `certificate_types` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`amount_minor` integer,
	`service_id` integer,
	`currency` text NOT NULL,
	`validity_months` integer DEFAULT 12 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `certificates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`type_id` integer,
	`service_id` integer,
	`initial_minor` integer NOT NULL,
	`balance_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`status` text NOT NULL,
	`expires_at` text NOT NULL,
	`buyer_user_id` integer,
	`recipient_name` text,
	`recipient_phone` text,
	`recipient_email` text,
	`message` text,
	`send_at` text,
	`sold_by` text NOT NULL,
	`issued_by_id` integer,
	`provider` text,
	`provider_payment_id` text,
	`confirmation_url` text,
	`receipt` text,
	`sale_key` text,
	`end_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`type_id`) REFERENCES `certificate_types`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`buyer_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issued_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "certificates_balance_not_negative" CHECK("certificates"."balance_minor" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_code_unique` ON `certificates` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_sale_key_unique` ON `certificates` (`sale_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_provider_payment_unique` ON `certificates` (`provider`,`provider_payment_id`);--> statement-breakpoint
CREATE INDEX `certificates_buyer_idx` ON `certificates` (`buyer_user_id`);--> statement-breakpoint
ALTER TABLE `bookings` ADD `certificate_id` integer REFERENCES certificates(id);--> statement-breakpoint
ALTER TABLE `bookings` ADD `certificate_minor` integer DEFAULT 0 NOT NULL;