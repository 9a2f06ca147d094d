CREATE TABLE `payment_items` (
	`payment_id` integer NOT NULL,
	`booking_id` integer NOT NULL,
	`amount_minor` integer NOT NULL,
	`points` integer DEFAULT 0 NOT NULL,
	`receipt` text,
	`refund_key` text,
	`refund_minor` integer DEFAULT 0 NOT NULL,
	`refund_points` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`payment_id`, `booking_id`),
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payment_items_booking_idx` ON `payment_items` (`booking_id`);--> statement-breakpoint
CREATE INDEX `payment_items_refund_idx` ON `payment_items` (`refund_key`);--> statement-breakpoint
ALTER TABLE `payments` ADD `visit_id` integer REFERENCES visits(id);--> statement-breakpoint
CREATE INDEX `payments_visit_idx` ON `payments` (`visit_id`);