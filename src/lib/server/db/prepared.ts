import { inArray, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from './index';

// Building a Drizzle query costs ~100 µs, running a prepared one a few µs: queries that run on
// every request are built once per connection and reused.
const statements = new WeakMap<Db, Map<string, unknown>>();

/** The statement named `name` for this connection, built by `build` on first use. */
export function prepared<T>(db: Db, name: string, build: (db: Db) => T): T {
	let byName = statements.get(db);
	if (!byName) {
		byName = new Map();
		statements.set(db, byName);
	}
	if (!byName.has(name)) byName.set(name, build(db));
	return byName.get(name) as T;
}

/**
 * `column IN (…)` over a list passed as one JSON array parameter named `name` (bind it with
 * JSON.stringify(list)): drizzle's inArray takes the values into the SQL, so a query over a list
 * of ids could not be prepared once.
 */
export function inJsonArray(column: SQLiteColumn, name: string): SQL {
	return inArray(column, sql`(select value from json_each(${sql.placeholder(name)}))`);
}
