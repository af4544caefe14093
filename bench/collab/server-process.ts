// The parent side of a server under test: spawns `bench/collab/<server>.ts` fresh in its own
// process on loopback, asks it things over IPC and reads its RSS, CPU time and storage from outside.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Framing } from './client';
import { placed } from './cpu-placement';
import type { Ready, Reply, Request } from './child';

export const serverNames = [
	'hameau',
	'hameau-unbounded',
	'y-websocket',
	'hocuspocus',
	'relay'
] as const;
export type ServerName = (typeof serverNames)[number];

/** Hameau as shipped, and with the update check of before its limits (issue 17's "before"). */
export const hameauServers: readonly ServerName[] = ['hameau', 'hameau-unbounded'];

export const serverLabels: Record<ServerName, string> = {
	hameau: 'Hameau CollabServer + SQLite',
	'hameau-unbounded': 'Hameau, update check without limits',
	'y-websocket': 'y-websocket 2.x server (memory)',
	hocuspocus: '@hocuspocus/server 3 + SQLite',
	relay: 'raw ws relay (ceiling)'
};

const START_DEADLINE_MS = 30_000;
const REQUEST_DEADLINE_MS = 30_000;
const STOP_DEADLINE_MS = 15_000;

type Pending = { resolve: (reply: Reply) => void; reject: (error: Error) => void };
type RequestBody =
	| Omit<Extract<Request, { type: 'prepare' }>, 'id'>
	| Omit<Extract<Request, { type: 'measure' }>, 'id'>
	| Omit<Extract<Request, { type: 'stop' }>, 'id'>;

function procField(pid: number, file: 'status' | 'io', field: string): number | null {
	try {
		const match = new RegExp(`^${field}:\\s*(\\d+)`, 'm').exec(
			readFileSync(`/proc/${pid}/${file}`, 'utf8')
		);
		return match ? Number(match[1]) : null;
	} catch {
		// No /proc (not Linux) or the process is gone: the figure prints as n/a.
		return null;
	}
}

export class ServerProcess {
	private readonly pending = new Map<number, Pending>();
	private nextId = 1;
	private exited = false;

	private constructor(
		readonly name: ServerName,
		readonly child: ChildProcess,
		readonly dir: string,
		readonly ready: Ready
	) {
		child.on('message', (reply: Reply) => {
			const waiter = this.pending.get(reply.id);
			if (!waiter) return;
			this.pending.delete(reply.id);
			if (reply.type === 'failed') waiter.reject(new Error(`${name}: ${reply.message}`));
			else waiter.resolve(reply);
		});
		child.once('exit', (code, signal) => {
			this.exited = true;
			for (const waiter of this.pending.values()) {
				waiter.reject(new Error(`${name} server exited (${signal ?? code})`));
			}
			this.pending.clear();
		});
	}

	/**
	 * Spawns the server with a fresh temporary directory and waits until it listens; `cpus`
	 * (taskset's list) keeps it on those cores, `nodeOptions` go to its node.
	 */
	static async start(
		name: ServerName,
		{ cpus = null, nodeOptions = [] }: { cpus?: string | null; nodeOptions?: string[] } = {}
	): Promise<ServerProcess> {
		const dir = mkdtempSync(join(tmpdir(), `hameau-bench-collab-${name}-`));
		const { command, args } = placed(cpus, process.execPath, [
			'--expose-gc',
			...nodeOptions,
			// e.g. `--cpu-prof --cpu-prof-dir=/tmp/collab-prof` to profile the servers under load
			...(process.env.BENCH_COLLAB_SERVER_ARGS ?? '').split(' ').filter(Boolean),
			'--import',
			'tsx',
			join('bench', 'collab', `${name}.ts`),
			'0',
			dir
		]);
		const child = spawn(command, args, {
			cwd: process.cwd(),
			env: { ...process.env, LOG_LEVEL: 'error', NODE_ENV: 'production' },
			stdio: ['ignore', 'inherit', 'inherit', 'ipc']
		});
		const ready = await new Promise<Ready>((resolve, reject) => {
			const timer = setTimeout(() => {
				child.kill('SIGKILL');
				reject(new Error(`${name} server did not start within ${START_DEADLINE_MS} ms`));
			}, START_DEADLINE_MS);
			child.once('message', (message: Ready) => {
				clearTimeout(timer);
				resolve(message);
			});
			child.once('exit', (code) => {
				clearTimeout(timer);
				reject(new Error(`${name} server exited with ${code} before it listened`));
			});
		});
		return new ServerProcess(name, child, dir, ready);
	}

