CREATE TABLE `service_mode` (
	`id` integer PRIMARY KEY NOT NULL,
	`use_db` integer NOT NULL,
	`changed_at` integer NOT NULL
);
