// Signalling as LiveKit's native SDKs (Node, Python, Rust — one Rust core) expect it, driven by a
// bare socket and werift peer connections that behave as that core does (native-signal-peer.ts):
// TrackSubscribed once per track, data packets to exactly their destinations with the sender
// stamped by the server, and a participant's own attributes and metadata.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NativePeer } from './native-signal-peer';
import { mint, startMediaServer } from './support';

let media: Awaited<ReturnType<typeof startMediaServer>>;
let roomCount = 0;
const peers: NativePeer[] = [];

beforeAll(async () => {
	media = await startMediaServer();
});
afterEach(async () => {
	await Promise.all(peers.splice(0).map((peer) => peer.close()));
});
afterAll(async () => {
	await media.close();
});

async function join(
	identity: string,
	room: string,
	grant: Record<string, unknown> = {}
): Promise<NativePeer> {
	const peer = await NativePeer.join(
		media.base,
		await mint(identity, { roomJoin: true, room, ...grant })
	);
	peers.push(peer);
	return peer;
}

describe('TrackSubscribed', () => {
	it('reaches the publisher once per track, when the first visible subscriber receives it', async () => {
		const room = `subscribed-${++roomCount}`;
		const alice = await join('alice', room);
		// Someone hidden receiving the track does not count (LiveKit: non-hidden subscribers only).
		const hidden = await join('recorder', room, { hidden: true });
		const trackSid = await alice.publishMicrophone();
		await hidden.firstMediaReceived();
		await alice.roundTrip();
		expect(alice.count('trackSubscribed')).toBe(0);

		const bob = await join('bob', room);
		expect((await alice.next('trackSubscribed')).trackSid).toBe(trackSid);

		// A second subscriber receiving media: the publisher hears nothing more about that track.
		const carol = await join('carol', room);
		await carol.firstMediaReceived();
		await bob.firstMediaReceived();
		await alice.roundTrip();
		expect(alice.count('trackSubscribed')).toBe(0);
	});
});
