// The village link, emulated on this machine for the browser tests and the `village` benchmark.
//
// How (docs/testing.md, "A village link"): Chromium runs in a network namespace of its own, joined
// to the host by a veth pair, so everything it sends and receives — pages, the signalling
// WebSocket, the collaboration socket and the UDP media — crosses that one link:
// - rate: a `tbf` qdisc on each end of the pair (512 kbit/s up, 2 Mbit/s down), shared by every
//   page of the browser, as a house's people share its uplink;
// - delay and loss: this kernel has no `netem` (and Chromium ignores libwebrtc's degraded-call
//   field trials), so relays in user space on the host end of the pair carry them (link-relay.ts):
//   the media server announces a UDP relay port for each of its ports (MEDIA_ANNOUNCED_IP,
//   MEDIA_ANNOUNCED_UDP_PORTS, MEDIA_ANNOUNCE_MODE=add: villageMediaEnv), each relay holds every
//   packet half the round trip each way and loses 5% in bursts; the TCP relay to the app holds the
//   pages and sockets' bytes the same time. UDP that does not come from a relay port is dropped
//   on the way down, so the media cannot go round the relay;
// - cut: the host end of the pair goes down for 30 s — media, signalling and pages all stop.
// The browser reaches the app at http://localhost:<port> as usual (a secure context, the same
// origin): `--host-resolver-rules` sends "localhost" to the host end of the pair, where the TCP
// relay passes connections on to the app's loopback port. Needs root (`ip netns`, `tc`).
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, findTestChromium } from '../setup/chromium.mjs';
import { LinkDirection, relayTcp, UdpRelay, type LinkDirections } from './link-relay';

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

/** An inclusive range of UDP ports. */
export interface PortRange {
	min: number;
	max: number;
}

/** The host end's address of the link `id` (its namespace's end is .2). */
export function linkHostAddress(id: number): string {
	return `10.231.${id % 250}.1`;
}

/**
 * The media server's UDP ports for a link `id` and the relay ports announced for them: 512 each,
 * below Linux's ephemeral ports, apart for concurrent runs (ids that differ by less than 24), the
 * relays' on a 512-port boundary so that one `u32` match tells them apart (relayMedia).
 */
export function villageMediaPorts(id: number): { server: PortRange; relay: PortRange } {
	const base = 8192 + (id % 24) * 1024;
	return {
		server: { min: base, max: base + 511 },
		relay: { min: base + 512, max: base + 1023 }
	};
}

/**
 * The media server's settings that send the media of link `id`'s browser through its relays:
 * real options (docs/configuration.md), the announced address offered beside the host's own, so
 * browsers outside the link still reach the server directly.
 */
export function villageMediaEnv(id: number): Record<string, string> {
	const { server, relay } = villageMediaPorts(id);
	return {
		MEDIA_UDP_PORTS: `${server.min}-${server.max}`,
		MEDIA_ANNOUNCED_IP: linkHostAddress(id),
		MEDIA_ANNOUNCED_UDP_PORTS: `${relay.min}-${relay.max}`,
		MEDIA_ANNOUNCE_MODE: 'add'
	};
}

