// The village link, emulated on this machine for the browser tests and the `village` benchmark.
//
// How (docs/testing.md, "A village link"): Chromium runs in a network namespace of its own, joined
// to the host by a veth pair, so everything it sends and receives — pages, the signalling
// WebSocket, the collaboration socket and the UDP media — crosses that one link:
// - rate: a `tbf` qdisc on each end of the pair (512 kbit/s up, 2 Mbit/s down), shared by every
//   page of the browser, as a house's people share its uplink;
// - delay and loss: this kernel has no `netem`; libwebrtc's degraded-call field trials
//   (WebRTC-FakeNetworkSendConfig / ReceiveConfig, call/degraded_call.cc: a 150 ms queue delay and
//   5% loss in bursts each way, on the media) are passed to Chromium, but Chromium 156 here does not
//   apply them — a call through this link measures a 25 ms round trip, not 300 ms. Until a working
//   way is found (a user-space UDP relay in the path), the profile's delay and loss are NOT emulated;
// - cut: the host end of the pair goes down for 30 s — media, signalling and pages all stop.
// The browser reaches the app at http://localhost:<port> as usual (a secure context, the same
// origin): `--host-resolver-rules` sends "localhost" to the host end of the pair, where a TCP relay
// passes connections on to the app's loopback port. Needs root (`ip netns`, `tc`).
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, findChromium } from '../setup/chromium.mjs';

/** A link's shape. */
export interface LinkProfile {
	name: string;
	/** Rate limits, kbit/s (null: none). */
	upKbps: number | null;
	downKbps: number | null;
	/** Round trip added to the media, ms (half each way). */
	rttMs: number;
	/** Media packets lost each way, percent, and the mean length of a burst of losses. */
	lossPercent: number;
	burstLength: number;
}

/** The same machine with nothing in the way: what the village link is compared with. */
export const UNIMPAIRED: LinkProfile = {
	name: 'unimpaired',
	upKbps: null,
	downKbps: null,
	rttMs: 0,
	lossPercent: 0,
	burstLength: 1
};

/** A house behind a weak rural uplink (issue 22). */
export const VILLAGE: LinkProfile = {
	name: 'village',
	upKbps: 512,
	downKbps: 2000,
	rttMs: 300,
	lossPercent: 5,
	burstLength: 3
};

/** How long the link goes down in the cut tests (issue 22: a 30 s cut). */
export const CUT_MS = 30_000;

