CREATE TABLE `yclients_deleted_records` (
	`record_id` integer PRIMARY KEY NOT NULL,
	`deleted_at` text NOT NULL
);
