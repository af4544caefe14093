// Webhooks from the media server reach a real local HTTP endpoint, where livekit-server-sdk's
// WebhookReceiver accepts them; a tampered body is rejected; failed deliveries are retried.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { ParticipantInfo, Room, TrackInfo, TrackSource, TrackType } from '@livekit/protocol';
import { WebhookReceiver } from 'livekit-server-sdk';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	createWebhookSender,
	WEBHOOK_CONTENT_TYPE,
	WebhookNotifier,
	webhookEvent,
	type WebhookNotifierOptions
} from '../../../server/media/webhooks';

const keys = { apiKey: 'APIwebhooks01', apiSecret: 'webhook-secret-long-enough-for-hs256-000' };
const receiver = new WebhookReceiver(keys.apiKey, keys.apiSecret);

interface Received {
	body: string;
	authorization: string;
	contentType: string;
	respond(status: number): void;
}

/** A local endpoint whose requests a test takes one by one and answers itself. */
class Endpoint {
	private readonly waiting: Received[] = [];
	private readonly takers: Array<(request: Received) => void> = [];
	readonly server: Server;
	url = '';
	/** Status answered right away; null = the test answers each request with respond(). */
	autoStatus: number | null = 200;

	constructor() {
		this.server = createServer((req, res) => this.receive(req, res));
	}

