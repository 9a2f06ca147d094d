ALTER TABLE `salon_settings` ADD `yclients_deep_links` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `salon_settings` ADD `yclients_own_notifications` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `salon_settings` ADD `yclients_customer_reschedule` integer DEFAULT false NOT NULL;