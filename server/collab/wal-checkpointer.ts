// SQLite's automatic WAL checkpoint runs inside the commit that crosses the threshold, on the
// thread that commits: with the collaboration server appending on every turn, that is the event
// loop, and the checkpoint's fsyncs stall every document's relay for as long as the disk takes.
// While the server runs, checkpoints are taken by a worker thread with its own connection
// instead. A PASSIVE checkpoint never takes the write lock, so commits go on meanwhile; the
// committing connection still restarts the WAL from its start once everything is checkpointed.
import type Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';

/** SQLite's default threshold (pages), restored when the checkpointer stops. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;

// Plain JavaScript evaluated in the worker, so it runs the same under tsx, Vite and Vitest.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const checkpoint = () => {
	try {
		db.pragma('wal_checkpoint(PASSIVE)');
	} catch (error) {
		parentPort.postMessage({ type: 'error', message: String(error) });
	}
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
	if (message !== 'stop') return;
	clearInterval(timer);
	checkpoint();
	db.close();
	parentPort.postMessage({ type: 'stopped' });
});
`;

type WorkerMessage = { type: 'error'; message: string } | { type: 'stopped' };

export class WalCheckpointer {
	private readonly worker: Worker;
	private stopping: Promise<void> | null = null;
	private exited = false;

	/**
	 * Takes over checkpoints of the database at `path`, open in `db` (the connection that
	 * commits), every `intervalMs`.
	 */
	constructor(
		private readonly db: Database.Database,
		path: string,
		intervalMs: number,
		private readonly log: Logger
	) {
		const driver = createRequire(import.meta.url).resolve('better-sqlite3');
		this.worker = new Worker(WORKER_SOURCE, {
			eval: true,
			workerData: { driver, path, intervalMs }
		});
		// The thread must not keep the process alive on its own.
		this.worker.unref();
		this.worker.once('exit', () => (this.exited = true));
		this.worker.on('message', (message: WorkerMessage) => {
			if (message.type === 'error') this.log.warn({ reason: message.message }, 'WAL checkpoint');
		});
		this.worker.on('error', (error) => {
			// Checkpoints fall back to the committing connection: the WAL keeps being folded in.
			this.log.error({ err: error }, 'WAL checkpoint thread failed; checkpoints run inline again');
			this.restoreAutocheckpoint();
		});
		db.pragma('wal_autocheckpoint = 0');
	}

	/** Hands checkpoints back to the committing connection, after a last one; waits for the thread. */
	stop(): Promise<void> {
		this.stopping ??= (async () => {
			this.restoreAutocheckpoint();
			if (this.exited) return;
			const stopped = new Promise<void>((done) => {
				this.worker.on('message', (message: WorkerMessage) => {
					if (message.type === 'stopped') done();
				});
				this.worker.once('exit', () => done());
			});
			this.worker.postMessage('stop');
			await stopped;
			await this.worker.terminate();
		})();
		return this.stopping;
	}

	private restoreAutocheckpoint(): void {
		// The process may have closed the database already (stop() is not awaited everywhere).
		if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
	}
}
