-- document_updates loses AUTOINCREMENT: keeping its counter wrote the sqlite_sequence page in every
-- commit, and that commit sits on every update's way to the other clients. Ids stay above every
-- snapshot because the store now gives each new update an id above both the table's highest and
-- its document's up_to_update_id. The table is rebuilt (SQLite cannot drop AUTOINCREMENT in
-- place); dropping it also drops its sqlite_sequence row. No PRAGMA foreign_keys here: migrations
-- run in one transaction, where it has no effect, and dropping the child table cascades nothing.
CREATE TABLE `__new_document_updates` (
	`id` integer PRIMARY KEY NOT NULL,
	`document_key` integer NOT NULL,
	`update` blob NOT NULL,
	FOREIGN KEY (`document_key`) REFERENCES `documents`(`log_key`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_document_updates`(`id`, `document_key`, `update`)
	SELECT `id`, `document_key`, `update` FROM `document_updates` ORDER BY `id`;--> statement-breakpoint
DROP TABLE `document_updates`;--> statement-breakpoint
ALTER TABLE `__new_document_updates` RENAME TO `document_updates`;
