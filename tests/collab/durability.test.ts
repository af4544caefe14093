// Nothing a client has seen may be lost: the server is killed with SIGKILL in the middle of 20
// concurrent writers, compaction runs under concurrent writes, and a flood of malformed frames
// is sent next to an honest editor.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	appendUpdates,
	compactDocument,
	loadDocumentState,
	readStoredDocument
} from '../../src/lib/server/documents/store';
import { getDb } from '../../src/lib/server/db';
import { documentSnapshots } from '../../src/lib/server/db/schema';
import { eq } from 'drizzle-orm';
import {
	companyWithDocument,
	connect,
	destroyProviders,
	startCollab,
	synced,
	until,
	useCollabDatabase,
	type CollabHarness
} from './support';

const { path: databasePath } = useCollabDatabase();

const harnesses: CollabHarness[] = [];
const children: ChildProcess[] = [];

afterEach(async () => {
	destroyProviders();
	await Promise.all(harnesses.splice(0).map((h) => h.close()));
	for (const child of children.splice(0)) {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	}
});

/** Keys present in the stored state of the document. */
function storedKeys(documentId: string, map = 'w'): Set<string> {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, loadDocumentState(documentId).state);
	return new Set(doc.getMap(map).keys());
}

/** Starts the fixture server in its own process on the test database. */
async function spawnServer(): Promise<{ child: ChildProcess; url: string }> {
	const child = spawn(
		process.execPath,
		['--import', 'tsx', 'tests/collab/fixtures/collab-server.ts'],
		{
			cwd: process.cwd(),
			env: { ...process.env, DATABASE_URL: databasePath, PORT: '0', LOG_LEVEL: 'warn' },
			stdio: ['ignore', 'pipe', 'pipe']
		}
	);
	children.push(child);
	let output = '';
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const port = await new Promise<number>((resolve, reject) => {
		const exited = (code: number | null) =>
			reject(new Error(`fixture exited (${code}):\n${output}`));
		child.once('exit', exited);
		child.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			const match = /listening (\d+)/.exec(output);
			if (!match) return;
			child.off('exit', exited);
			resolve(Number(match[1]));
		});
	});
	return { child, url: `ws://127.0.0.1:${port}/collab` };
}

describe('durability', () => {
	it('loses no update any client received when the server is killed during 20 writers', async () => {
		const { owner, document } = await companyWithDocument();
		const { child, url } = await spawnServer();
		const writers = Array.from({ length: 20 }, () => connect({ url }, document.id, owner));
		const observer = connect({ url }, document.id, owner);
		await Promise.all([...writers, observer].map((p) => synced(p, 15_000)));

		// What each client has received from others (its own keys are not evidence).
		const received = new Set<string>();
		writers.forEach((writer, index) => {
			writer.doc.getMap('w').observe((event) => {
				if (event.transaction.local) return;
				for (const key of event.keysChanged) if (!key.startsWith(`${index}-`)) received.add(key);
			});
		});
		observer.doc.getMap('w').observe((event) => {
			for (const key of event.keysChanged) received.add(key);
		});

		let running = true;
		const loops = writers.map(async (writer, index) => {
			for (let n = 0; running; n++) {
				writer.doc.getMap('w').set(`${index}-${n}`, n);
				await new Promise((tick) => setTimeout(tick, 2));
			}
		});
		await until(observer.doc, (doc) => doc.getMap('w').size >= 400, 15_000);
		// Hold SQLite's write lock so the server's next append waits (better-sqlite3 blocks its
		// event loop in the busy wait), then kill it there: a server that relayed before storing
		// would have sent updates that are in no table.
		const sqlite = getDb().$client;
		sqlite.exec('BEGIN IMMEDIATE');
		try {
			// Nothing to await: the server is stuck in its busy wait; give its sockets a moment.
			await new Promise((tick) => setTimeout(tick, 200));
			const exit = once(child, 'exit');
			child.kill('SIGKILL');
			await exit;
		} finally {
			sqlite.exec('ROLLBACK');
		}
		running = false;
		await Promise.all(loops);
		destroyProviders();

		expect(received.size).toBeGreaterThanOrEqual(400);
		const stored = storedKeys(document.id);
		const lost = [...received].filter((key) => !stored.has(key));
		expect(lost).toEqual([]);
	}, 40_000);

	it('loses nothing when compaction runs under concurrent writes', async () => {
		const harness = await startCollab({ compactAfterUpdates: 25, rateLimitBurst: 10_000 });
		harnesses.push(harness);
		const { owner, document } = await companyWithDocument();
		const writers = Array.from({ length: 5 }, () => connect(harness, document.id, owner));
		const observer = connect(harness, document.id, owner);
		await Promise.all([...writers, observer].map((p) => synced(p)));
		let compactions = 0;
		harness.collab.on('compacted', () => compactions++);

		await Promise.all(
			writers.map(async (writer, index) => {
				for (let n = 0; n < 200; n++) {
					writer.doc.getMap('w').set(`${index}-${n}`, n);
					if (n % 10 === 0) await new Promise((tick) => setImmediate(tick));
				}
			})
		);
		await until(observer.doc, (doc) => doc.getMap('w').size === 1000, 10_000);
		expect(compactions).toBeGreaterThan(0);
		expect(storedKeys(document.id).size).toBe(1000);

		// The storage-level compaction, interleaved with appends from another "writer".
		const extra = new Y.Doc();
		Y.applyUpdate(extra, loadDocumentState(document.id).state);
		const updates: Uint8Array[] = [];
		extra.on('update', (update: Uint8Array) => updates.push(update));
		for (let n = 0; n < 100; n++) {
			extra.getMap('w').set(`extra-${n}`, n);
			appendUpdates(document.id, [{ update: updates[updates.length - 1], userId: null }]);
			if (n % 7 === 0) compactDocument(document.id);
		}
		await harness.close();
		harnesses.length = 0;
		expect(storedKeys(document.id).size).toBe(1100);
		compactDocument(document.id);
		const db = getDb();
		expect(readStoredDocument(document.id).updates).toHaveLength(0);
		expect(
			db.select().from(documentSnapshots).where(eq(documentSnapshots.documentId, document.id)).get()
		).toBeDefined();
		expect(storedKeys(document.id).size).toBe(1100);
	});
});
