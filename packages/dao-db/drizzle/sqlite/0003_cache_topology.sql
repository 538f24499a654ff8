CREATE TABLE `cache_topology` (
	`id` integer PRIMARY KEY NOT NULL,
	`generation` integer NOT NULL,
	`servers` text NOT NULL,
	`epoch` integer NOT NULL,
	`previous_servers` text,
	`previous_epoch` integer,
	`changed_at` integer NOT NULL
);
