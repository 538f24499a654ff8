CREATE TABLE `person_invalidation` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` text NOT NULL,
	`created_at` integer DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `person_invalidation_created_at` ON `person_invalidation` (`created_at`);