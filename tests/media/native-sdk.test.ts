// LiveKit's native SDK (@livekit/rtc-node 1.1.0, the Rust core the Python and Rust SDKs and
// LiveKit Agents share) against the real app with its embedded media server (the compiled entry,
// `npm start`'s path: /rtc and /twirp go through the app's port to the media process). Three
// participants: alice publishes a 440 Hz tone and a moving bar, bob must hear the tone and see
// the bar move, data packets go exactly where they are sent, the RoomService lists, mutes and
// removes, a republished track plays again, and a leave is seen.
import {
	dispose,
	TrackKind,
	type RemoteParticipant,
	type RemoteTrack,
	type RemoteTrackPublication,
	type LocalTrackPublication
} from '@livekit/rtc-node';
import { RoomEvent } from '@livekit/rtc-node';
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedMediaKeys, startWithEmbeddedMedia, type RunningServer } from '../helpers/server';
import {
	BarPublisher,
	hearTone,
	NativeParticipant,
	publish,
	seeMovingBar,
	signalPaths,
	TonePublisher
} from './native-sdk-support';

const ROOM = 'native-sdk';
// A loaded 2-core box may take its time; every wait below is for an event, bounded by these.
const STEP_MS = 90_000;

describe('LiveKit native SDK (rtc-node) through the embedded media server', () => {
	let server: RunningServer;
	let url: string;
	let keys: { apiKey: string; apiSecret: string };
	const alice = new NativeParticipant('alice');
	const bob = new NativeParticipant('bob');
	const carol = new NativeParticipant('carol');
	const media: Array<TonePublisher | BarPublisher> = [];
	let tone: TonePublisher;
	let audio: LocalTrackPublication;
	let video: LocalTrackPublication;

	async function token(identity: string): Promise<string> {
		const grant = new AccessToken(keys.apiKey, keys.apiSecret, { identity, name: identity });
		grant.addGrant({ roomJoin: true, room: ROOM, canPublish: true, canSubscribe: true });
		return grant.toJwt();
	}

	/** The track of that kind bob receives from alice (the first subscribed from `since` on). */
	async function receivedByBob(kind: TrackKind, since = 0): Promise<RemoteTrack> {
		const [track] = await bob.until(
			RoomEvent.TrackSubscribed,
			(track: RemoteTrack, _publication: RemoteTrackPublication, from: RemoteParticipant) =>
				track.kind === kind && from.identity === 'alice',
			STEP_MS,
			since
		);
		return track as RemoteTrack;
	}

	beforeAll(async () => {
		server = await startWithEmbeddedMedia('off');
		keys = generatedMediaKeys(server);
		url = server.url.replace(/^http/, 'ws');
	}, STEP_MS);

	afterAll(async () => {
		// A dead app fails every later step the same way; what it said is the useful part.
		if (server && server.child.exitCode !== null) console.error(server.output());
		for (const participant of [alice, bob, carol]) await participant.leave().catch(() => undefined);
		for (const publisher of media) await publisher.stop();
		await server?.stop();
		// Releases the native client, or Vitest's worker would not exit.
		await dispose();
	}, STEP_MS);

	it(
		'lets three participants join and see each other',
		async () => {
			await alice.connect(url, await token('alice'));
			await bob.connect(url, await token('bob'));
			await carol.connect(url, await token('carol'));
			for (const [who, others] of [
				[alice, ['bob', 'carol']],
				[bob, ['carol']]
			] as const) {
				for (const other of others) {
					await who.until(
						RoomEvent.ParticipantConnected,
						(participant: RemoteParticipant) => participant.identity === other,
						STEP_MS
					);
				}
			}
			expect([...carol.room.remoteParticipants.keys()].sort()).toEqual(['alice', 'bob']);
			// The media process serves /rtc/v1: all three joined there, none fell back to /rtc.
			expect(signalPaths).toMatchObject({ paths: ['v1', 'v1', 'v1'], fallbacks: 0 });
		},
		STEP_MS * 2
	);

	it(
		'carries a tone and a moving picture from one participant to another',
		async () => {
			tone = new TonePublisher(440);
			const bar = new BarPublisher();
			media.push(tone, bar);
			audio = await publish(alice, tone);
			video = await publish(alice, bar);

			const heard = await hearTone(await receivedByBob(TrackKind.KIND_AUDIO), 440, STEP_MS);
			expect(heard.ratio).toBeGreaterThanOrEqual(100);
			const places = await seeMovingBar(await receivedByBob(TrackKind.KIND_VIDEO), 3, STEP_MS);
			expect(new Set(places).size).toBeGreaterThanOrEqual(3);
		},
		STEP_MS * 3
	);

	it(
		'delivers a data packet to exactly its destination, with the sender identity',
		async () => {
			const local = alice.room.localParticipant!;
			const text = (value: string) => new TextEncoder().encode(value);
			await local.publishData(text('for bob'), { reliable: true, destination_identities: ['bob'] });
			await local.publishData(text('for carol'), {
				reliable: true,
				destination_identities: ['carol']
			});
			await local.publishData(text('for all'), { reliable: true });

			const received = async (who: NativeParticipant) => {
				// Reliable packets from one sender arrive in order: once the broadcast is in,
				// anything misrouted before it would be too.
				await who.until(
					RoomEvent.DataReceived,
					(payload: Uint8Array) => new TextDecoder().decode(payload) === 'for all',
					STEP_MS
				);
				return who
					.seen(RoomEvent.DataReceived)
					.map(([payload, from]) => [
						new TextDecoder().decode(payload as Uint8Array),
						(from as RemoteParticipant | undefined)?.identity
					]);
			};
			expect(await received(bob)).toEqual([
				['for bob', 'alice'],
				['for all', 'alice']
			]);
			expect(await received(carol)).toEqual([
				['for carol', 'alice'],
				['for all', 'alice']
			]);
		},
		STEP_MS
	);

	it(
		'is listed, muted and removed through the RoomService',
		async () => {
			const rooms = new RoomServiceClient(server.url, keys.apiKey, keys.apiSecret);
			const listed = await rooms.listParticipants(ROOM);
			expect(listed.map((participant) => participant.identity).sort()).toEqual([
				'alice',
				'bob',
				'carol'
			]);
			const published = listed.find((participant) => participant.identity === 'alice')?.tracks;
			expect(published?.map((track) => track.sid).sort()).toEqual([audio.sid, video.sid].sort());

			await rooms.mutePublishedTrack(ROOM, 'alice', video.sid!, true);
			await bob.until(
				RoomEvent.TrackMuted,
				(publication: RemoteTrackPublication) => publication.sid === video.sid,
				STEP_MS
			);
			await rooms.mutePublishedTrack(ROOM, 'alice', video.sid!, false);
		},
		STEP_MS
	);

	it(
		'plays a track unpublished then published again',
		async () => {
			const since = bob.mark();
			await alice.room.localParticipant!.unpublishTrack(audio.sid!);
			await bob.until(
				RoomEvent.TrackUnpublished,
				(publication: RemoteTrackPublication) => publication.sid === audio.sid,
				STEP_MS
			);
			await tone.stop();
			// Another pitch, so what is heard is the new track and not the old one.
			const again = new TonePublisher(660);
			media.push(again);
			await publish(alice, again);
			const track = await receivedByBob(TrackKind.KIND_AUDIO, since);
			const heard = await hearTone(track, 660, STEP_MS);
			expect(heard.ratio).toBeGreaterThanOrEqual(100);
		},
		STEP_MS * 2
	);

	it(
		'tells the others when someone leaves, or is removed',
		async () => {
			await carol.leave();
			for (const who of [alice, bob]) {
				await who.until(
					RoomEvent.ParticipantDisconnected,
					(participant: RemoteParticipant) => participant.identity === 'carol',
					STEP_MS
				);
			}
			const rooms = new RoomServiceClient(server.url, keys.apiKey, keys.apiSecret);
			await rooms.removeParticipant(ROOM, 'bob');
			await bob.until(RoomEvent.Disconnected, () => true, STEP_MS);
			await alice.until(
				RoomEvent.ParticipantDisconnected,
				(participant: RemoteParticipant) => participant.identity === 'bob',
				STEP_MS
			);
			const left = await rooms.listParticipants(ROOM);
			expect(left.map((participant) => participant.identity)).toEqual(['alice']);
		},
		STEP_MS
	);
});
