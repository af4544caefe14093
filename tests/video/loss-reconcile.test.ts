// With the embedded media server, an event whose `numDropped` says events of its room were folded
// or lost makes the app reconcile that room at once through RoomService — and only that room, as
// the embedded sender counts each room's losses in that room's own next event.
import { afterAll, describe, expect, it } from 'vitest';
import { FakeRoomService } from './twirp-fake';
import { API_KEY, API_SECRET } from './support';
import { eventually, lossScenario } from './loss-scenario';

const fake = new FakeRoomService({ apiKey: API_KEY, apiSecret: API_SECRET });
await fake.start();
process.env.HAMEAU_MEDIA_API_URL = fake.url;
delete process.env.LIVEKIT_URL;
const { allHands, houseRoom, presence, post, takeCalls } = await lossScenario(fake);
const { reconcilePresence } = await import('../../src/lib/server/video/presence');
const { reconcileAfterLoss } = await import('../../src/lib/server/video/reconcile');
const { RoomServiceClient } = await import('livekit-server-sdk');

afterAll(() => fake.stop());

describe('a loss told by the embedded media server', () => {
	it('reconciles the room it names at once, and only that room', async () => {
		const joinedAt = Math.floor(Date.now() / 1000) - 60;
		await post('participant_joined', {
			room: houseRoom.livekitName,
			identity: 'user-ghost',
			joinedAt
		});
		await post('participant_joined', {
			room: allHands.livekitName,
			identity: 'user-elsewhere',
			joinedAt
		});
		// The media server: the ghost left and Hugo came, both unannounced; then Ines joined.
		fake.rooms.set(houseRoom.livekitName, [
			{ sid: 'PA_hugo', identity: 'user-hugo', joinedAt },
			{ sid: 'PA_ines', identity: 'user-ines', joinedAt }
		]);
		fake.rooms.set(allHands.livekitName, []);
		await post(
			'participant_joined',
			{ room: houseRoom.livekitName, identity: 'user-ines', sid: 'PA_ines', joinedAt },
			2
		);
		await eventually(() => presence(houseRoom.id).join() === 'user-hugo,user-ines');
		expect(presence(houseRoom.id)).toEqual(['user-hugo', 'user-ines']);
		// Events without a loss asked nothing; the other room waits for its own news.
		expect(takeCalls()).toEqual([`ListParticipants ${houseRoom.livekitName}`]);
		expect(presence(allHands.id)).toEqual(['user-elsewhere']);
	});

	it('empties a room the media server no longer knows', async () => {
		fake.rooms.delete(houseRoom.livekitName);
		await post(
			'participant_left',
			{ room: houseRoom.livekitName, identity: 'user-ines', sid: 'PA_ines' },
			1
		);
		await eventually(() => presence(houseRoom.id).length === 0);
		expect(presence(houseRoom.id)).toEqual([]);
		expect(takeCalls()).toEqual([`ListParticipants ${houseRoom.livekitName}`]);
	});

	it('does not bring back someone whose "left" came in while the media server answered', async () => {
		const startedAt = new Date();
		// What the media server answered a moment ago...
		fake.rooms.set(allHands.livekitName, [{ sid: 'PA_jo', identity: 'user-jo' }]);
		// ...and Jo's "left", applied before the pass writes.
		await post('participant_left', {
			room: allHands.livekitName,
			identity: 'user-jo',
			sid: 'PA_jo'
		});
		await reconcilePresence(new RoomServiceClient(fake.url, API_KEY, API_SECRET), startedAt);
		expect(presence(allHands.id)).not.toContain('user-jo');
	});

	it('answers a storm of losses in one room with two passes, not one each', async () => {
		fake.rooms.set(allHands.livekitName, []);
		takeCalls();
		const asks = Array.from({ length: 20 }, () => reconcileAfterLoss(allHands.livekitName));
		await Promise.all(asks);
		// The first pass, and one more for every loss told while it ran.
		expect(takeCalls()).toEqual([
			`ListParticipants ${allHands.livekitName}`,
			`ListParticipants ${allHands.livekitName}`
		]);
		expect(presence(allHands.id)).toEqual([]);
	});
});
