// The server side of the parent ↔ server-process conversation (IPC). Each server entry point
// (`hameau.ts`, `y-websocket.ts`, `hocuspocus.ts`, `relay.ts`) is started as
// `node --expose-gc --import tsx bench/collab/<server>.ts <port> <dir>` and calls runServerProcess.
import { readFileSync } from 'node:fs';
import type { Framing } from './client';

/** What a server entry point tells the parent once it listens. */
export type Ready = {
	type: 'ready';
	port: number;
	/** URL path before the document name: `/collab/` for Hameau, `/` for the others. */
	pathPrefix: string;
	framing: Framing;
	/** Files whose growth is the server's storage (empty when it persists nothing). */
	storageFiles: string[];
};

export type Request =
	| { type: 'prepare'; id: number; documents: string[] }
	| { type: 'measure'; id: number; gc: boolean }
	| { type: 'stop'; id: number };

export type Reply =
	| { type: 'prepared'; id: number; headers: Record<string, string> }
	| { type: 'measured'; id: number; rss: number; heapUsed: number }
	| { type: 'stopped'; id: number; writeBytes: number | null }
	| { type: 'failed'; id: number; message: string };

export type ServerUnderTest = {
	port: number;
	pathPrefix: string;
	framing: Framing;
	storageFiles: string[];
	/** Makes `documents` connectable (Hameau needs rows and a session); returns upgrade headers. */
	prepare(documents: string[]): Promise<Record<string, string>>;
	/** Closes every connection and writes everything out. */
	stop(): Promise<void>;
};

/** Bytes this process caused to be written to storage so far, or null where the kernel hides it. */
export function ownWriteBytes(): number | null {
	try {
		const match = /^write_bytes:\s*(\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'));
		return match ? Number(match[1]) : null;
	} catch {
		// Not Linux, or /proc/self/io is not readable in this sandbox: the figure prints as n/a.
		return null;
	}
}

/** `<port> <dir>` from the command line. */
export function serverArguments(): { port: number; dir: string } {
	const [port, dir] = process.argv.slice(2);
	if (port === undefined || dir === undefined || !/^\d+$/.test(port)) {
		console.error('usage: node --import tsx bench/collab/<server>.ts <port (0 = any)> <dir>');
		process.exit(2);
	}
	return { port: Number(port), dir };
}

function reply(message: Reply): void {
	process.send?.(message);
}

/** Starts the server, reports readiness and answers the parent until it asks to stop. */
export async function runServerProcess(start: () => Promise<ServerUnderTest>): Promise<void> {
	if (!process.send) {
		console.error('bench/collab servers are started by bench/collab/index.ts (they need IPC)');
		process.exit(2);
	}
	const server = await start();
	// If the parent dies, so does this process: nothing may outlive the benchmark.
	process.on('disconnect', () => process.exit(0));
	process.on('message', (raw: Request) => {
		void (async () => {
			try {
				switch (raw.type) {
					case 'prepare':
						reply({ type: 'prepared', id: raw.id, headers: await server.prepare(raw.documents) });
						break;
					case 'measure':
						if (raw.gc && typeof global.gc === 'function') {
							global.gc();
							await new Promise((settled) => setTimeout(settled, 50));
							global.gc();
						}
						reply({
							type: 'measured',
							id: raw.id,
							rss: process.memoryUsage.rss(),
							heapUsed: process.memoryUsage().heapUsed
						});
						break;
					case 'stop':
						await server.stop();
						reply({ type: 'stopped', id: raw.id, writeBytes: ownWriteBytes() });
						setTimeout(() => process.exit(0), 50).unref();
						break;
				}
			} catch (error) {
				console.error(error);
				reply({ type: 'failed', id: raw.id, message: String(error) });
			}
		})();
	});
	const ready: Ready = {
		type: 'ready',
		port: server.port,
		pathPrefix: server.pathPrefix,
		framing: server.framing,
		storageFiles: server.storageFiles
	};
	process.send(ready);
}
