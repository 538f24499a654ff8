CREATE TABLE `person_invalidation` (
	`seq` bigint unsigned AUTO_INCREMENT NOT NULL,
	`person_id` varchar(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	`created_at` timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `person_invalidation_seq` PRIMARY KEY(`seq`)
);
--> statement-breakpoint
CREATE INDEX `person_invalidation_created_at` ON `person_invalidation` (`created_at`);