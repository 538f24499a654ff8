CREATE TABLE `person` (
	`id` text PRIMARY KEY NOT NULL,
	`first_name` text NOT NULL,
	`last_name` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
