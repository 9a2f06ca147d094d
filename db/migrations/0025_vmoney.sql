ALTER TABLE `bookings` ADD `deposit_waived_at` text;--> statement-breakpoint
ALTER TABLE `bookings` ADD `deposit_waived_minor` integer;--> statement-breakpoint
ALTER TABLE `bookings` ADD `deposit_waiver_reason` text;