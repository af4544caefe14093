// With a LiveKit server (LIVEKIT_URL), `numDropped` counts every room's lost events in whichever
// event goes next (protocol webhook/url_notifier.go), so the app reconciles every room at once.
import { afterAll, describe, expect, it } from 'vitest';
import { FakeRoomService } from './twirp-fake';
import { API_KEY, API_SECRET } from './support';
import { eventually, lossScenario } from './loss-scenario';

const fake = new FakeRoomService({ apiKey: API_KEY, apiSecret: API_SECRET });
await fake.start();
process.env.LIVEKIT_URL = fake.url;
delete process.env.HAMEAU_MEDIA_API_URL;
const { allHands, houseRoom, presence, post, takeCalls } = await lossScenario(fake);

afterAll(() => fake.stop());

describe('a loss told by a LiveKit server', () => {
	it('reconciles every room at once, whichever room the event names', async () => {
		const joinedAt = Math.floor(Date.now() / 1000) - 60;
		for (const [room, identity] of [
			[houseRoom, 'user-ghost-house'],
			[allHands, 'user-ghost-all']
		] as const) {
			await post('participant_joined', { room: room.livekitName, identity, joinedAt });
		}
		fake.rooms.set(houseRoom.livekitName, [{ sid: 'PA_kim', identity: 'user-kim', joinedAt }]);
		await post(
			'participant_joined',
			{ room: houseRoom.livekitName, identity: 'user-kim', sid: 'PA_kim', joinedAt },
			5
		);
		await eventually(() => presence(allHands.id).length === 0);
		expect(presence(allHands.id)).toEqual([]);
		expect(presence(houseRoom.id)).toEqual(['user-kim']);
		expect(takeCalls()).toEqual(['ListRooms', `ListParticipants ${houseRoom.livekitName}`]);
	});
});
