// The /healthz route's logic against a real SQLite file that becomes unusable.
//
// A running server keeps its connection open, and `select 1` touches no page of the file, so
// deleting or corrupting the file under a live process changes nothing it can see (and chmod
// does not stop root). What does make the database unusable is losing the connection and then
// finding a file that is not a database: here the connection is closed (as a crash-restart or
// closeDb() would) and the file is overwritten with garbage, so the next getDb() fails to open it.
// The handler is called directly: it takes no input from the request.
import { rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { closeDb, databaseAnswers } from '../../src/lib/server/db';
import { GET } from '../../src/routes/healthz/+server';

const { path } = useTempDatabase();

async function health() {
	const response = await GET({} as Parameters<typeof GET>[0]);
	return { status: response.status, body: await response.json() };
}

describe('/healthz', () => {
	it('answers 200 while the database answers, and 503 once it cannot be opened', async () => {
		expect(await health()).toEqual({ status: 200, body: { status: 'ok' } });

		closeDb();
		rmSync(`${path}-wal`, { force: true });
		rmSync(`${path}-shm`, { force: true });
		writeFileSync(
			path,
			'this is not a SQLite database, just some text that is long enough '.repeat(100)
		);

		expect(databaseAnswers()).toBe(false);
		expect(await health()).toEqual({
			status: 503,
			body: { status: 'unavailable', reason: 'database' }
		});
	});
});
