CREATE TABLE `cache_topology` (
	`id` tinyint NOT NULL,
	`generation` int NOT NULL,
	`servers` text NOT NULL,
	`epoch` int NOT NULL,
	`previous_servers` text,
	`previous_epoch` int,
	`changed_at` bigint NOT NULL,
	CONSTRAINT `cache_topology_id` PRIMARY KEY(`id`)
);
