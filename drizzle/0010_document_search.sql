-- Full-text search over documents (SQLite FTS5; drizzle-kit cannot describe virtual tables, so
-- this migration is written by hand and the table has no drizzle schema object).
-- One row per document: its title and its text as of the collaboration server's last snapshot.
-- unicode61 with remove_diacritics 2 folds accents, so "equipe" finds "équipe"; prefix indexes
-- of 2 and 3 characters make search-as-you-type cheap. document_id and company_id are stored,
-- not indexed: every query also joins documents to check the company and access.
CREATE VIRTUAL TABLE `document_search` USING fts5(
	`title`,
	`body`,
	`document_id` UNINDEXED,
	`company_id` UNINDEXED,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);--> statement-breakpoint
-- Titles are known now; bodies are filled in by the app from each document's snapshot.
INSERT INTO `document_search` (`title`, `body`, `document_id`, `company_id`)
SELECT `title`, '', `id`, `company_id` FROM `documents`;
