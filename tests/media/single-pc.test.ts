// The single peer connection (/rtc/v1) with LiveKit's native SDK (@livekit/rtc-node 1.1.0): the
// client offers three receive-only video sections; a newcomer to a room with four videos gets
// three in the answer to the offer of its join request, and the server asks it, with
// MediaSectionsRequirement, for the one more section it needs. A track unpublished frees its
// section (inactive in the next answer) and the next track takes it. Every picture moves.
import { dispose, RoomEvent, TrackKind, type RemoteTrack } from '@livekit/rtc-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalTrackPublication, RemoteParticipant } from '@livekit/rtc-node';
import {
	BarPublisher,
	NativeParticipant,
	publish,
	seeMovingBar,
	signalPaths
} from './native-sdk-support';
import { mint, startMediaServer } from './support';

const ROOM = 'single-pc';
// A loaded 2-core box may take its time; every wait is for an event, bounded by this.
const STEP_MS = 60_000;

describe('/rtc/v1 with rtc-node: one peer connection both ways', () => {
	let media: Awaited<ReturnType<typeof startMediaServer>>;
	const alice = new NativeParticipant('alice');
	const bob = new NativeParticipant('bob');
	const bars: BarPublisher[] = [];
	const published: LocalTrackPublication[] = [];

	const connect = async (participant: NativeParticipant) =>
		participant.connect(
			`ws://${media.base}`,
			await mint(participant.identity, { roomJoin: true, room: ROOM })
		);

	const aliceVideo = (track: RemoteTrack, _publication: unknown, from: RemoteParticipant) =>
		track.kind === TrackKind.KIND_VIDEO && from.identity === 'alice';
	/** Videos from alice that bob received so far. */
	const videosOfAlice = () =>
		bob.seen(RoomEvent.TrackSubscribed, aliceVideo).map(([track]) => track as RemoteTrack);

	beforeAll(async () => {
		media = await startMediaServer({ maxTracksPerParticipant: 8 }, { singlePeerConnection: true });
	});

	afterAll(async () => {
		for (const participant of [alice, bob]) await participant.leave().catch(() => undefined);
		for (const bar of bars) await bar.stop();
		await media.close();
		await dispose();
	}, STEP_MS);

	it(
		'gives a newcomer four videos over three offered sections, asking for the fourth',
		async () => {
			await connect(alice);
			for (let i = 0; i < 4; i += 1) {
				const bar = new BarPublisher();
				bars.push(bar);
				published.push(await publish(alice, bar));
			}
			await connect(bob);
			for (let i = 1; i <= 4; i += 1) {
				await bob.until(RoomEvent.TrackSubscribed, () => videosOfAlice().length >= i, STEP_MS);
			}
			for (const track of videosOfAlice()) {
				expect(new Set(await seeMovingBar(track, 2, STEP_MS)).size).toBe(2);
			}
			// The Rust core says what it was asked for: exactly the one missing video section.
			expect(signalPaths.sectionsAsked).toContainEqual({ audio: 0, video: 1 });
			expect(signalPaths.paths).toEqual(['v1', 'v1']);
			expect(signalPaths.fallbacks).toBe(0);
		},
		STEP_MS * 3
	);

	it(
		'frees the section of an unpublished track for the next one',
		async () => {
			const since = bob.mark();
			const gone = published[0].sid;
			await alice.room.localParticipant!.unpublishTrack(gone!);
			await bob.until(
				RoomEvent.TrackUnpublished,
				(publication: { sid: string }) => publication.sid === gone,
				STEP_MS,
				since
			);
			const asked = signalPaths.sectionsAsked.length;
			const bar = new BarPublisher();
			bars.push(bar);
			await publish(alice, bar);
			const [track] = await bob.until(RoomEvent.TrackSubscribed, aliceVideo, STEP_MS, since);
			expect(new Set(await seeMovingBar(track as RemoteTrack, 2, STEP_MS)).size).toBe(2);
			// No section was added for it: the freed one was reused.
			expect(
				signalPaths.sectionsAsked.slice(asked).every((ask) => ask.audio + ask.video === 0)
			).toBe(true);
		},
		STEP_MS * 3
	);
});
