// Read-only access to a spawned server's SQLite file, to check what requests really changed.
// WAL mode lets this connection read while the server writes.
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from '../../src/lib/server/db/schema';

export function openServerDb(path: string) {
	const sqlite = new Database(path, { readonly: true, fileMustExist: true });
	return drizzle(sqlite, { schema });
}

export type ServerDb = ReturnType<typeof openServerDb>;
