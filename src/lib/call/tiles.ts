// The tiles of a call: one per person (their camera, or their initial) and one per shared screen,
// plus the remote audio to play. Built from livekit-client's participants, and kept as the same
// objects while nothing in them changed, so that a speaker or a connection quality changing on
// one tile does not hand every other tile (and its video element) a new object.
import { ConnectionQuality, Track } from 'livekit-client';
import { parseMetadata } from './room-device';

export type QualityName = 'excellent' | 'good' | 'poor' | 'lost' | 'unknown';

/** One tile: a person's camera (or their initial), or a shared screen. */
export type TileView = {
	key: string;
	identity: string;
	name: string;
	houseName: string | null;
	roomDevice: boolean;
	isLocal: boolean;
	source: 'camera' | 'screen';
	videoTrack: Track | undefined;
	micMuted: boolean;
	quality: QualityName;
	speaking: boolean;
	handRaised: boolean;
};

/** A remote participant's microphone or shared screen's sound, to play. */
export type AudioView = { key: string; track: Track };

/** What a tile reads of a livekit-client participant (a Participant has all of it). */
export type TileParticipant = {
	identity: string;
	name?: string;
	metadata?: string;
	connectionQuality: ConnectionQuality;
	isSpeaking: boolean;
	getTrackPublication(source: Track.Source): { isMuted: boolean; track?: Track } | undefined;
};

export function qualityName(quality: ConnectionQuality): QualityName {
	switch (quality) {
		case ConnectionQuality.Excellent:
			return 'excellent';
		case ConnectionQuality.Good:
			return 'good';
		case ConnectionQuality.Poor:
			return 'poor';
		case ConnectionQuality.Lost:
			return 'lost';
		default:
			return 'unknown';
	}
}

/**
 * The tiles and audio of a room: the local participant first, then the others in the order
 * given; `hands` are the identities with a raised hand. Tiles and audio equal to one in
 * `previous` are that same object, and an unchanged list is the previous list itself. Without
 * `remoteVideo` (audio only) the others' tiles show their initial and no screen is shown.
 * Each tile's connection quality is the server's (ConnectionQualityChanged), measured from loss,
 * jitter and round trip; the person's own is `localQuality`, their browser's, when known.
 */
export function tilesOfRoom(
	local: TileParticipant,
	remotes: Iterable<TileParticipant>,
	hands: readonly string[],
	previous: { tiles: TileView[]; audio: AudioView[] } = { tiles: [], audio: [] },
	{
		remoteVideo = true,
		localQuality = null
	}: {
		remoteVideo?: boolean;
		/** The person's own link as their browser measures it, shown on their tile when known. */
		localQuality?: QualityName | null;
	} = {}
): { tiles: TileView[]; audio: AudioView[] } {
	const tiles: TileView[] = [];
	const audio: AudioView[] = [];
	for (const participant of [local, ...remotes]) {
		const isLocal = participant === local;
		const showVideo = isLocal || remoteVideo;
		const { houseName, roomDevice } = parseMetadata(participant.metadata);
		const camera = participant.getTrackPublication(Track.Source.Camera);
		const microphone = participant.getTrackPublication(Track.Source.Microphone);
		const screen = participant.getTrackPublication(Track.Source.ScreenShare);
		const base = {
			identity: participant.identity,
			name: participant.name || participant.identity,
			houseName,
			roomDevice,
			isLocal,
			micMuted: !microphone || microphone.isMuted,
			quality: isLocal && localQuality ? localQuality : qualityName(participant.connectionQuality),
			speaking: participant.isSpeaking,
			handRaised: hands.includes(participant.identity)
		};
		tiles.push({
			...base,
			key: `${participant.identity}:camera`,
			source: 'camera',
			videoTrack: showVideo && camera && !camera.isMuted ? camera.track : undefined
		});
		if (showVideo && screen?.track) {
			tiles.push({
				...base,
				key: `${participant.identity}:screen`,
				source: 'screen',
				videoTrack: screen.track
			});
		}
		if (!isLocal) {
			for (const source of [Track.Source.Microphone, Track.Source.ScreenShareAudio]) {
				const track = participant.getTrackPublication(source)?.track;
				if (track) audio.push({ key: `${participant.identity}:${source}`, track });
			}
		}
	}
	return {
		tiles: keepUnchanged(previous.tiles, tiles),
		audio: keepUnchanged(previous.audio, audio)
	};
}

/** `next`, with every item equal (field by field) to the previous one of its key reused. */
function keepUnchanged<T extends { key: string }>(previous: T[], next: T[]): T[] {
	const before = new Map(previous.map((item) => [item.key, item]));
	const kept = next.map((item) => {
		const old = before.get(item.key);
		return old && sameFields(old, item) ? old : item;
	});
	const unchanged =
		kept.length === previous.length && kept.every((item, index) => item === previous[index]);
	return unchanged ? previous : kept;
}

function sameFields<T extends object>(a: T, b: T): boolean {
	const keys = Object.keys(a) as Array<keyof T>;
	return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
