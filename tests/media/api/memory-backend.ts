// A small in-memory MediaBackend for the RoomService tests: rooms, participants and tracks as plain
// protocol messages, with the calls that leave no state behind (data, subscriptions) recorded; and
// what the Twirp tests share around it.
import { ParticipantInfo, Room, TrackInfo } from '@livekit/protocol';
import { TwirpError } from 'livekit-server-sdk';
import {
	MediaBackendError,
	type CreateRoomOptions,
	type MediaBackend,
	type ParticipantChanges,
	type ServerData
} from '../../../server/media/backend';

export class MemoryBackend implements MediaBackend {
	readonly rooms = new Map<string, Room>();
	readonly participants = new Map<string, Map<string, ParticipantInfo>>();
	readonly sent: Array<{ room: string; data: ServerData }> = [];
	readonly subscriptions: Array<{
		room: string;
		identity: string;
		trackSids: string[];
		subscribe: boolean;
	}> = [];
	private counter = 0;

	/** Adds a participant (as a join would) with the given tracks. */
	join(roomName: string, identity: string, tracks: Partial<TrackInfo>[] = []): ParticipantInfo {
		const room = this.rooms.get(roomName) ?? this.createRoom({ name: roomName });
		const participant = new ParticipantInfo({
			sid: `PA_${++this.counter}`,
			identity,
			name: identity,
			tracks: tracks.map((track) => new TrackInfo({ sid: `TR_${++this.counter}`, ...track }))
		});
		this.participants.get(room.name)!.set(identity, participant);
		room.numParticipants += 1;
		return participant;
	}

	createRoom(options: CreateRoomOptions): Room {
		const existing = this.rooms.get(options.name);
		if (existing) return existing;
		const room = new Room({
			sid: `RM_${++this.counter}`,
			name: options.name,
			emptyTimeout: options.emptyTimeout || 300,
			departureTimeout: options.departureTimeout || 20,
			maxParticipants: options.maxParticipants ?? 0,
			metadata: options.metadata ?? '',
			creationTime: BigInt(Math.floor(Date.now() / 1000))
		});
		this.rooms.set(room.name, room);
		this.participants.set(room.name, new Map());
		return room;
	}

	listRooms(names?: string[]): Room[] {
		const rooms = [...this.rooms.values()];
		return names ? rooms.filter((room) => names.includes(room.name)) : rooms;
	}

	deleteRoom(name: string): void {
		this.requireRoom(name);
		this.rooms.delete(name);
		this.participants.delete(name);
	}

	listParticipants(room: string): ParticipantInfo[] {
		return [...(this.participants.get(room)?.values() ?? [])];
	}

	getParticipant(room: string, identity: string): ParticipantInfo {
		return this.requireParticipant(room, identity);
	}

	removeParticipant(room: string, identity: string): void {
		this.requireParticipant(room, identity);
		this.participants.get(room)!.delete(identity);
		this.rooms.get(room)!.numParticipants -= 1;
	}

	mutePublishedTrack(room: string, identity: string, trackSid: string, muted: boolean): TrackInfo {
		const track = this.requireParticipant(room, identity).tracks.find((t) => t.sid === trackSid);
		if (!track) throw new MediaBackendError('not_found', 'track is not found');
		track.muted = muted;
		return track;
	}

	updateParticipant(room: string, identity: string, changes: ParticipantChanges): ParticipantInfo {
		const participant = this.requireParticipant(room, identity);
		if (changes.name !== undefined) participant.name = changes.name;
		if (changes.metadata !== undefined) participant.metadata = changes.metadata;
		for (const [key, value] of Object.entries(changes.attributes ?? {})) {
			if (value === '') delete participant.attributes[key];
			else participant.attributes[key] = value;
		}
		if (changes.permission) participant.permission = changes.permission;
		participant.version += 1;
		return participant;
	}

	updateSubscriptions(
		room: string,
		identity: string,
		trackSids: string[],
		subscribe: boolean
	): void {
		this.requireParticipant(room, identity);
		this.subscriptions.push({ room, identity, trackSids, subscribe });
	}

	sendData(room: string, data: ServerData): void {
		this.requireRoom(room);
		this.sent.push({ room, data });
	}

	updateRoomMetadata(room: string, metadata: string): Room {
		const info = this.requireRoom(room);
		info.metadata = metadata;
		return info;
	}

	private requireRoom(name: string): Room {
		const room = this.rooms.get(name);
		if (!room) throw new MediaBackendError('not_found', 'requested room does not exist');
		return room;
	}

	private requireParticipant(room: string, identity: string): ParticipantInfo {
		const participant = this.participants.get(room)?.get(identity);
		if (!participant) throw new MediaBackendError('not_found', 'participant does not exist');
		return participant;
	}
}

/**
 * A backend that is always `current()`, so each test can put a fresh one behind a handler made
 * once for the file.
 */
export function swappableBackend(current: () => MediaBackend): MediaBackend {
	return new Proxy({} as MediaBackend, {
		get: (_target, property: keyof MediaBackend) => {
			const backend = current();
			const value = backend[property];
			return typeof value === 'function' ? value.bind(backend) : value;
		}
	});
}

/** How a livekit-server-sdk call failed (status, Twirp code, message); throws if it succeeded. */
export async function twirpFailure(
	call: Promise<unknown>
): Promise<{ status: number; code: string; message: string }> {
	try {
		await call;
	} catch (error) {
		if (!(error instanceof TwirpError)) throw error;
		return { status: error.status, code: error.code ?? '', message: error.message };
	}
	throw new Error('the call succeeded');
}
