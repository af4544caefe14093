// The app process's side of the media process: starts it, restarts it with backoff when it dies,
// reports its state to /healthz, and forwards /rtc* and /twirp/* (HTTP and WebSocket upgrades)
// from the app's own port to it, so browsers and RoomServiceClient only ever see the app's origin.
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { publishMediaStatus, type MediaStatus } from '../../src/lib/server/media-status.ts';
import {
	registerMediaAdmission,
	type AdmissionRevocation
} from '../../src/lib/server/video/media-admission.ts';
import type { MediaProcessMessage, SupervisorMessage } from './process-protocol.ts';
import { AdmissionRevocations } from './revocations.ts';
import { refuseUpgrade } from '../refuse-upgrade.ts';

/** Paths the app forwards to the media process. */
export function isMediaPath(url: string | undefined): boolean {
	const path = (url ?? '/').split('?')[0];
	return path === '/rtc' || path.startsWith('/rtc/') || path.startsWith('/twirp/');
}

/**
 * Node's arguments for the media process. The compiled app (build/node/index.js, which bundles
 * this module) starts the compiled media entry beside it; from source (`vite dev`, Vitest) tsx
 * runs main.ts.
 */
function mediaProcessArgs(): string[] {
	if (import.meta.url.endsWith('.ts')) {
		return ['--import', 'tsx', fileURLToPath(new URL('./main.ts', import.meta.url))];
	}
	return [fileURLToPath(new URL('./media/main.js', import.meta.url))];
}

/** First restart delay; doubled after each quick death, up to the maximum. */
const RESTART_MIN_MS = 200;
const RESTART_MAX_MS = 10_000;
/** A process that ran this long resets the backoff. */
const HEALTHY_AFTER_MS = 30_000;
/** A process that does not report ready in this time is killed and restarted. */
const START_TIMEOUT_MS = 30_000;

export interface MediaSupervisorOptions {
	log: Logger;
	/** Environment of the media process (the app's, plus the keys). */
	env?: NodeJS.ProcessEnv;
}

export class MediaSupervisor {
	private child: ChildProcess | null = null;
	private port: number | null = null;
	private state: MediaStatus['state'] = 'stopped';
	private restarts = 0;
	private delay = RESTART_MIN_MS;
	private startedAt = 0;
	private stopping = false;
	private restartTimer: NodeJS.Timeout | null = null;
	private readyWaiters: Array<() => void> = [];
	/** Kept here too, so a restarted media process is told again. */
	private readonly revocations = new AdmissionRevocations();

	constructor(private readonly options: MediaSupervisorOptions) {
		publishMediaStatus(() => this.status());
		registerMediaAdmission((revocation) => this.revokeAdmission(revocation));
	}

	/** Has the media process refuse these tokens at the door from now on (see media-admission.ts). */
	private revokeAdmission(revocation: AdmissionRevocation): void {
		this.revocations.add(revocation);
		if (this.state === 'running') this.tell(this.child, [revocation]);
	}

	private tell(child: ChildProcess | null, revocations: AdmissionRevocation[]): void {
		if (!child?.connected || revocations.length === 0) return;
		const message: SupervisorMessage = { type: 'revoke-admission', revocations };
		child.send(message, (error) => {
			// The process is going away; its successor is told everything when it is ready.
			if (error) this.options.log.warn({ err: error }, 'media process not told of a revocation');
		});
	}

	status(): MediaStatus {
		return {
			state: this.state,
			restarts: this.restarts,
			pid: this.child?.pid ?? null,
			port: this.port
		};
	}

	/** Starts the media process; resolves once it listens. */
	start(): Promise<void> {
		this.stopping = false;
		const ready = this.whenReady();
		this.spawnChild();
		return ready;
	}

	/** Resolves when the media process listens (now, if it already does). */
	whenReady(): Promise<void> {
		if (this.state === 'running') return Promise.resolve();
		return new Promise((done) => this.readyWaiters.push(done));
	}

