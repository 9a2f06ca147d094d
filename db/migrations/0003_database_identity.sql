CREATE TABLE `database_identity` (
	`id` integer PRIMARY KEY NOT NULL,
	`generation` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "database_identity_single_row" CHECK("database_identity"."id" = 1)
);
