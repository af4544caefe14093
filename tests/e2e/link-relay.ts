// The village link's delay and loss, in user space (this kernel has no `netem`): each direction of
// the link holds what crosses it for half the round trip and loses packets in bursts, and relays on
// the host end of the link pass the media (UDP) and the pages (TCP) through it. The rate stays the
// kernel's (`tbf`, village-link.ts). docs/testing.md, "A village link".
import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/** A source of numbers in [0, 1): Math.random on the link, a seeded one in the tests. */
export type Random = () => number;

/** A seeded random source (mulberry32): the same losses at every run of a test. */
export function seededRandom(seed: number): Random {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * Losses in bursts, as a radio or an overloaded uplink loses them: the Gilbert–Elliott model with
 * a good state that loses nothing and a bad state that loses everything. Leaving the bad state with
 * probability 1/burstLength gives bursts of burstLength packets on average; entering it with
 * p = r·loss/(1 − loss) makes the share of time in it, hence of packets lost, `lossPercent`.
 */
export class BurstyLoss {
	private bad = false;
	private readonly enterBad: number;
	private readonly leaveBad: number;

	constructor(
		lossPercent: number,
		burstLength: number,
		private readonly random: Random = Math.random
	) {
		const loss = Math.min(Math.max(lossPercent / 100, 0), 0.99);
		this.leaveBad = 1 / Math.max(burstLength, 1);
		this.enterBad = (this.leaveBad * loss) / (1 - loss);
	}

	/** Whether the next packet is lost. */
	loses(): boolean {
		this.bad = this.random() < (this.bad ? 1 - this.leaveBad : this.enterBad);
		return this.bad;
	}
}

/**
 * One direction of the link: what enters leaves `delayMs` later, in the order it entered (one
 * queue, one timer), and packets may be lost on the way.
 */
export class LinkDirection {
	private readonly queue: Array<{ due: number; deliver: () => void }> = [];
	private timer: NodeJS.Timeout | null = null;
	private readonly loss: BurstyLoss | null;
	/** Losses a test chooses, beside the random ones: a rule says which packet to lose. */
	private readonly chosenLosses = new Set<ChosenLoss>();

	constructor(
		readonly delayMs: number,
		lossPercent = 0,
		burstLength = 1,
		random: Random = Math.random
	) {
		this.loss = lossPercent > 0 ? new BurstyLoss(lossPercent, burstLength, random) : null;
	}

	/**
	 * A packet: lost (false) or delivered after the delay (true). `packet` and `sender` (its
	 * source, `address:port`) are what a chosen loss reads.
	 */
	carry(deliver: () => void, packet?: Buffer, sender = ''): boolean {
		if (packet) {
			for (const lose of this.chosenLosses) if (lose(packet, sender)) return false;
		}
		if (this.loss?.loses()) return false;
		this.delay(deliver);
		return true;
	}

	/** A stream's bytes: never lost (TCP resends them), only late. */
	delay(deliver: () => void): void {
		if (this.delayMs <= 0 && this.queue.length === 0) {
			deliver();
			return;
		}
		this.queue.push({ due: performance.now() + this.delayMs, deliver });
		if (this.queue.length === 1) this.schedule();
	}

	/** Loses the packets `rule` picks from now on, until the returned function is called. */
	loseWhere(rule: ChosenLoss): () => void {
		this.chosenLosses.add(rule);
		return () => this.chosenLosses.delete(rule);
	}

	/** Drops whatever is still on the way. */
	close(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		this.queue.length = 0;
	}

	private schedule(): void {
		const head = this.queue[0];
		if (!head) return;
		this.timer = setTimeout(
			() => this.flush(),
			Math.max(0, Math.ceil(head.due - performance.now()))
		);
	}

	private flush(): void {
		this.timer = null;
		const now = performance.now();
		while (this.queue.length > 0 && this.queue[0].due <= now) this.queue.shift()?.deliver();
		this.schedule();
	}
}

/** Whether to lose this packet from `sender` (`address:port`). */
export type ChosenLoss = (packet: Buffer, sender: string) => boolean;

/** Both directions of a link: up leaves the house, down comes to it. */
export interface LinkDirections {
	up: LinkDirection;
	down: LinkDirection;
}

export interface UdpRelayOptions {
	/** Where the house's side sends (the address and port announced to the browser). */
	listen: { address: string; port: number };
	/** Where the relay passes it on (the media server's socket). */
	target: { address: string; port: number };
	link: LinkDirections;
}

/**
 * A UDP port on the house's side of the link standing for a port of the media server: each
 * sender gets a socket of its own towards the server, so the answers find their way back.
 */
export class UdpRelay {
	private readonly towardsServer = new Map<string, UdpSocket>();

	private constructor(
		private readonly socket: UdpSocket,
		private readonly options: UdpRelayOptions
	) {
		socket.on('message', (message, from) => this.up(message, from));
	}

	static async open(options: UdpRelayOptions): Promise<UdpRelay> {
		const socket = createSocket('udp4');
		await new Promise<void>((done, fail) => {
			socket.once('error', fail);
			socket.bind(options.listen.port, options.listen.address, () => {
				socket.off('error', fail);
				done();
			});
		});
		// A send refused while the link is cut, say, is a packet lost, not a failure of the relay.
		socket.on('error', () => {});
		return new UdpRelay(socket, options);
	}

	private up(message: Buffer, from: RemoteInfo): void {
		const key = `${from.address}:${from.port}`;
		let outgoing = this.towardsServer.get(key);
		if (!outgoing) {
			const socket = createSocket('udp4');
			socket.on('error', () => {});
			socket.on('message', (answer) =>
				this.options.link.down.carry(
					() => this.socket.send(answer, from.port, from.address, ignore),
					answer,
					key
				)
			);
			socket.bind(0, '127.0.0.1');
			this.towardsServer.set(key, socket);
			outgoing = socket;
		}
		const { port, address } = this.options.target;
		const socket = outgoing;
		this.options.link.up.carry(() => socket.send(message, port, address, ignore), message, key);
	}

	async close(): Promise<void> {
		const sockets = [this.socket, ...this.towardsServer.values()];
		this.towardsServer.clear();
		await Promise.all(
			sockets.map((socket) => new Promise<void>((done) => socket.close(() => done())))
		);
	}
}

function ignore(): void {
	// A UDP send either leaves or is a lost packet: there is nothing to do about either.
}

/**
 * Passes a TCP connection on through the link's delay, both ways, in order; the house's side is
 * `incoming`. Data waits rather than piles up: a side that cannot take more pauses the other.
 */
export function relayTcp(incoming: Socket, outgoing: Socket, link: LinkDirections): void {
	for (const [from, to, direction] of [
		[incoming, outgoing, link.up],
		[outgoing, incoming, link.down]
	] as const) {
		from.on('data', (chunk) =>
			direction.delay(() => {
				if (to.destroyed || to.write(chunk)) return;
				from.pause();
				to.once('drain', () => from.resume());
			})
		);
		from.on('end', () => direction.delay(() => to.end()));
	}
}

/**
 * Whether a datagram carries a DTLS ChangeCipherSpec record: it is in the last flight a side
 * sends in a DTLS 1.2 handshake, the one whose loss only that side's own resending repairs.
 */
export function carriesChangeCipherSpec(datagram: Buffer): boolean {
	// RFC 7983: DTLS is what starts with a byte from 20 to 63. Each record: type (1), version (2),
	// epoch (2), sequence number (6), length (2), then the fragment.
	let offset = 0;
	while (offset + 13 <= datagram.length) {
		const type = datagram[offset];
		if (type < 20 || type > 63) return false;
		if (type === 20) return true;
		offset += 13 + datagram.readUInt16BE(offset + 11);
	}
	return false;
}
