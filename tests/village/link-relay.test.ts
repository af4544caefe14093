// The village link's user-space relays (tests/e2e/link-relay.ts): the loss comes in bursts of the
// profile's share and length, and what crosses the relays arrives half a round trip later each
// way, in order — measured here on loopback.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import {
	BurstyLoss,
	carriesChangeCipherSpec,
	LinkDirection,
	relayTcp,
	seededRandom,
	UdpRelay,
	type LinkDirections
} from '../e2e/link-relay';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A loopback UDP socket; an echo one sends every datagram back where it came from. */
async function udpSocket(echo = false): Promise<UdpSocket> {
	const socket = createSocket('udp4');
	if (echo) socket.on('message', (message, from) => socket.send(message, from.port, from.address));
	socket.bind(0, '127.0.0.1');
	await once(socket, 'listening');
	cleanups.push(() => new Promise<void>((done) => socket.close(() => done())));
	return socket;
}

async function freeUdpPort(): Promise<number> {
	const probe = createSocket('udp4');
	probe.bind(0, '127.0.0.1');
	await once(probe, 'listening');
	const { port } = probe.address();
	await new Promise<void>((done) => probe.close(() => done()));
	return port;
}

function link(oneWayMs: number, upLossPercent = 0, seed = 1): LinkDirections {
	const directions = {
		up: new LinkDirection(oneWayMs, upLossPercent, 3, seededRandom(seed)),
		down: new LinkDirection(oneWayMs)
	};
	cleanups.push(() => {
		directions.up.close();
		directions.down.close();
	});
	return directions;
}

async function relayTo(target: UdpSocket, directions: LinkDirections): Promise<number> {
	const port = await freeUdpPort();
	const relay = await UdpRelay.open({
		listen: { address: '127.0.0.1', port },
		target: { address: '127.0.0.1', port: target.address().port },
		link: directions
	});
	cleanups.push(() => relay.close());
	return port;
}

describe('bursty loss (Gilbert–Elliott)', () => {
	it('loses the profile’s share of packets, in bursts of its mean length', () => {
		const loss = new BurstyLoss(5, 3, seededRandom(22));
		let lost = 0;
		let bursts = 0;
		let previous = false;
		const packets = 200_000;
		for (let packet = 0; packet < packets; packet += 1) {
			const lose = loss.loses();
			if (lose) lost += 1;
			if (lose && !previous) bursts += 1;
			previous = lose;
		}
		expect(lost / packets).toBeGreaterThan(0.045);
		expect(lost / packets).toBeLessThan(0.055);
		expect(lost / bursts).toBeGreaterThan(2.7);
		expect(lost / bursts).toBeLessThan(3.3);
	});

	it('loses nothing at 0% and one packet at a time with bursts of 1', () => {
		const none = new BurstyLoss(0, 3, seededRandom(1));
		expect(Array.from({ length: 10_000 }, () => none.loses()).some(Boolean)).toBe(false);
		const single = new BurstyLoss(10, 1, seededRandom(3));
		let previous = false;
		for (let packet = 0; packet < 10_000; packet += 1) {
			const lose = single.loses();
			expect(lose && previous).toBe(false);
			previous = lose;
		}
	});
});

describe('a link direction', () => {
	it('delivers everything after its delay, in the order it came', async () => {
		const direction = new LinkDirection(40);
		cleanups.push(() => direction.close());
		const delays: number[] = [];
		const order: number[] = [];
		const all = new Promise<void>((done) => {
			for (let index = 0; index < 20; index += 1) {
				const sent = performance.now();
				direction.delay(() => {
					delays.push(performance.now() - sent);
					order.push(index);
					if (order.length === 20) done();
				});
			}
		});
		await all;
		expect(order).toEqual([...Array(20).keys()]);
		for (const delay of delays) {
			expect(delay).toBeGreaterThanOrEqual(39.5);
			expect(delay).toBeLessThan(40 + 200);
		}
	});
});

describe('the UDP relay', () => {
	it('adds half the round trip each way and keeps the order', async () => {
		const server = await udpSocket(true);
		const port = await relayTo(server, link(75));
		const client = await udpSocket();
		const sentAt = new Map<number, number>();
		const roundTrips: number[] = [];
		const order: number[] = [];
		const all = new Promise<void>((done) =>
			client.on('message', (message) => {
				const index = message.readUInt32BE(0);
				roundTrips.push(performance.now() - (sentAt.get(index) ?? NaN));
				order.push(index);
				if (order.length === 30) done();
			})
		);
		for (let index = 0; index < 30; index += 1) {
			const message = Buffer.alloc(200);
			message.writeUInt32BE(index, 0);
			sentAt.set(index, performance.now());
			client.send(message, port, '127.0.0.1');
			// A few milliseconds apart, like audio packets (20 ms) or a video frame's packets.
			await new Promise((done) => setTimeout(done, index % 3));
		}
		await all;
		expect(order).toEqual([...Array(30).keys()]);
		for (const roundTrip of roundTrips) {
			expect(roundTrip).toBeGreaterThanOrEqual(149);
			expect(roundTrip).toBeLessThan(150 + 200);
		}
	});

	it('loses the profile’s share of what it carries, and answers each sender', async () => {
		const server = await udpSocket(true);
		const port = await relayTo(server, link(0, 5, 7));
		const senders = [await udpSocket(), await udpSocket()];
		const answered = [0, 0];
		const misdirected: number[] = [];
		senders.forEach((socket, index) =>
			socket.on('message', (message) => {
				if (message[0] === index) answered[index] += 1;
				else misdirected.push(message[0]);
			})
		);
		const packets = 4000;
		for (let index = 0; index < packets; index += 1) {
			senders[index % 2].send(Buffer.alloc(100, index % 2), port, '127.0.0.1');
			// Paced, as media is: 4000 at once would overflow the sockets' buffers on the way.
			if (index % 20 === 0) await new Promise((done) => setTimeout(done, 1));
		}
		// The same seeded source says how many the relay had to lose on the way up.
		const model = new BurstyLoss(5, 3, seededRandom(7));
		const lost = Array.from({ length: packets }, () => model.loses()).filter(Boolean).length;
		await expect.poll(() => answered[0] + answered[1], { timeout: 5_000 }).toBe(packets - lost);
		expect(misdirected).toEqual([]);
		expect(Math.min(...answered)).toBeGreaterThan(packets / 2 - lost);
		expect(lost / packets).toBeGreaterThan(0.03);
		expect(lost / packets).toBeLessThan(0.07);
	});
});

