// For tests of domain modules, which reach the database through getDb(): points DATABASE_URL
// at a fresh SQLite file before the first getDb() call of this test file, and removes it after.
// Vitest runs each test file with its own module graph, so config() and the connection are
// this file's own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { config } from '../../src/lib/server/config';
import { closeDb, getDb, type Db } from '../../src/lib/server/db';

/** Call at the top level of a test file; returns the path and a getter for the connection. */
export function useTempDatabase(): { path: string; db: () => Db } {
	const dir = mkdtempSync(join(tmpdir(), 'hameau-test-'));
	const path = join(dir, 'test.db');
	// A connection left by another file in this worker would point elsewhere: drop it.
	closeDb();
	process.env.DATABASE_URL = path;
	if (config().databasePath !== path) {
		throw new Error('config() was read before useTempDatabase(): call it first in the test file');
	}
	afterAll(() => {
		closeDb();
		rmSync(dir, { recursive: true, force: true });
	});
	return { path, db: getDb };
}
