// What the media server's rooms offer to the RoomService Twirp API and what they tell the
// webhook sender. The signalling side (rooms, participants, SFU) implements `MediaBackend`; the
// Twirp handlers (server/media/twirp/) call it and never touch rooms directly, so the two sides
// can change independently.
//
// Wiring inside the media process (server/media/main.ts → media-server.ts):
// - `/twirp/*` HTTP requests go to `createRoomServiceHandler({ backend, keys })` from
//   server/media/twirp/index.ts, a `(req, res) => void` handler.
// - Room and participant events go to `createWebhookSender({ url, keys })` from
//   server/media/webhooks/index.ts through the `WebhookSink` below.
import type {
	DataPacket_Kind,
	ParticipantInfo,
	Room,
	TrackInfo,
	WebhookEvent
} from '@livekit/protocol';

/** A refusal the Twirp layer turns into its JSON error (`not_found`, `invalid_argument`...). */
export class MediaBackendError extends Error {
	constructor(
		readonly code: 'not_found' | 'invalid_argument' | 'resource_exhausted' | 'permission_denied',
		message: string
	) {
		super(message);
		this.name = 'MediaBackendError';
	}
}

/** Options of CreateRoom (a subset of LiveKit's CreateRoomRequest). */
export interface CreateRoomOptions {
	name: string;
	/** Seconds an empty room stays open; 0 = the server default. */
	emptyTimeout?: number;
	/** Seconds a room stays open after the last participant left; 0 = the server default. */
	departureTimeout?: number;
	/** 0 = the server limit. */
	maxParticipants?: number;
	metadata?: string;
}

/** Fields of UpdateParticipant; absent fields are left as they are. */
export interface ParticipantChanges {
	metadata?: string;
	name?: string;
	attributes?: Record<string, string>;
	/** New permission (canPublish, canSubscribe, canPublishData, canPublishSources, hidden...). */
	permission?: import('@livekit/protocol').ParticipantPermission;
}

/** Data sent by the server (SendData). */
export interface ServerData {
	payload: Uint8Array;
	kind: DataPacket_Kind;
	/** Empty = every participant. */
	destinationIdentities: string[];
	topic?: string;
}

/** The rooms of the media server, as the RoomService sees them. Every method is synchronous. */
export interface MediaBackend {
	createRoom(options: CreateRoomOptions): Room;
	/** All rooms, or only those named (unknown names are skipped). */
	listRooms(names?: string[]): Room[];
	/** Closes the room and disconnects everyone in it; throws not_found when unknown. */
	deleteRoom(name: string): void;
	listParticipants(room: string): ParticipantInfo[];
	/** Throws not_found when the room or participant is unknown. */
	getParticipant(room: string, identity: string): ParticipantInfo;
	removeParticipant(room: string, identity: string): void;
	/** Returns the track after the change; throws not_found when unknown. */
	mutePublishedTrack(room: string, identity: string, trackSid: string, muted: boolean): TrackInfo;
	updateParticipant(room: string, identity: string, changes: ParticipantChanges): ParticipantInfo;
	updateSubscriptions(
		room: string,
		identity: string,
		trackSids: string[],
		subscribe: boolean
	): void;
	sendData(room: string, data: ServerData): void;
	updateRoomMetadata(room: string, metadata: string): Room;
}

/** Where room and participant events go (the webhook sender). */
export interface WebhookSink {
	/** Queues the event for delivery; never throws. */
	send(event: WebhookEvent): void;
}
