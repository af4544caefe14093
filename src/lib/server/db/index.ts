import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { config } from '../config';
import { processSingleton } from '../process-singleton';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Migrations live in `drizzle/` at the project root; commands run from there. */
const migrationsFolder = resolve(process.cwd(), 'drizzle');

/** Opens (creating if needed) a SQLite database, sets it up for concurrent use and migrates it. */
export function openDatabase(path: string): Db {
	if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
	const sqlite = new Database(path);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	// WAL + NORMAL is durable against process crashes; only an OS crash can lose the last commits.
	sqlite.pragma('synchronous = NORMAL');
	// Freed bytes are zeroed, not left in the file until reused: a deleted account's rows, a
	// document's replaced snapshot, leave the disk (docs/security.md, "Deleting an account").
	sqlite.pragma('secure_delete = ON');
	const db = drizzle(sqlite, { schema });
	migrate(db, { migrationsFolder });
	return db;
}

// The process's one connection, opened at first use; closeDb() lets the next use open it again.
const connection = () => processSingleton<{ db?: Db }>('hameau.db', () => ({}));

export function getDb(): Db {
	return (connection().db ??= openDatabase(config().databasePath));
}

export function closeDb(): void {
	connection().db?.$client.close();
	connection().db = undefined;
}

/** true when the database answers a trivial query. */
export function databaseAnswers(): boolean {
	try {
		return getDb().$client.prepare('select 1 as ok').get() !== undefined;
	} catch {
		// Health checks report failure through their status code; the caller logs nothing here on purpose.
		return false;
	}
}

/** A transaction handle; domain functions take `Db | Tx` so they compose inside transactions. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Executor = Db | Tx;
