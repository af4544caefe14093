// Column shapes every domain file repeats, written once so that a table reads as what it holds.
// The references to a user or a company live beside their table (accounts.ts, companies.ts): a
// helper here that imported them would put every domain file in an import cycle.
import { sql } from 'drizzle-orm';
import { integer, text, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

/** The row this one belongs to (`parent` is its id): deleting the parent deletes this row. */
export const belongsTo = <TName extends string>(name: TName, parent: () => AnySQLiteColumn) =>
	text(name).notNull().references(parent, { onDelete: 'cascade' });

/** A moment, stored as milliseconds since the epoch and read as a `Date`. */
export const timestamp = <TName extends string>(name: TName) =>
	integer(name, { mode: 'timestamp_ms' });

/** A moment SQLite fills in when the row is inserted (to the millisecond). */
export const insertedAt = <TName extends string>(name: TName) =>
	timestamp(name)
		.notNull()
		.default(sql`(unixepoch('subsec') * 1000)`);

/** When the row was created. */
export const createdAt = () => insertedAt('created_at');
