ALTER TABLE `salon_settings` ADD `opening_hours` text;--> statement-breakpoint
ALTER TABLE `salon_settings` ADD `map_url` text;