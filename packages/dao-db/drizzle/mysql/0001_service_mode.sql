CREATE TABLE `service_mode` (
	`id` tinyint NOT NULL,
	`use_db` boolean NOT NULL,
	`changed_at` bigint NOT NULL,
	CONSTRAINT `service_mode_id` PRIMARY KEY(`id`)
);
