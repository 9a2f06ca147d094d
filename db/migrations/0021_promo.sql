CREATE TABLE `promo_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`percent_off` integer,
	`amount_off_minor` integer,
	`service_ids` text DEFAULT '[]' NOT NULL,
	`staff_ids` text DEFAULT '[]' NOT NULL,
	`valid_from` text,
	`valid_to` text,
	`first_visit_only` integer DEFAULT false NOT NULL,
	`total_limit` integer,
	`per_customer_limit` integer,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "promo_codes_one_discount" CHECK(("promo_codes"."percent_off" is null) <> ("promo_codes"."amount_off_minor" is null)),
	CONSTRAINT "promo_codes_percent_range" CHECK("promo_codes"."percent_off" is null or "promo_codes"."percent_off" between 1 and 100),
	CONSTRAINT "promo_codes_amount_positive" CHECK("promo_codes"."amount_off_minor" is null or "promo_codes"."amount_off_minor" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `promo_codes_code_unique` ON `promo_codes` (`code`);--> statement-breakpoint
CREATE TABLE `promo_uses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`promo_code_id` integer NOT NULL,
	`booking_id` integer NOT NULL,
	`user_id` integer,
	`discount_minor` integer NOT NULL,
	`price_before_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`released_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`promo_code_id`) REFERENCES `promo_codes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `promo_uses_booking_unique` ON `promo_uses` (`booking_id`);--> statement-breakpoint
CREATE INDEX `promo_uses_code_idx` ON `promo_uses` (`promo_code_id`,`user_id`);--> statement-breakpoint
ALTER TABLE `bookings` ADD `deposit_rule` text;--> statement-breakpoint
ALTER TABLE `salon_settings` ADD `deposit_kind` text DEFAULT 'off' NOT NULL;--> statement-breakpoint
ALTER TABLE `salon_settings` ADD `deposit_value` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `salon_settings` ADD `deposit_new_clients` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `salon_settings` ADD `deposit_no_show_count` integer;--> statement-breakpoint
ALTER TABLE `salon_settings` ADD `deposit_no_show_months` integer DEFAULT 6 NOT NULL;--> statement-breakpoint
ALTER TABLE `salon_settings` ADD `deposit_all_clients` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `salon_settings` ADD `deposit_service_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `salon_settings` ADD `deposit_policy_since` text;--> statement-breakpoint
ALTER TABLE `users` ADD `deposit_waived` integer DEFAULT false NOT NULL;