describe('a chosen loss', () => {
	it('loses what its rule picks from each sender, up or down, until it is lifted', async () => {
		const server = await udpSocket(true);
		const directions = link(0);
		const port = await relayTo(server, directions);
		const senders = [await udpSocket(), await udpSocket()];
		const received: string[][] = [[], []];
		senders.forEach((socket, index) =>
			socket.on('message', (message) => received[index].push(message.toString()))
		);
		// The first "last" each sender sends is lost on the way up; the echo of the second, down.
		const lostUp = new Set<string>();
		const liftUp = directions.up.loseWhere((packet, sender) => {
			if (packet.toString() !== 'last' || lostUp.has(sender)) return false;
			lostUp.add(sender);
			return true;
		});
		let lostDown = 0;
		const liftDown = directions.down.loseWhere(
			(packet) => packet.toString() === 'last' && lostUp.size === 2 && lostDown++ === 0
		);
		for (const word of ['first', 'last', 'last', 'after']) {
			for (const socket of senders) socket.send(word, port, '127.0.0.1');
			await new Promise((done) => setTimeout(done, 20));
		}
		await expect.poll(() => received.flat().length).toBe(5);
		expect(lostUp.size).toBe(2);
		expect(received.flat().filter((word) => word === 'last')).toHaveLength(1);
		liftUp();
		liftDown();
		for (const socket of senders) socket.send('last', port, '127.0.0.1');
		await expect.poll(() => received.flat().length).toBe(7);
	});

	it('finds a DTLS ChangeCipherSpec record among the records of a datagram', () => {
		const record = (type: number, length: number) => {
			const header = Buffer.alloc(13);
			header[0] = type;
			header.writeUInt16BE(0xfefd, 1);
			header.writeUInt16BE(length, 11);
			return Buffer.concat([header, Buffer.alloc(length, 1)]);
		};
		// A client's last flight: handshake records, then ChangeCipherSpec and the Finished.
		expect(
			carriesChangeCipherSpec(Buffer.concat([record(22, 120), record(20, 1), record(22, 40)]))
		).toBe(true);
		expect(carriesChangeCipherSpec(Buffer.concat([record(22, 120), record(22, 40)]))).toBe(false);
		// Application data, STUN (first byte 0 or 1) and RTP (128 to 191) are not handshakes.
		expect(carriesChangeCipherSpec(record(23, 100))).toBe(false);
		expect(carriesChangeCipherSpec(Buffer.from([0x00, 0x01, 0x00, 0x00]))).toBe(false);
		expect(carriesChangeCipherSpec(Buffer.alloc(40, 0x80))).toBe(false);
	});
});

describe('the TCP relay', () => {
	it('holds the bytes half the round trip each way, in order', async () => {
		const echo: Server = createServer((socket) => socket.pipe(socket));
		echo.listen(0, '127.0.0.1');
		await once(echo, 'listening');
		const directions = link(60);
		const sockets: Socket[] = [];
		const relay: Server = createServer((incoming) => {
			const outgoing = connect((echo.address() as AddressInfo).port, '127.0.0.1');
			for (const socket of [incoming, outgoing]) {
				sockets.push(socket);
				socket.on('error', () => {});
			}
			relayTcp(incoming, outgoing, directions);
		});
		relay.listen(0, '127.0.0.1');
		await once(relay, 'listening');
		const client = connect((relay.address() as AddressInfo).port, '127.0.0.1');
		cleanups.push(async () => {
			for (const socket of [client, ...sockets]) socket.destroy();
			for (const server of [relay, echo]) {
				await new Promise<void>((done) => server.close(() => done()));
			}
		});
		await once(client, 'connect');
		const text = Array.from({ length: 200 }, (_, index) => `line ${index}\n`).join('');
		let back = '';
		const sent = performance.now();
		client.write(text);
		await new Promise<void>((done) =>
			client.on('data', (chunk) => {
				back += chunk.toString();
				if (back.length >= text.length) done();
			})
		);
		const roundTrip = performance.now() - sent;
		expect(back).toBe(text);
		expect(roundTrip).toBeGreaterThanOrEqual(119);
		expect(roundTrip).toBeLessThan(120 + 300);
	});
});