	async stop(): Promise<void> {
		this.stopping = true;
		if (this.restartTimer) clearTimeout(this.restartTimer);
		const child = this.child;
		this.state = 'stopped';
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise<void>((done) => child.once('exit', () => done()));
		child.kill('SIGTERM');
		const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
		await exited;
		clearTimeout(force);
	}

	private spawnChild(): void {
		this.state = this.restarts === 0 ? 'starting' : 'restarting';
		this.port = null;
		const child = spawn(process.execPath, mediaProcessArgs(), {
			cwd: process.cwd(),
			env: { ...process.env, ...this.options.env },
			stdio: ['ignore', 'inherit', 'inherit', 'ipc']
		});
		this.child = child;
		this.startedAt = Date.now();
		const startTimeout = setTimeout(() => {
			this.options.log.error('media process did not start in time; restarting it');
			child.kill('SIGKILL');
		}, START_TIMEOUT_MS);
		startTimeout.unref();
		child.on('message', (message: MediaProcessMessage) => {
			if (message?.type !== 'ready' || this.child !== child) return;
			clearTimeout(startTimeout);
			this.port = message.port;
			this.state = 'running';
			this.tell(child, this.revocations.list());
			for (const done of this.readyWaiters.splice(0)) done();
		});
		child.on('exit', (code, signal) => {
			clearTimeout(startTimeout);
			if (this.child !== child) return;
			this.child = null;
			this.port = null;
			if (this.stopping) return;
			const ranFor = Date.now() - this.startedAt;
			if (ranFor > HEALTHY_AFTER_MS) this.delay = RESTART_MIN_MS;
			this.state = 'restarting';
			this.restarts += 1;
			this.options.log.error(
				{ code, signal, restartInMs: this.delay, restarts: this.restarts },
				'media process exited; restarting it'
			);
			this.restartTimer = setTimeout(() => {
				this.restartTimer = null;
				if (!this.stopping) this.spawnChild();
			}, this.delay);
			this.restartTimer.unref();
			this.delay = Math.min(this.delay * 2, RESTART_MAX_MS);
		});
	}

	/** Forwards an HTTP request (/rtc/validate, /twirp/*) to the media process. */
	forwardRequest(req: IncomingMessage, res: ServerResponse): void {
		const port = this.port;
		if (port === null) {
			res.statusCode = 503;
			res.setHeader('Access-Control-Allow-Origin', '*');
			res.setHeader('Retry-After', '1');
			res.end('media server is restarting\n');
			return;
		}
		const upstream = httpRequest(
			{
				host: '127.0.0.1',
				port,
				method: req.method,
				path: req.url,
				headers: req.headers
			},
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			}
		);
		upstream.on('error', (error) => {
			this.options.log.warn({ err: error }, 'media request forwarding failed');
			if (!res.headersSent) {
				res.statusCode = 502;
				res.setHeader('Access-Control-Allow-Origin', '*');
				res.end('media server unreachable\n');
			} else res.destroy();
		});
		req.pipe(upstream);
	}

	/** Forwards a WebSocket upgrade (/rtc) byte for byte to the media process. */
	forwardUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
		const port = this.port;
		if (port === null) {
			refuseUpgrade(socket, 503, 'Service Unavailable', {
				message: '',
				headers: { 'Retry-After': '1' }
			});
			return;
		}
		const upstream = connect(port, '127.0.0.1');
		let requestHead = `${req.method} ${req.url} HTTP/1.1\r\n`;
		for (let i = 0; i < req.rawHeaders.length; i += 2) {
			requestHead += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
		}
		requestHead += '\r\n';
		upstream.on('connect', () => {
			upstream.write(requestHead);
			if (head.length > 0) upstream.write(head);
			upstream.pipe(socket);
			socket.pipe(upstream);
		});
		const cut = () => {
			upstream.destroy();
			socket.destroy();
		};
		upstream.on('error', cut);
		upstream.on('close', cut);
		socket.on('error', cut);
		socket.on('close', cut);
	}
}
