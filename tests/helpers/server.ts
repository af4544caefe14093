// Starts the real Node entry (build/node/index.js, compiled from server/index.ts by `npm run build`,
// serving the adapter-node build) as a child process on a free port with its own temporary SQLite
// file.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { KEYS_FILE_NAME } from '../../server/media/keys';

/** The compiled app, as `npm start` and `npm run serve` run it (tests/helpers/global-setup.ts builds it). */
export const SERVER_ENTRY = 'build/node/index.js';

export type RunningServer = {
	/** http://127.0.0.1:<port>, no trailing slash. */
	url: string;
	/** The server's SQLite file; tests may open it read-only to check what changed. */
	dbPath: string;
	child: ChildProcess;
	/** Everything the process wrote to stdout and stderr so far (for failure messages). */
	output: () => string;
	/** Sends SIGTERM and resolves with the exit code once the process is gone. */
	stop: () => Promise<number | null>;
};

/** A port nobody listens on right now (the OS picks it; the server binds it a moment later). */
export function freePort(): Promise<number> {
	return new Promise((resolvePort, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			probe.close(() => resolvePort(port));
		});
	});
}

/** Resolves with the exit code (or null when killed by a signal) once the child has exited. */
export function exited(child: ChildProcess): Promise<number | null> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
	return new Promise((done) => child.once('exit', (code) => done(code)));
}

/** Spawns `node build/node/index.js` from the project root with `env` on top of ours. */
export function spawnEntry(
	env: NodeJS.ProcessEnv,
	nodeArgs: string[] = []
): { child: ChildProcess; output: () => string } {
	// A variable given as undefined is removed from the inherited environment.
	const merged: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', ...env };
	for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
	const child = spawn(process.execPath, [...nodeArgs, SERVER_ENTRY], {
		cwd: process.cwd(),
		env: merged,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	return { child, output: () => output };
}

const STARTUP_DEADLINE_MS = 30_000;

/** Thrown when the port freePort() found was taken before the server could bind it. */
class PortTakenError extends Error {}

/**
 * Spawns the entry on a free port and waits for /healthz. freePort() releases its port before the
 * server binds it, and a process started meanwhile (another test file's server or media process)
 * may take it: then the server exits with EADDRINUSE, and a new port is tried.
 */
export async function startServer(
	/** nodeArgs: flags for node itself (the pages bench's --cpu-prof, not allowed in NODE_OPTIONS). */
	options: { env?: NodeJS.ProcessEnv; nodeArgs?: string[] } = {}
): Promise<RunningServer> {
	for (let attempt = 1; ; attempt += 1) {
		try {
			return await startServerOn(await freePort(), options);
		} catch (error) {
			if (!(error instanceof PortTakenError) || attempt === 3) throw error;
		}
	}
}

async function startServerOn(
	port: number,
	options: { env?: NodeJS.ProcessEnv; nodeArgs?: string[] }
): Promise<RunningServer> {
	const dir = mkdtempSync(join(tmpdir(), 'hameau-server-'));
	const dbPath = join(dir, 'hameau.db');
	const { child, output } = spawnEntry(
		{
			PORT: String(port),
			HOST: '127.0.0.1',
			DATABASE_URL: dbPath,
			LOG_LEVEL: 'warn',
			// Every test client comes from 127.0.0.1; only the rate-limit test wants a small limit.
			AUTH_RATE_LIMIT_PER_IP: '1000000',
			// No ORIGIN: the server then trusts the scheme of each connection (plain http here).
			ORIGIN: undefined,
			...options.env
		},
		options.nodeArgs
	);
	const url = `http://127.0.0.1:${port}`;
	const exit = exited(child);

	const deadline = Date.now() + STARTUP_DEADLINE_MS;
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null) {
			rmSync(dir, { recursive: true, force: true });
			const message = `server exited during start-up (${child.exitCode}):\n${output()}`;
			throw output().includes('EADDRINUSE') ? new PortTakenError(message) : new Error(message);
		}
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			await exit;
			rmSync(dir, { recursive: true, force: true });
			throw new Error(
				`server did not answer /healthz within ${STARTUP_DEADLINE_MS} ms:\n${output()}`
			);
		}
		const status = await fetch(`${url}/healthz`).then(
			(response) => response.status,
			() => 0
		);
		if (status === 200) break;
		// Poll again shortly; an exit during the wait ends it early and is reported above.
		await Promise.race([exit, new Promise((tick) => setTimeout(tick, 50))]);
	}

	return {
		url,
		dbPath,
		child,
		output,
		async stop() {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
			const code = await exit;
			rmSync(dir, { recursive: true, force: true });
			return code;
		}
	};
}

/**
 * The app with its own embedded media server, whatever LIVEKIT_* the environment holds. Its
 * webhooks go to `webhookUrl` ('off' for none), by default to the app itself.
 */
export function startWithEmbeddedMedia(
	webhookUrl?: string,
	/** More settings (the village bench's media ports and announced relays). */
	env: NodeJS.ProcessEnv = {}
): Promise<RunningServer> {
	return startServer({
		env: {
			LIVEKIT_URL: undefined,
			LIVEKIT_API_KEY: undefined,
			LIVEKIT_API_SECRET: undefined,
			MEDIA_WEBHOOK_URL: webhookUrl,
			...env
		}
	});
}

/** The key pair the embedded media server generated beside the server's database. */
export function generatedMediaKeys(server: RunningServer): { apiKey: string; apiSecret: string } {
	return JSON.parse(readFileSync(join(dirname(server.dbPath), KEYS_FILE_NAME), 'utf8'));
}