	async start(): Promise<void> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/livekit/webhook`;
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise((resolve) => this.server.close(resolve));
	}

	/** Every request received and not taken yet, taken now. */
	received(): Received[] {
		return this.waiting.splice(0);
	}

	next(): Promise<Received> {
		const request = this.waiting.shift();
		if (request) return Promise.resolve(request);
		return new Promise((resolve) => this.takers.push(resolve));
	}

	private receive(req: IncomingMessage, res: ServerResponse): void {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const request: Received = {
				body: Buffer.concat(chunks).toString('utf8'),
				authorization: req.headers.authorization ?? '',
				contentType: req.headers['content-type'] ?? '',
				respond: (status) => res.writeHead(status).end()
			};
			if (this.autoStatus !== null) request.respond(this.autoStatus);
			const taker = this.takers.shift();
			if (taker) taker(request);
			else this.waiting.push(request);
		});
	}
}

const logged: Array<{ msg: string; reason?: string; lost?: number }> = [];
const log = pino(
	{ level: 'debug' },
	new Writable({
		write(chunk: Buffer, _encoding, done) {
			logged.push(JSON.parse(chunk.toString()));
			done();
		}
	})
);

let endpoint: Endpoint;
let notifier: WebhookNotifier | undefined;

function start(options: Partial<WebhookNotifierOptions> = {}): WebhookNotifier {
	notifier = new WebhookNotifier({ url: endpoint.url, keys, log, retryDelayMs: 5, ...options });
	return notifier;
}

const room = (name = 'company-1:house-a') => new Room({ sid: 'RM_test', name, numParticipants: 1 });
const alice = new ParticipantInfo({ sid: 'PA_alice', identity: 'alice', name: 'Alice' });
const person = (i: number) =>
	new ParticipantInfo({ sid: `PA_${i}`, identity: `person-${i}`, name: `Person ${i}` });

/** The index of the storm's last event for a room (the storm test's spread, read backwards). */
function lastIndexOf(name: string, rooms: number): number {
	for (let i = 50_000 - 1; ; i -= 1) {
		if (`room-${i % 7 === 0 ? i % rooms : i % 3}` === name) return i;
	}
}

beforeEach(async () => {
	logged.length = 0;
	endpoint = new Endpoint();
	await endpoint.start();
});

afterEach(async () => {
	await notifier?.stop(1_000);
	notifier = undefined;
	await endpoint.close();
});

describe('webhook delivery', () => {
	it('posts each event signed so that WebhookReceiver accepts it', async () => {
		const sender = start();
		const track = new TrackInfo({
			sid: 'TR_cam',
			type: TrackType.VIDEO,
			source: TrackSource.CAMERA,
			width: 1280,
			height: 720
		});
		sender.notify('room_started', { room: room() });
		sender.notify('participant_joined', { room: room(), participant: alice });
		sender.notify('track_published', { room: room(), participant: alice, track });
		sender.notify('track_unpublished', { room: room(), participant: alice, track });
		sender.notify('participant_left', { room: room(), participant: alice });
		sender.notify('room_finished', { room: room() });

		const ids = new Set<string>();
		for (const expected of [
			'room_started',
			'participant_joined',
			'track_published',
			'track_unpublished',
			'participant_left',
			'room_finished'
		]) {
			const request = await endpoint.next();
			expect(request.contentType).toBe(WEBHOOK_CONTENT_TYPE);
			const event = await receiver.receive(request.body, request.authorization);
			expect(event.event).toBe(expected);
			expect(event.room?.name).toBe('company-1:house-a');
			expect(event.id).toMatch(/^EV_/);
			expect(Number(event.createdAt)).toBeGreaterThan(1_700_000_000);
			ids.add(event.id);
			if (expected.startsWith('participant') || expected.startsWith('track')) {
				expect(event.participant?.identity).toBe('alice');
			}
			if (expected.startsWith('track')) {
				expect(event.track).toMatchObject({
					sid: 'TR_cam',
					source: TrackSource.CAMERA,
					width: 1280
				});
			}
		}
		expect(ids.size).toBe(6);
		// protojson: camelCase names, default values left out, int64 as a string.
		const raw = JSON.parse((await sendAndTake(sender, 'room_started')).body);
		expect(raw).toMatchObject({ event: 'room_started', createdAt: expect.any(String) });
		expect(raw).not.toHaveProperty('numDropped');
	});

	it('is refused by WebhookReceiver when the body was changed or the secret differs', async () => {
		const sender = start();
		const request = await sendAndTake(sender, 'participant_joined');
		const tampered = request.body.replace('alice', 'mallory');
		expect(tampered).not.toBe(request.body);
		await expect(receiver.receive(tampered, request.authorization)).rejects.toThrow(
			'sha256 checksum of body does not match'
		);
		const stranger = new WebhookReceiver(keys.apiKey, 'not-the-secret-of-this-server-at-all-0000');
		await expect(stranger.receive(request.body, request.authorization)).rejects.toThrow();
		await expect(receiver.receive(request.body, request.authorization)).resolves.toMatchObject({
			event: 'participant_joined'
		});
	});

	it('retries after a 500 and delivers the same event', async () => {
		endpoint.autoStatus = null;
		const sender = start({ maxAttempts: 4 });
		sender.notify('room_started', { room: room() });
		const first = await endpoint.next();
		first.respond(500);
		const second = await endpoint.next();
		second.respond(503);
		const third = await endpoint.next();
		third.respond(204);
		expect(second.body).toBe(first.body);
		expect(third.body).toBe(first.body);
		expect((await receiver.receive(third.body, third.authorization)).event).toBe('room_started');
		await sender.stop(1_000);
		expect(sender.pending).toBe(0);
		expect(logged.filter((entry) => entry.msg === 'webhook not delivered')).toEqual([]);
	});

	it('gives up after the last attempt and reports the loss in the next event', async () => {
		endpoint.autoStatus = 500;
		const sender = start({ maxAttempts: 3 });
		sender.notify('room_started', { room: room() });
		for (let attempt = 0; attempt < 3; attempt += 1) await endpoint.next();
		endpoint.autoStatus = 200;
		const next = await sendAndTake(sender, 'room_finished');
		expect((await receiver.receive(next.body, next.authorization)).numDropped).toBe(1);
		expect(logged.filter((entry) => entry.msg === 'webhook not delivered')).toMatchObject([
			{ reason: 'HTTP 500' }
		]);
	});

	it('does not retry a 4xx other than 429', async () => {
		endpoint.autoStatus = 401;
		const sender = start({ maxAttempts: 5 });
		sender.notify('room_started', { room: room('one') });
		await endpoint.next();
		endpoint.autoStatus = 200;
		const next = await sendAndTake(sender, 'room_finished', 'one');
		expect((await receiver.receive(next.body, next.authorization)).event).toBe('room_finished');
	});

	it('retries when the endpoint cannot be reached', async () => {
		const sender = start({ url: 'http://127.0.0.1:9/unreachable', maxAttempts: 2 });
		sender.notify('room_started', { room: room() });
		await sender.stop(5_000);
		expect(logged.filter((entry) => entry.msg === 'webhook not delivered')).toHaveLength(1);
	});

	it('keeps the order of one room while another room is stuck', async () => {
		endpoint.autoStatus = null;
		const sender = start({ concurrency: 2 });
		sender.notify('room_started', { room: room('stuck') });
		const stuck = await endpoint.next();
		const names = [
			'room_started',
			'participant_joined',
			'participant_left',
			'room_finished'
		] as const;
		for (const name of names) sender.notify(name, { room: room('flowing'), participant: alice });
		for (const name of names) {
			const request = await endpoint.next();
			expect((await receiver.receive(request.body, request.authorization)).event).toBe(name);
			request.respond(200);
		}
		stuck.respond(200);
	});

	it('folds a room past the queue bound without blocking, keeps its latest event and says how many', async () => {
		endpoint.autoStatus = null;
		const sender = start({ maxQueuedEvents: 2, concurrency: 1 });
		for (let i = 1; i <= 5; i += 1)
			sender.notify('participant_joined', { room: room(), participant: person(i) });
		expect(sender.pending).toBe(2);
		expect(logged.filter((entry) => entry.msg.startsWith('webhooks coalesced'))).toHaveLength(1);
		const first = await endpoint.next();
		first.respond(200);
		// The first event was already on its way; the next one delivered carries the count.
		const firstEvent = await receiver.receive(first.body, first.authorization);
		expect(firstEvent.numDropped).toBe(0);
		expect(firstEvent.participant?.identity).toBe('person-1');
		const second = await endpoint.next();
		second.respond(200);
		const secondEvent = await receiver.receive(second.body, second.authorization);
		expect(secondEvent.numDropped).toBe(3);
		expect(secondEvent.participant?.identity).toBe('person-5');
		sender.notify('room_finished', { room: room() });
		const last = await endpoint.next();
		last.respond(200);
		const event = await receiver.receive(last.body, last.authorization);
		expect(event.event).toBe('room_finished');
		expect(event.numDropped).toBe(0);
	});

	it('folds the storming room and leaves a quiet room’s events alone', async () => {
		endpoint.autoStatus = null;
		const sender = start({ maxQueuedEvents: 4, concurrency: 1 });
		sender.notify('participant_joined', { room: room('quiet'), participant: person(1) });
		for (let i = 1; i <= 10; i += 1) {
			sender.notify('participant_joined', { room: room('storm'), participant: person(100 + i) });
			if (i === 4)
				sender.notify('participant_left', { room: room('quiet'), participant: person(1) });
			expect(sender.pending).toBeLessThanOrEqual(4);
		}
		const delivered = [];
		for (let i = 0; i < 3; i += 1) {
			const request = await endpoint.next();
			request.respond(200);
			const event = await receiver.receive(request.body, request.authorization);
			delivered.push([
				event.room?.name,
				event.event,
				event.participant?.identity,
				event.numDropped
			]);
		}
		expect(delivered).toEqual([
			['quiet', 'participant_joined', 'person-1', 0],
			['storm', 'participant_joined', 'person-110', 9],
			['quiet', 'participant_left', 'person-1', 0]
		]);
		await sender.stop(1_000);
		expect(sender.pending).toBe(0);
	});

	it('stays within its bound under any storm, in order, with every folded event counted', async () => {
		const sender = start({ maxQueuedEvents: 200 });
		const rooms = 40;
		const sent = new Map<string, number>();
		let highest = 0;
		for (let i = 0; i < 50_000; i += 1) {
			// Most of the storm goes to a few rooms; every room gets some.
			const name = `room-${i % 7 === 0 ? i % rooms : i % 3}`;
			sent.set(name, (sent.get(name) ?? 0) + 1);
			sender.notify('participant_joined', { room: room(name), participant: person(i) });
			highest = Math.max(highest, sender.pending);
		}
		expect(highest).toBe(200);
		await sender.stop(20_000);
		const seen = new Map<string, { events: number; folded: number; last: number }>();
		for (const request of endpoint.received()) {
			const event = await receiver.receive(request.body, request.authorization);
			const name = event.room!.name;
			const index = Number(event.participant!.identity.slice('person-'.length));
			const so = seen.get(name) ?? { events: 0, folded: 0, last: -1 };
			expect(index, `order of ${name}`).toBeGreaterThan(so.last);
			seen.set(name, { events: so.events + 1, folded: so.folded + event.numDropped, last: index });
		}
		expect(seen.size).toBe(rooms);
		for (const [name, count] of sent) {
			const so = seen.get(name)!;
			// Nothing lost unannounced, and each room's last word is the last thing that happened.
			expect(so.events + so.folded, name).toBe(count);
			expect(so.last, name).toBe(lastIndexOf(name, rooms));
		}
	});

	it('tells a failed delivery in the next event of the same room, not of another', async () => {
		endpoint.autoStatus = null;
		const sender = start({ maxAttempts: 1 });
		sender.notify('participant_joined', { room: room('lossy'), participant: alice });
		(await endpoint.next()).respond(500);
		while (!logged.some((entry) => entry.msg === 'webhook not delivered')) {
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
		sender.notify('room_started', { room: room('other') });
		const other = await endpoint.next();
		other.respond(200);
		expect((await receiver.receive(other.body, other.authorization)).numDropped).toBe(0);
		sender.notify('participant_left', { room: room('lossy'), participant: alice });
		const lossy = await endpoint.next();
		lossy.respond(200);
		const event = await receiver.receive(lossy.body, lossy.authorization);
		expect([event.event, event.numDropped]).toEqual(['participant_left', 1]);
	});

	it('stop() waits for the queue to drain', async () => {
		endpoint.autoStatus = null;
		const sender = start();
		sender.notify('room_started', { room: room() });
		sender.notify('room_finished', { room: room() });
		const request = await endpoint.next();
		let stopped = false;
		const stopping = sender.stop(10_000).then(() => (stopped = true));
		request.respond(200);
		(await endpoint.next()).respond(200);
		await stopping;
		expect(stopped).toBe(true);
		expect(sender.pending).toBe(0);
		sender.notify('room_started', { room: room() });
		expect(sender.pending).toBe(0);
	});

	it('stop() gives up at its deadline and logs what was lost', async () => {
		endpoint.autoStatus = null;
		const sender = start();
		sender.notify('room_started', { room: room() });
		sender.notify('room_finished', { room: room() });
		await endpoint.next();
		await sender.stop(50);
		expect(sender.pending).toBe(0);
		expect(
			logged.filter((entry) => entry.msg === 'webhooks not delivered before shutdown')
		).toMatchObject([{ lost: 2 }]);
	});

	it('createWebhookSender with no URL sends nothing', async () => {
		const disabled = createWebhookSender({ url: null, keys, log });
		disabled.send(webhookEvent('room_started', { room: room() }));
		await disabled.stop();
		const enabled = createWebhookSender({ url: endpoint.url, keys, log });
		enabled.send(webhookEvent('room_started', { room: room() }));
		const request = await endpoint.next();
		expect((await receiver.receive(request.body, request.authorization)).event).toBe(
			'room_started'
		);
		await enabled.stop();
	});
});

async function sendAndTake(
	sender: WebhookNotifier,
	name: 'room_started' | 'room_finished' | 'participant_joined',
	roomName?: string
): Promise<Received> {
	sender.notify(name, { room: room(roomName), participant: alice });
	return endpoint.next();
}
