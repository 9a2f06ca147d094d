CREATE TABLE `receipts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`payment_id` integer NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`idempotence_key` text NOT NULL,
	`provider_receipt_id` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `receipts_payment_kind_unique` ON `receipts` (`payment_id`,`kind`);--> statement-breakpoint
CREATE UNIQUE INDEX `receipts_idempotence_unique` ON `receipts` (`idempotence_key`);--> statement-breakpoint
CREATE INDEX `receipts_status_updated_idx` ON `receipts` (`status`,`updated_at`);--> statement-breakpoint
ALTER TABLE `payments` ADD `receipt` text;--> statement-breakpoint
ALTER TABLE `salon_settings` ADD `receipts_enabled` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `salon_settings` ADD `receipts_issuer` text DEFAULT 'yookassa' NOT NULL;--> statement-breakpoint
ALTER TABLE `salon_settings` ADD `receipt_vat_code` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `salon_settings` ADD `receipt_tax_system_code` integer;