function run(...args: string[]): void {
	execFileSync(args[0], args.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** libwebrtc's degraded-call field trials for a profile's delay and loss (none when clean). */
export function degradedCallTrials(profile: LinkProfile): string | null {
	if (profile.rttMs === 0 && profile.lossPercent === 0) return null;
	const config = [
		`queue_delay_ms:${Math.round(profile.rttMs / 2)}`,
		`loss_percent:${profile.lossPercent}`,
		`avg_burst_loss_length:${profile.burstLength}`
	].join(',');
	return `WebRTC-FakeNetworkSendConfig/${config}/WebRTC-FakeNetworkReceiveConfig/${config}/`;
}

/** A network namespace on a link of `profile`, a relay to the app, and a browser launcher. */
export class EmulatedLink {
	readonly namespace: string;
	readonly hostAddress: string;
	private readonly hostEnd: string;
	private readonly innerEnd: string;
	private readonly relays: Server[] = [];
	private readonly sockets = new Set<Socket>();
	private closed = false;

	private constructor(
		readonly profile: LinkProfile,
		/** Distinguishes links of concurrent runs (one per port). */
		id: number
	) {
		this.namespace = `hameau-link-${id}`;
		this.hostEnd = `hlh${id}`;
		this.innerEnd = `hln${id}`;
		this.hostAddress = `10.231.${id % 250}.1`;
	}

	/** Creates the namespace and the shaped veth pair; `id` keeps concurrent runs apart. */
	static open(profile: LinkProfile, id: number): EmulatedLink {
		const link = new EmulatedLink(profile, id);
		link.teardown();
		const ns = link.namespace;
		const inner = link.innerEnd;
		const net = `10.231.${id % 250}`;
		run('ip', 'netns', 'add', ns);
		run('ip', 'link', 'add', link.hostEnd, 'type', 'veth', 'peer', 'name', inner);
		run('ip', 'link', 'set', inner, 'netns', ns);
		run('ip', 'addr', 'add', `${net}.1/30`, 'dev', link.hostEnd);
		run('ip', 'link', 'set', link.hostEnd, 'up');
		run('ip', 'netns', 'exec', ns, 'ip', 'addr', 'add', `${net}.2/30`, 'dev', inner);
		run('ip', 'netns', 'exec', ns, 'ip', 'link', 'set', inner, 'up');
		run('ip', 'netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up');
		run('ip', 'netns', 'exec', ns, 'ip', 'route', 'add', 'default', 'via', `${net}.1`);
		// Down = what leaves the host end; up = what leaves the browser's end.
		if (profile.downKbps) shape(link.hostEnd, profile.downKbps);
		if (profile.upKbps) shape(inner, profile.upKbps, ns);
		return link;
	}

	/** Lets the browser reach a loopback TCP port of this machine at localhost:<port>. */
	async relay(port: number): Promise<void> {
		const server = createServer((incoming) => {
			const outgoing = connect(port, '127.0.0.1');
			for (const socket of [incoming, outgoing]) {
				this.sockets.add(socket);
				socket.on('close', () => this.sockets.delete(socket));
				// A reset on one side ends the other; the browser sees a dropped connection.
				socket.on('error', () => {
					incoming.destroy();
					outgoing.destroy();
				});
			}
			incoming.pipe(outgoing).pipe(incoming);
		});
		await new Promise<void>((done) => server.listen(port, this.hostAddress, done));
		this.relays.push(server);
	}

	/** Chromium's executable (run inside the namespace) and flags for this link. */
	browserLaunch(): { executablePath: string; args: string[] } {
		const dir = mkdtempSync(join(tmpdir(), 'hameau-link-'));
		const executablePath = join(dir, 'chromium-in-namespace.sh');
		writeFileSync(
			executablePath,
			`#!/bin/sh\nexec ip netns exec ${this.namespace} "${findChromium()}" "$@"\n`
		);
		chmodSync(executablePath, 0o755);
		const args = [...CHROMIUM_ARGS, `--host-resolver-rules=MAP localhost ${this.hostAddress}`];
		const trials = degradedCallTrials(this.profile);
		if (trials) args.push(`--force-fieldtrials=${trials}`);
		return { executablePath, args };
	}

	/**
	 * Changes the rate limits while the browser runs (delay and loss are the browser's, set at
	 * launch): null removes one.
	 */
	setRates(upKbps: number | null, downKbps: number | null): void {
		unshape(this.hostEnd);
		unshape(this.innerEnd, this.namespace);
		if (downKbps) shape(this.hostEnd, downKbps);
		if (upKbps) shape(this.innerEnd, upKbps, this.namespace);
	}

	/** The link goes down: nothing passes either way until `restore`. */
	cut(): void {
		run('ip', 'link', 'set', this.hostEnd, 'down');
	}

	/** The link comes back (same addresses, same shaping). */
	restore(): void {
		run('ip', 'link', 'set', this.hostEnd, 'up');
		// The host's route to the namespace left with the link; the namespace kept its own.
		try {
			run(
				'ip',
				'route',
				'replace',
				`${this.hostAddress.replace(/\.1$/, '.0')}/30`,
				'dev',
				this.hostEnd
			);
		} catch {
			// Already back with the address (kernels differ): nothing to add.
		}
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		for (const socket of this.sockets) socket.destroy();
		await Promise.all(
			this.relays.map((server) => new Promise<void>((done) => server.close(() => done())))
		);
		this.teardown();
	}

	private teardown(): void {
		for (const args of [
			['ip', 'netns', 'del', this.namespace],
			['ip', 'link', 'del', this.hostEnd]
		]) {
			try {
				run(...args);
			} catch {
				// Not there (a clean start, or already removed with the namespace).
			}
		}
	}
}

function unshape(device: string, namespace?: string): void {
	const prefix = namespace ? ['ip', 'netns', 'exec', namespace] : [];
	try {
		run(...prefix, 'tc', 'qdisc', 'del', 'dev', device, 'root');
	} catch {
		// No limit on it.
	}
}

/** A token-bucket rate limit on what leaves `device` (the kernel has tbf, not netem). */
function shape(device: string, kbps: number, namespace?: string): void {
	const prefix = namespace ? ['ip', 'netns', 'exec', namespace] : [];
	// Burst: 20 ms at the rate, at least a few full packets; queue: 400 ms at most.
	const burst = `${Math.max(Math.round((kbps * 20) / 8), 8)}kb`;
	run(
		...prefix,
		'tc',
		'qdisc',
		'add',
		'dev',
		device,
		'root',
		'tbf',
		'rate',
		`${kbps}kbit`,
		'burst',
		burst,
		'latency',
		'400ms'
	);
}
