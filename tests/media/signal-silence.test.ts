// A client that keeps its signalling socket alive with pings (livekit-client, the native SDKs) and
// then goes silent past the JoinResponse's pingTimeout has lost its link: its session ends then,
// and the others see it leave, instead of when TCP notices. After a 30 s cut of a house's link the
// old sessions were still in the room when everyone came back, and a browser that rejoined while
// another's old session was there kept showing that session, with a microphone that never sent.
// A client that never pings (bare signalling clients) is left alone.
import { ParticipantInfo_State } from '@livekit/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { mint, SignalClient, startMediaServer } from './support';

const ROOM = 'signal-silence';

describe('a silent signalling socket', () => {
	let media: Awaited<ReturnType<typeof startMediaServer>>;
	beforeAll(async () => {
		media = await startMediaServer();
	});
	afterAll(async () => {
		await media.close();
	});

	const join = async (identity: string) =>
		SignalClient.join(media.base, await mint(identity, { roomJoin: true, room: ROOM }));

	it('ends the session of a client that pinged, once silent past the ping timeout', async () => {
		const watcher = await join('watcher');
		const bare = await join('bare');
		const { client: silent, join: joined } = await join('silent');
		silent.send({ case: 'ping', value: BigInt(Date.now()) });
		await silent.next('pong');
		const silentSince = Date.now();

		const closed = await silent.closed;
		expect(closed.code).toBe(1006);
		expect(Date.now() - silentSince).toBeGreaterThanOrEqual(joined.pingTimeout * 1000 - 50);
		const update = await watcher.client.next('update', (value) =>
			value.participants.some(
				(info) => info.identity === 'silent' && info.state === ParticipantInfo_State.DISCONNECTED
			)
		);
		expect(update.participants).toHaveLength(1);
		// Never pinged, never ended, though it said nothing for as long.
		expect(bare.client.ws.readyState).toBe(WebSocket.OPEN);
		watcher.client.close();
		bare.client.close();
	}, 40_000);
});
