CREATE TABLE `cache_topology` (
	`id` tinyint NOT NULL,
	`generation` int NOT NULL,
	`servers` mediumtext NOT NULL,
	`epoch` int NOT NULL,
	`previous_servers` mediumtext,
	`previous_epoch` int,
	`changed_at` bigint NOT NULL,
	CONSTRAINT `cache_topology_id` PRIMARY KEY(`id`)
);
