// A client whose link is down says nothing: neither its own signal pings (livekit-client, the
// native SDKs) nor the pongs every WebSocket endpoint sends by itself to the server's ping frames.
// Past the JoinResponse's pingTimeout its session ends, and the others see it leave, instead of
// when TCP notices. After a 30 s cut of a house's link the old sessions were still in the room
// when everyone came back, and a browser that rejoined while another's old session was there kept
// showing that session, with a microphone that never sent. A client cut off in its first seconds,
// before its first ping, is judged the same. A client that only answers the socket's pings (a bare
// signalling client, idle) is alive.
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

	// A client whose link is cut answers nothing, not even the socket's pings.
	const cutOff = { autoPong: false };
	const join = async (identity: string, options: WebSocket.ClientOptions = {}) =>
		SignalClient.join(media.base, await mint(identity, { roomJoin: true, room: ROOM }), options);

	it('ends the session of a client silent past the ping timeout, pinged or not', async () => {
		const watcher = await join('watcher');
		const bare = await join('bare');
		const { client: silent, join: joined } = await join('silent', cutOff);
		// Cut off in its first seconds: it never pinged.
		const { client: early } = await join('early', cutOff);
		silent.send({ case: 'ping', value: BigInt(Date.now()) });
		await silent.next('pong');
		const silentSince = Date.now();

		const [closed, closedEarly] = await Promise.all([silent.closed, early.closed]);
		expect(closed.code).toBe(1006);
		expect(closedEarly.code).toBe(1006);
		expect(Date.now() - silentSince).toBeGreaterThanOrEqual(joined.pingTimeout * 1000 - 50);
		for (const identity of ['silent', 'early']) {
			await watcher.client.next('update', (value) =>
				value.participants.some(
					(info) => info.identity === identity && info.state === ParticipantInfo_State.DISCONNECTED
				)
			);
		}
		// It never pinged either, and said nothing for as long, but its socket answered: alive.
		expect(bare.client.ws.readyState).toBe(WebSocket.OPEN);
		watcher.client.close();
		bare.client.close();
	}, 40_000);
});
