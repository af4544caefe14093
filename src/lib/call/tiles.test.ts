import { ConnectionQuality, Track } from 'livekit-client';
import { describe, expect, it } from 'vitest';
import { tilesOfRoom, type TileParticipant } from './tiles';

// Stand-ins for livekit-client's tracks: tiles only hand them on, compared by identity.
const track = (name: string) => ({ name }) as unknown as Track;

type Published = Partial<Record<Track.Source, { isMuted: boolean; track?: Track }>>;

function participant(
	identity: string,
	published: Published = {},
	more: Partial<TileParticipant> = {}
): TileParticipant {
	return {
		identity,
		name: identity.toUpperCase(),
		metadata: JSON.stringify({ houseId: 'h1', houseName: 'Les Tilleuls', roomDevice: false }),
		connectionQuality: ConnectionQuality.Good,
		isSpeaking: false,
		getTrackPublication: (source) => published[source],
		...more
	};
}

const ana = track('ana camera');
const anaMic = track('ana mic');
const boCamera = track('bo camera');
const boMic = track('bo mic');
const boScreen = track('bo screen');
const boScreenAudio = track('bo screen audio');

function room(speaking = false) {
	const local = participant('ana', {
		[Track.Source.Camera]: { isMuted: false, track: ana },
		[Track.Source.Microphone]: { isMuted: false, track: anaMic }
	});
	const bo = participant(
		'bo',
		{
			[Track.Source.Camera]: { isMuted: false, track: boCamera },
			[Track.Source.Microphone]: { isMuted: true, track: boMic },
			[Track.Source.ScreenShare]: { isMuted: false, track: boScreen },
			[Track.Source.ScreenShareAudio]: { isMuted: false, track: boScreenAudio }
		},
		{ isSpeaking: speaking, connectionQuality: ConnectionQuality.Poor }
	);
	const guest = participant('guest', {}, { name: '', metadata: undefined });
	return { local, remotes: [bo, guest] };
}

describe('the tiles of a room', () => {
	it('shows me first, then each person, and a shared screen beside its sharer', () => {
		const { local, remotes } = room();
		const { tiles } = tilesOfRoom(local, remotes, ['bo']);
		expect(tiles.map((tile) => [tile.key, tile.source, tile.isLocal])).toEqual([
			['ana:camera', 'camera', true],
			['bo:camera', 'camera', false],
			['bo:screen', 'screen', false],
			['guest:camera', 'camera', false]
		]);
		const [me, bo, screen, guest] = tiles;
		expect(me).toMatchObject({ name: 'ANA', videoTrack: ana, micMuted: false, quality: 'good' });
		expect(me.handRaised).toBe(false);
		expect(bo).toMatchObject({
			name: 'BO',
			houseName: 'Les Tilleuls',
			videoTrack: boCamera,
			micMuted: true,
			quality: 'poor',
			handRaised: true
		});
		expect(screen.videoTrack).toBe(boScreen);
		// Nothing published, no metadata, no name: their initial, muted, without a house.
		expect(guest).toMatchObject({
			name: 'guest',
			houseName: null,
			roomDevice: false,
			videoTrack: undefined,
			micMuted: true
		});
	});

	it('shows no video for a camera that is muted', () => {
		const local = participant('ana', { [Track.Source.Camera]: { isMuted: true, track: ana } });
		expect(tilesOfRoom(local, [], []).tiles[0].videoTrack).toBeUndefined();
	});

	it('on audio only shows the others by their initial and name, keeps their sound and my camera', () => {
		const { local, remotes } = room();
		const { tiles, audio } = tilesOfRoom(local, remotes, [], undefined, { remoteVideo: false });
		// No screen tile, no remote video still attached (it would show black until removed).
		expect(tiles.map((tile) => [tile.key, tile.name, tile.videoTrack])).toEqual([
			['ana:camera', 'ANA', ana],
			['bo:camera', 'BO', undefined],
			['guest:camera', 'guest', undefined]
		]);
		expect(audio.map((a) => a.track)).toEqual([boMic, boScreenAudio]);
	});

	it('plays the others’ microphones and screen sound, never mine', () => {
		const { local, remotes } = room();
		const { audio } = tilesOfRoom(local, remotes, []);
		expect(audio).toEqual([
			{ key: 'bo:microphone', track: boMic },
			{ key: 'bo:screen_share_audio', track: boScreenAudio }
		]);
	});

	it('keeps the same objects while nothing changed, and replaces only the tile that did', () => {
		const quiet = room(false);
		const first = tilesOfRoom(quiet.local, quiet.remotes, []);
		const again = tilesOfRoom(quiet.local, quiet.remotes, [], first);
		expect(again.tiles).toBe(first.tiles);
		expect(again.audio).toBe(first.audio);

		const speaking = room(true);
		const next = tilesOfRoom(speaking.local, speaking.remotes, [], again);
		expect(next.tiles).not.toBe(first.tiles);
		expect(next.tiles[1]).not.toBe(first.tiles[1]);
		expect(next.tiles[1].speaking).toBe(true);
		// Bo speaking changes their own camera and screen tiles, not mine nor the guest's.
		expect(next.tiles[0]).toBe(first.tiles[0]);
		expect(next.tiles[3]).toBe(first.tiles[3]);
		expect(next.audio).toBe(first.audio);
	});

	it('drops a tile whose person left', () => {
		const { local, remotes } = room();
		const first = tilesOfRoom(local, remotes, []);
		const next = tilesOfRoom(local, remotes.slice(0, 1), [], first);
		expect(next.tiles.map((tile) => tile.key)).toEqual(['ana:camera', 'bo:camera', 'bo:screen']);
		expect(next.tiles[0]).toBe(first.tiles[0]);
	});
});
