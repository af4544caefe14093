-- documents get a small integer key so that each document_updates row carries 1-3 bytes instead of a
-- 21-character id, a user id, a timestamp and an index entry. `documents` is altered, not rebuilt:
-- migrations run in one transaction, where foreign_keys=OFF has no effect, and dropping the table
-- would cascade-delete every snapshot, version and update.
ALTER TABLE `documents` ADD `log_key` integer;--> statement-breakpoint
UPDATE `documents` SET `log_key` = rowid;--> statement-breakpoint
CREATE UNIQUE INDEX `documents_log_key_unique` ON `documents` (`log_key`);--> statement-breakpoint
CREATE TABLE `__new_document_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_key` integer NOT NULL,
	`update` blob NOT NULL,
	FOREIGN KEY (`document_key`) REFERENCES `documents`(`log_key`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_document_updates`(`id`, `document_key`, `update`)
	SELECT u.`id`, d.`log_key`, u.`update`
	FROM `document_updates` u JOIN `documents` d ON d.`id` = u.`document_id`
	ORDER BY u.`id`;--> statement-breakpoint
DROP TABLE `document_updates`;--> statement-breakpoint
ALTER TABLE `__new_document_updates` RENAME TO `document_updates`;--> statement-breakpoint
-- Ids must keep rising past every id ever used: a snapshot's up_to_update_id may name a row that
-- compaction has deleted, and a new update at or below it would be skipped when loading.
DELETE FROM `sqlite_sequence` WHERE `name` = 'document_updates';--> statement-breakpoint
INSERT INTO `sqlite_sequence`(`name`, `seq`) VALUES ('document_updates', max(
	ifnull((SELECT max(`up_to_update_id`) FROM `document_snapshots`), 0),
	ifnull((SELECT max(`id`) FROM `document_updates`), 0)
));