	get framing(): Framing {
		return this.ready.framing;
	}

	url(document: string): string {
		return `ws://127.0.0.1:${this.ready.port}${this.ready.pathPrefix}${document}`;
	}

	/** Makes the documents connectable; returns the headers each client must send. */
	async prepare(documents: string[]): Promise<Record<string, string>> {
		const reply = await this.request({ type: 'prepare', documents });
		return reply.type === 'prepared' ? reply.headers : {};
	}

	/** RSS and heap as the process sees them, after two full GCs when `gc`. */
	async measure(gc: boolean): Promise<{ rss: number; heapUsed: number }> {
		const reply = await this.request({ type: 'measure', gc });
		if (reply.type !== 'measured') throw new Error(`${this.name}: unexpected ${reply.type}`);
		return { rss: reply.rss, heapUsed: reply.heapUsed };
	}

	/** Resident set size read from outside, without disturbing the process. */
	rss(): number | null {
		const kb = procField(this.child.pid ?? 0, 'status', 'VmRSS');
		return kb === null ? null : kb * 1024;
	}

	/** User + system CPU seconds used so far. */
	cpuSeconds(): number | null {
		try {
			const stat = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8');
			// Fields after the parenthesised command name; utime and stime are fields 14 and 15.
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			return (Number(fields[11]) + Number(fields[12])) / 100;
		} catch {
			// Process gone or no /proc: the figure prints as n/a.
			return null;
		}
	}

	/** Bytes the process has caused to be written to storage (Linux accounting), or null. */
	writeBytes(): number | null {
		return procField(this.child.pid ?? 0, 'io', 'write_bytes');
	}

	/** Total size of the server's storage files (missing files count as 0). */
	storageBytes(): number {
		let total = 0;
		for (const file of this.ready.storageFiles) {
			try {
				total += statSync(file).size;
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
			}
		}
		return total;
	}

	/** Asks the server to flush and exit; kills it if it takes too long. Returns its write_bytes. */
	async stop(): Promise<number | null> {
		if (this.exited) return null;
		let writeBytes: number | null = null;
		try {
			const reply = await this.request({ type: 'stop' }, STOP_DEADLINE_MS);
			if (reply.type === 'stopped') writeBytes = reply.writeBytes;
		} catch (error) {
			console.error(`${this.name}: clean stop failed (${String(error)}); killing it`);
		}
		if (!this.exited) {
			const gone = new Promise<void>((done) => this.child.once('exit', () => done()));
			const timer = setTimeout(() => this.child.kill('SIGKILL'), 2_000);
			await gone;
			clearTimeout(timer);
		}
		return writeBytes;
	}

	/** Removes the temporary directory (after stop). */
	cleanUp(): void {
		rmSync(this.dir, { recursive: true, force: true });
	}

	private request(body: RequestBody, deadlineMs = REQUEST_DEADLINE_MS): Promise<Reply> {
		if (this.exited) return Promise.reject(new Error(`${this.name} server has exited`));
		const id = this.nextId++;
		return new Promise<Reply>((resolve, reject) => {
			const timer = setTimeout(() => {
				this.pending.delete(id);
				reject(new Error(`${this.name}: no answer to ${body.type} within ${deadlineMs} ms`));
			}, deadlineMs);
			this.pending.set(id, {
				resolve: (reply) => {
					clearTimeout(timer);
					resolve(reply);
				},
				reject: (error) => {
					clearTimeout(timer);
					reject(error);
				}
			});
			this.child.send({ ...body, id } as Request);
		});
	}
}