function run(...args: string[]): void {
	execFileSync(args[0], args.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * libwebrtc's degraded-call field trials for a profile's delay and loss (none when clean). No
 * longer passed to the browser: Chromium 156 ignores them (a 25 ms round trip was measured with
 * them); kept for whoever tries them on another build.
 */
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
	private readonly mediaRelays: UdpRelay[] = [];
	private readonly sockets = new Set<Socket>();
	/** The link's delay and loss, each way (link-relay.ts). */
	readonly directions: LinkDirections;
	private closed = false;

	private constructor(
		readonly profile: LinkProfile,
		/** Distinguishes links of concurrent runs (one per port). */
		private readonly id: number
	) {
		this.namespace = `hameau-link-${id}`;
		this.hostEnd = `hlh${id}`;
		this.innerEnd = `hln${id}`;
		this.hostAddress = linkHostAddress(id);
		const oneWayMs = profile.rttMs / 2;
		this.directions = {
			up: new LinkDirection(oneWayMs, profile.lossPercent, profile.burstLength),
			down: new LinkDirection(oneWayMs, profile.lossPercent, profile.burstLength)
		};
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
		// An IPv4 link only. Left on, IPv6 gives the browser's end a link-local address about a
		// second after it comes up (duplicate address detection); Chromium takes that for a network
		// change and fails every request in flight (ERR_NETWORK_CHANGED): the first page opened
		// on the link lost its scripts and showed "Something went wrong" instead of Join now, the
		// village bench's "one of four not joined within 30 s".
		run(
			...['ip', 'netns', 'exec', ns, 'sysctl', '-qw'],
			...['all', 'default', 'lo', inner].map((conf) => `net.ipv6.conf.${conf}.disable_ipv6=1`)
		);
		run('ip', 'addr', 'add', `${net}.1/30`, 'dev', link.hostEnd);
		run('ip', 'link', 'set', link.hostEnd, 'up');
		run('ip', 'netns', 'exec', ns, 'ip', 'addr', 'add', `${net}.2/30`, 'dev', inner);
		run('ip', 'netns', 'exec', ns, 'ip', 'link', 'set', inner, 'up');
		run('ip', 'netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up');
		run('ip', 'netns', 'exec', ns, 'ip', 'route', 'add', 'default', 'via', `${net}.1`);
		// Down = what leaves the host end; up = what leaves the browser's end. The host end's rate
		// sits under an HTB class, beside a class that drops (relayMedia sorts UDP into it).
		run('tc', 'qdisc', 'add', 'dev', link.hostEnd, 'root', 'handle', '1:', 'htb', 'default', '1');
		for (const classid of [PASS_CLASS, DROP_CLASS]) {
			run(
				...['tc', 'class', 'add', 'dev', link.hostEnd, 'parent', '1:', 'classid', classid],
				...['htb', 'rate', '1gbit', 'quantum', '1514']
			);
		}
		run('tc', 'qdisc', 'add', 'dev', link.hostEnd, 'parent', DROP_CLASS, 'pfifo', 'limit', '0');
		link.setRates(profile.upKbps, profile.downKbps);
		return link;
	}

	/**
	 * Lets the browser reach a loopback TCP port of this machine at localhost:<port>, through the
	 * link's delay.
	 */
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
			relayTcp(incoming, outgoing, this.directions);
		});
		await new Promise<void>((done) => server.listen(port, this.hostAddress, done));
		this.relays.push(server);
	}

	/**
	 * Sends the media through the link's delay and loss: a UDP relay on the host end for each port
	 * of `ports.server` (the media server's, on loopback) at the same place in `ports.relay` (what
	 * the server announces: villageMediaEnv), and any other UDP towards the browser dropped, so that
	 * no connectivity check finds a way round the relays. `ports.relay` must start on a boundary
	 * of its size, a power of two.
	 */
	async relayMedia(
		ports: { server: PortRange; relay: PortRange } = villageMediaPorts(this.id)
	): Promise<void> {
		const { server, relay } = ports;
		const size = relay.max - relay.min + 1;
		if (size !== server.max - server.min + 1 || size & (size - 1) || relay.min % size) {
			throw new Error(`relay ports ${relay.min}-${relay.max}: not a power of two on its boundary`);
		}
		for (let offset = 0; offset < size; offset += 1) {
			this.mediaRelays.push(
				await UdpRelay.open({
					listen: { address: this.hostAddress, port: relay.min + offset },
					target: { address: '127.0.0.1', port: server.min + offset },
					link: this.directions
				})
			);
		}
		const mask = `0x${(0xffff & ~(size - 1)).toString(16)}`;
		const udp = ['u32', 'match', 'ip', 'protocol', '17', '0xff'];
		const fromRelay = ['match', 'ip', 'sport', `${relay.min}`, mask];
		const filter = ['tc', 'filter', 'add', 'dev', this.hostEnd, 'parent', '1:', 'protocol', 'ip'];
		run(...filter, 'prio', '1', ...udp, ...fromRelay, 'classid', PASS_CLASS);
		run(...filter, 'prio', '2', ...udp, 'classid', DROP_CLASS);
	}

	/** Chromium's executable (run inside the namespace) and flags for this link. */
	browserLaunch(): { executablePath: string; args: string[] } {
		const dir = mkdtempSync(join(tmpdir(), 'hameau-link-'));
		const executablePath = join(dir, 'chromium-in-namespace.sh');
		writeFileSync(
			executablePath,
			`#!/bin/sh\nexec ip netns exec ${this.namespace} "${findTestChromium()}" "$@"\n`
		);
		chmodSync(executablePath, 0o755);
		// No degraded-call field trials: Chromium ignores them, and the relays carry delay and loss.
		const args = [...CHROMIUM_ARGS, `--host-resolver-rules=MAP localhost ${this.hostAddress}`];
		return { executablePath, args };
	}

	/** Changes the rate limits while the browser runs (delay and loss stay): null removes one. */
	setRates(upKbps: number | null, downKbps: number | null): void {
		unshape(['dev', this.hostEnd, 'parent', PASS_CLASS]);
		unshape(['dev', this.innerEnd, 'root'], this.namespace);
		if (downKbps) shape(['dev', this.hostEnd, 'parent', PASS_CLASS], downKbps);
		if (upKbps) shape(['dev', this.innerEnd, 'root'], upKbps, this.namespace);
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
		this.directions.up.close();
		this.directions.down.close();
		await Promise.all([
			...this.relays.map((server) => new Promise<void>((done) => server.close(() => done()))),
			...this.mediaRelays.map((relay) => relay.close())
		]);
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

/** The host end's HTB classes: what passes (under the rate limit), what is dropped. */
const PASS_CLASS = '1:1';
const DROP_CLASS = '1:2';

/** Removes the rate limit at `place` (dev <device> root, or dev <device> parent <class>). */
function unshape(place: string[], namespace?: string): void {
	const prefix = namespace ? ['ip', 'netns', 'exec', namespace] : [];
	try {
		run(...prefix, 'tc', 'qdisc', 'del', ...place);
	} catch {
		// No limit on it.
	}
}

/** A token-bucket rate limit on what leaves through `place` (the kernel has tbf, not netem). */
function shape(place: string[], kbps: number, namespace?: string): void {
	const prefix = namespace ? ['ip', 'netns', 'exec', namespace] : [];
	// Burst: 20 ms at the rate, at least a few full packets; queue: 400 ms at most.
	const burst = `${Math.max(Math.round((kbps * 20) / 8), 8)}kb`;
	run(
		...prefix,
		'tc',
		'qdisc',
		'add',
		...place,
		'tbf',
		'rate',
		`${kbps}kbit`,
		'burst',
		burst,
		'latency',
		'400ms'
	);
}
