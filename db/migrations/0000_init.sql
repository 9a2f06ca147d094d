CREATE TABLE `booking_addons` (
	`booking_id` integer NOT NULL,
	`service_id` integer NOT NULL,
	`duration_min` integer NOT NULL,
	`price_minor` integer NOT NULL,
	PRIMARY KEY(`booking_id`, `service_id`),
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `bookings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer,
	`service_id` integer,
	`staff_id` integer,
	`start_at` text NOT NULL,
	`end_at` text NOT NULL,
	`status` text NOT NULL,
	`channel` text DEFAULT 'internal' NOT NULL,
	`yclients_record_id` integer,
	`yclients_last_change` text,
	`phone` text NOT NULL,
	`customer_name` text,
	`notes` text,
	`price_total_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`hold_expires_at` text,
	`idempotency_key` text,
	`request_hash` text,
	`cancel_reason` text,
	`needs_attention` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "bookings_interval_order" CHECK("bookings"."start_at" < "bookings"."end_at")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bookings_yclients_record_unique` ON `bookings` (`yclients_record_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `bookings_user_idempotency_unique` ON `bookings` (`user_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `bookings_staff_start_idx` ON `bookings` (`staff_id`,`start_at`);--> statement-breakpoint
CREATE INDEX `bookings_user_start_idx` ON `bookings` (`user_id`,`start_at`);--> statement-breakpoint
CREATE INDEX `bookings_status_hold_idx` ON `bookings` (`status`,`hold_expires_at`);--> statement-breakpoint
CREATE TABLE `notification_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel` text NOT NULL,
	`recipient` text NOT NULL,
	`kind` text NOT NULL,
	`subject` text,
	`body` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`transport` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`last_error` text,
	`dedupe_key` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`sent_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notification_outbox_dedupe_unique` ON `notification_outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `notification_outbox_due_idx` ON `notification_outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `otp_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`phone` text NOT NULL,
	`client_key` text NOT NULL,
	`code_hash` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`expires_at` text NOT NULL,
	`consumed_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `otp_codes_phone_created_idx` ON `otp_codes` (`phone`,`created_at`);--> statement-breakpoint
CREATE INDEX `otp_codes_client_created_idx` ON `otp_codes` (`client_key`,`created_at`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`booking_id` integer NOT NULL,
	`provider` text NOT NULL,
	`provider_payment_id` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`refunded_minor` integer DEFAULT 0 NOT NULL,
	`idempotency_key` text NOT NULL,
	`confirmation_url` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_idempotency_unique` ON `payments` (`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `payments_provider_id_unique` ON `payments` (`provider`,`provider_payment_id`);--> statement-breakpoint
CREATE INDEX `payments_booking_idx` ON `payments` (`booking_id`);--> statement-breakpoint
CREATE TABLE `salon_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`address` text,
	`phone` text,
	`time_zone` text NOT NULL,
	`currency` text NOT NULL,
	`slot_step_min` integer DEFAULT 30 NOT NULL,
	`min_notice_min` integer DEFAULT 60 NOT NULL,
	`horizon_days` integer DEFAULT 60 NOT NULL,
	`hold_ttl_min` integer DEFAULT 10 NOT NULL,
	`cancellation_window_hours` integer DEFAULT 24 NOT NULL,
	`yclients_fallback` integer DEFAULT true NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "salon_settings_single_row" CHECK("salon_settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE `schedule_exceptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`staff_id` integer NOT NULL,
	`kind` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`start_time` text,
	`end_time` text,
	`note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "schedule_exceptions_order" CHECK("schedule_exceptions"."start_date" <= "schedule_exceptions"."end_date")
);
--> statement-breakpoint
CREATE INDEX `schedule_exceptions_staff_dates_idx` ON `schedule_exceptions` (`staff_id`,`start_date`,`end_date`);--> statement-breakpoint
CREATE TABLE `service_addons` (
	`service_id` integer NOT NULL,
	`addon_id` integer NOT NULL,
	PRIMARY KEY(`service_id`, `addon_id`),
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`addon_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `service_categories` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `services` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`category_id` integer,
	`name` text NOT NULL,
	`description` text,
	`duration_min` integer NOT NULL,
	`buffer_after_min` integer DEFAULT 0 NOT NULL,
	`price_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`yclients_service_id` integer,
	`is_addon` integer DEFAULT false NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`prepayment_kind` text DEFAULT 'none' NOT NULL,
	`prepayment_value` integer DEFAULT 0 NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`category_id`) REFERENCES `service_categories`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "services_duration_positive" CHECK("services"."duration_min" > 0),
	CONSTRAINT "services_price_non_negative" CHECK("services"."price_minor" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `services_yclients_id_unique` ON `services` (`yclients_service_id`);--> statement-breakpoint
CREATE INDEX `services_category_idx` ON `services` (`category_id`);--> statement-breakpoint
CREATE TABLE `staff` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`specialization` text,
	`photo_url` text,
	`yclients_staff_id` integer,
	`active` integer DEFAULT true NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_yclients_id_unique` ON `staff` (`yclients_staff_id`);--> statement-breakpoint
CREATE TABLE `staff_schedule_breaks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`schedule_id` integer NOT NULL,
	`start_time` text NOT NULL,
	`end_time` text NOT NULL,
	FOREIGN KEY (`schedule_id`) REFERENCES `staff_schedules`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "staff_schedule_breaks_order" CHECK("staff_schedule_breaks"."start_time" < "staff_schedule_breaks"."end_time")
);
--> statement-breakpoint
CREATE INDEX `staff_schedule_breaks_schedule_idx` ON `staff_schedule_breaks` (`schedule_id`);--> statement-breakpoint
CREATE TABLE `staff_schedules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`staff_id` integer NOT NULL,
	`day_of_week` integer NOT NULL,
	`start_time` text NOT NULL,
	`end_time` text NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "staff_schedules_day_range" CHECK("staff_schedules"."day_of_week" BETWEEN 0 AND 6),
	CONSTRAINT "staff_schedules_order" CHECK("staff_schedules"."start_time" < "staff_schedules"."end_time")
);
--> statement-breakpoint
CREATE INDEX `staff_schedules_staff_day_idx` ON `staff_schedules` (`staff_id`,`day_of_week`);--> statement-breakpoint
CREATE TABLE `staff_services` (
	`staff_id` integer NOT NULL,
	`service_id` integer NOT NULL,
	PRIMARY KEY(`staff_id`, `service_id`),
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_services_service_idx` ON `staff_services` (`service_id`);--> statement-breakpoint
CREATE TABLE `sync_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`phone` text NOT NULL,
	`name` text,
	`email` text,
	`role` text DEFAULT 'customer' NOT NULL,
	`staff_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_phone_unique` ON `users` (`phone`);--> statement-breakpoint
CREATE INDEX `users_email_idx` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `webhook_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`external_id` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'received' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`processed_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_events_source_external_unique` ON `webhook_events` (`source`,`external_id`);--> statement-breakpoint
CREATE INDEX `webhook_events_status_idx` ON `webhook_events` (`status`);