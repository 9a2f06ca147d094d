ALTER TABLE `salon_settings` ADD `phone_countries` text DEFAULT '["RU"]' NOT NULL;--> statement-breakpoint
ALTER TABLE `salon_settings` ADD `sms_hourly_budget` integer DEFAULT 200 NOT NULL;--> statement-breakpoint
ALTER TABLE `salon_settings` ADD `max_active_bookings` integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE `salon_settings` ADD `max_held_bookings` integer DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE `salon_settings` ADD `max_waitlist_entries` integer DEFAULT 5 NOT NULL;--> statement-breakpoint
CREATE INDEX `notification_outbox_kind_created_idx` ON `notification_outbox` (`kind`,`created_at`);