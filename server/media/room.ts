// Rooms of the media server: who is let in, who receives which track, and the periodic signals
// (active speakers, connection quality, simulcast layer choice). A room hears from its
// participants through `ParticipantListener` and decides what it means for the others.
// `RoomManager` holds the rooms, is the `MediaBackend` the RoomService API calls, and is the one
// place webhooks are sent from.
import {
	DataPacket,
	DataPacket_Kind,
	DisconnectReason,
	ParticipantInfo_State,
	ParticipantUpdate,
	Room,
	RoomUpdate,
	SpeakerInfo,
	SpeakersChanged,
	TrackSubscribed,
	UserPacket,
	type ParticipantInfo,
	type TrackInfo
} from '@livekit/protocol';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import {
	MediaBackendError,
	type CreateRoomOptions,
	type MediaBackend,
	type ParticipantChanges,
	type ServerData,
	type WebhookSink
} from './backend';
import { sid } from './ids';
import {
	Participant,
	type ParticipantInit,
	type ParticipantListener,
	type PublishedTrack
} from './participant';
import type { PeerNetwork } from './sfu/peer';
import { joinResponse } from './signal';
import { webhookEvent, type WebhookEventName } from './webhooks';

/** Limits and timings of rooms. */
export interface RoomLimits {
	/** Participants a room admits (hidden ones included). */
	maxParticipantsPerRoom: number;
	/** Tracks one participant may publish at once. */
	maxTracksPerParticipant: number;
	/** Seconds an empty room (never joined, or left by everyone) stays open. */
	emptyTimeoutSeconds: number;
}

/** How often active speakers are computed. */
const SPEAKER_INTERVAL_MS = 300;
/** How often connection quality is sent. */
const QUALITY_INTERVAL_MS = 5_000;
/** How often simulcast layers are re-picked. */
const LAYER_INTERVAL_MS = 1_000;
/** Below this smoothed level (0–1) a participant is not an active speaker. */
const SPEAKER_THRESHOLD = 0.05;

export class MediaRoom implements ParticipantListener {
	readonly sid = sid('RM_');
	readonly createdAt = Date.now();
	metadata = '';
	readonly participants = new Map<string, Participant>();
	private emptyTimer: NodeJS.Timeout | null = null;
	private readonly timers: NodeJS.Timeout[] = [];
	private speakers = new Map<string, number>();
	/** Tracks whose publisher was told TrackSubscribed (once per track, as LiveKit does). */
	private readonly everSubscribed = new Set<string>();
	private lastSpeakerKey = '';
	closed = false;

	constructor(
		readonly name: string,
		readonly limits: RoomLimits,
		private readonly manager: RoomManager,
		readonly emptyTimeoutSeconds: number,
		readonly maxParticipants: number
	) {
		this.armEmptyTimer();
		this.timers.push(
			setInterval(() => this.updateSpeakers(), SPEAKER_INTERVAL_MS),
			setInterval(() => {
				try {
					this.sendQuality();
				} catch (err) {
					this.manager.log.warn({ err }, 'connection quality not measured');
				}
			}, QUALITY_INTERVAL_MS),
			setInterval(() => {
				for (const participant of this.participants.values()) participant.tickLayers();
			}, LAYER_INTERVAL_MS)
		);
		for (const timer of this.timers) timer.unref();
	}

	info(): Room {
		let publishers = 0;
		for (const participant of this.participants.values()) if (participant.isPublisher) publishers++;
		return new Room({
			sid: this.sid,
			name: this.name,
			emptyTimeout: this.emptyTimeoutSeconds,
			departureTimeout: this.emptyTimeoutSeconds,
			maxParticipants: this.maxParticipants,
			creationTime: BigInt(Math.floor(this.createdAt / 1000)),
			creationTimeMs: BigInt(this.createdAt),
			metadata: this.metadata,
			numParticipants: this.participants.size,
			numPublishers: publishers,
			enabledCodecs: [{ mime: 'audio/opus' }, { mime: 'video/VP8' }] as Room['enabledCodecs']
		});
	}

	get full(): boolean {
		return this.participants.size >= this.maxParticipants;
	}

	/** Participants visible to others (hidden ones are not). */
	visibleInfos(except?: Participant): ParticipantInfo[] {
		return [...this.participants.values()]
			.filter((participant) => participant !== except && !participant.hidden)
			.map((participant) => participant.info());
	}

	// ---- admission -------------------------------------------------------------------------

	/** Why the room would turn `identity` away now, or null (a returning identity is let in). */
	refusal(identity: string): string | null {
		if (this.full && !this.participants.has(identity)) {
			return `room is full: at most ${this.maxParticipants} participants`;
		}
		return null;
	}

	/**
	 * Lets a participant in with its signalling socket, or answers null when the room is full (it
	 * may have filled since the token was checked). A newer session of an identity replaces the
	 * older one. The newcomer gets its JoinResponse before anyone is told about it.
	 */
	join(init: ParticipantInit, socket: WebSocket): Participant | null {
		const previous = this.participants.get(init.identity);
		if (!previous && this.full) return null;
		if (previous) {
			previous.sendLeave(DisconnectReason.DUPLICATE_IDENTITY);
			this.removeParticipant(previous, 'replaced by a newer session');
		}
		const participant = new Participant(init, socket, {
			listener: this,
			maxTracks: this.limits.maxTracksPerParticipant,
			network: this.manager.network,
			log: this.manager.log
		});
		participant.state = ParticipantInfo_State.JOINED;
		if (this.emptyTimer) clearTimeout(this.emptyTimer);
		this.emptyTimer = null;
		this.participants.set(participant.identity, participant);
		participant.send({
			case: 'join',
			value: joinResponse(this.info(), participant.info(), this.visibleInfos(participant))
		});
		if (!participant.hidden) this.broadcastParticipant(participant);
		this.manager.emit('participant_joined', this, participant.info());
		return participant;
	}

	/** Sends a participant's new state to everyone in the room (itself included). */
	broadcastParticipant(participant: Participant): void {
		const info = participant.info();
		const update = new ParticipantUpdate({ participants: [info] });
		for (const other of this.participants.values()) {
			if (other !== participant && participant.hidden) continue;
			other.send({ case: 'update', value: update });
		}
	}

	/** Removes a participant: everyone is told, its tracks stop, the room may close. */
	removeParticipant(participant: Participant, why: string): void {
		if (this.participants.get(participant.identity) !== participant) {
			participant.close();
			return;
		}
		this.participants.delete(participant.identity);
		for (const track of [...participant.tracks.values()]) {
			this.onTrackUnpublished(participant, track);
		}
		for (const other of this.participants.values()) {
			for (const trackSid of other.subscriptionsFrom(participant)) other.unsubscribe(trackSid);
		}
		participant.close();
		this.manager.log.debug({ room: this.name, identity: participant.identity, why }, 'left');
		if (!participant.hidden) {
			const info = participant.info();
			info.state = ParticipantInfo_State.DISCONNECTED;
			const update = new ParticipantUpdate({ participants: [info] });
			for (const other of this.participants.values()) other.send({ case: 'update', value: update });
		}
		this.manager.emit('participant_left', this, participant.info());
		if (this.participants.size === 0) this.armEmptyTimer();
	}

	// ---- what participants report (ParticipantListener) ---------------------------------------

	onParticipantUpdate(participant: Participant): void {
		this.broadcastParticipant(participant);
	}

	onStateChange(participant: Participant): void {
		this.broadcastParticipant(participant);
	}

	onTrackPublished(publisher: Participant, track: PublishedTrack): void {
		this.manager.emit('track_published', this, publisher.info(), track.info);
	}

	/** Everyone who wants the track gets it. */
	onTrackMediaArrived(publisher: Participant, track: PublishedTrack): void {
		for (const other of this.participants.values()) {
			if (other === publisher) continue;
			if (other.wantsAutomatically(track.info.sid)) other.subscribe(publisher, track);
		}
	}

	onTrackUnpublished(publisher: Participant, track: PublishedTrack): void {
		this.everSubscribed.delete(track.info.sid);
		for (const other of this.participants.values()) {
			if (other !== publisher) other.unsubscribe(track.info.sid);
		}
		this.manager.emit('track_unpublished', this, publisher.info(), track.info);
	}

	onReadyToReceive(participant: Participant): void {
		this.subscribeNewcomer(participant);
	}

	/**
	 * The publisher hears TrackSubscribed once per track, the first time someone visible receives
	 * it (LiveKit's MediaTrack.OnTrackSubscribed): native SDKs take a second one for the same track
	 * as an error (Python raises InvalidStateError).
	 */
	onTrackSubscribed(subscriber: Participant, trackSid: string): void {
		if (subscriber.hidden || this.everSubscribed.has(trackSid)) return;
		const found = this.findTrack(trackSid);
		if (!found) return;
		this.everSubscribed.add(trackSid);
		found.publisher.send({ case: 'trackSubscribed', value: new TrackSubscribed({ trackSid }) });
	}

	onSubscriptionRequest(subscriber: Participant, trackSid: string): void {
		this.subscribeTo(subscriber, trackSid);
	}

	onDataPacket(
		sender: Participant,
		label: string,
		packet: DataPacket,
		destinations: string[]
	): void {
		this.routeData(sender, label, packet, destinations);
	}

	onDeparture(participant: Participant, why: string): void {
		this.removeParticipant(participant, why);
	}

	publishedTrack(trackSid: string): PublishedTrack | undefined {
		return this.findTrack(trackSid)?.track;
	}

	// ---- what the room does for them --------------------------------------------------------

	/** Subscribes `subscriber` to a track by sid (UpdateSubscription). */
	subscribeTo(subscriber: Participant, trackSid: string): void {
		const found = this.findTrack(trackSid);
		if (!found || found.publisher === subscriber) return;
		subscriber.subscribe(found.publisher, found.track);
	}

	findTrack(trackSid: string): { publisher: Participant; track: PublishedTrack } | undefined {
		for (const publisher of this.participants.values()) {
			const track = publisher.tracks.get(trackSid);
			if (track) return { publisher, track };
		}
		return undefined;
	}

	/** Sends the tracks already published in the room to a newcomer. */
	subscribeNewcomer(newcomer: Participant): void {
		for (const publisher of this.participants.values()) {
			if (publisher === newcomer) continue;
			for (const track of publisher.tracks.values()) {
				if (newcomer.wantsAutomatically(track.info.sid)) newcomer.subscribe(publisher, track);
			}
		}
	}

	/** Routes a data packet from `sender` to its destinations, or everyone else. */
	routeData(
		sender: Participant | null,
		label: string,
		packet: DataPacket,
		destinations: string[]
	): void {
		const bytes = packet.toBinary();
		const only = destinations.length > 0 ? new Set(destinations) : null;
		for (const participant of this.participants.values()) {
			if (participant === sender) continue;
			if (only && !only.has(participant.identity)) continue;
			participant.deliverData(label, bytes);
		}
	}

	private updateSpeakers(): void {
		const levels = new Map<string, number>();
		for (const participant of this.participants.values()) {
			let level = 0;
			for (const track of participant.tracks.values()) {
				if (track.forwarded.kind === 'audio' && !track.info.muted) {
					level = Math.max(level, track.forwarded.takeAudioLevel());
				}
			}
			// Smooth a little so a speaker does not flicker between words.
			const smoothed = 0.6 * level + 0.4 * (this.speakers.get(participant.sid) ?? 0);
			if (smoothed >= SPEAKER_THRESHOLD && !participant.hidden)
				levels.set(participant.sid, smoothed);
		}
		this.speakers = levels;
		const ordered = [...levels.entries()].sort((a, b) => b[1] - a[1]);
		const key = ordered.map(([participantSid]) => participantSid).join(',');
		if (key === this.lastSpeakerKey) return;
		// Those who stopped speaking are sent inactive so clients clear them.
		const previous = this.lastSpeakerKey ? this.lastSpeakerKey.split(',') : [];
		this.lastSpeakerKey = key;
		const speakers = ordered.map(
			([participantSid, level]) => new SpeakerInfo({ sid: participantSid, level, active: true })
		);
		for (const participantSid of previous) {
			if (!levels.has(participantSid)) {
				speakers.push(new SpeakerInfo({ sid: participantSid, level: 0, active: false }));
			}
		}
		const message = new SpeakersChanged({ speakers });
		for (const participant of this.participants.values()) {
			participant.send({ case: 'speakersChanged', value: message });
		}
	}

	private sendQuality(): void {
		const visible = [...this.participants.values()].filter((participant) => !participant.hidden);
		if (visible.length === 0) return;
		for (const participant of visible) participant.measureQuality();
		const infos = visible.map((participant) => participant.connectionQuality());
		for (const participant of this.participants.values()) participant.sendQuality(infos);
	}

	private armEmptyTimer(): void {
		if (this.emptyTimer) clearTimeout(this.emptyTimer);
		this.emptyTimer = setTimeout(() => {
			if (this.participants.size === 0) this.manager.closeRoom(this, DisconnectReason.ROOM_CLOSED);
		}, this.emptyTimeoutSeconds * 1000);
		this.emptyTimer.unref();
	}

	/** Stops the timers; the manager has disconnected everyone. */
	dispose(): void {
		this.closed = true;
		if (this.emptyTimer) clearTimeout(this.emptyTimer);
		for (const timer of this.timers) clearInterval(timer);
	}
}

/** Every room of the media server. */
export class RoomManager implements MediaBackend {
	private readonly rooms = new Map<string, MediaRoom>();

	constructor(
		readonly limits: RoomLimits,
		readonly network: PeerNetwork,
		readonly log: Logger,
		private readonly webhooks: WebhookSink | null = null
	) {}

	get(name: string): MediaRoom | undefined {
		return this.rooms.get(name);
	}

	/** The room of that name, created (room_started) when it does not exist. */
	getOrCreate(name: string, options: Partial<CreateRoomOptions> = {}): MediaRoom {
		let room = this.rooms.get(name);
		if (room) return room;
		room = new MediaRoom(
			name,
			this.limits,
			this,
			options.emptyTimeout || this.limits.emptyTimeoutSeconds,
			Math.min(options.maxParticipants || Infinity, this.limits.maxParticipantsPerRoom)
		);
		if (options.metadata) room.metadata = options.metadata;
		this.rooms.set(name, room);
		this.log.debug({ room: name }, 'room started');
		this.emit('room_started', room);
		return room;
	}

	closeRoom(room: MediaRoom, reason: DisconnectReason): void {
		if (this.rooms.get(room.name) !== room) return;
		for (const participant of [...room.participants.values()]) {
			participant.sendLeave(reason);
			room.removeParticipant(participant, 'room closed');
		}
		this.rooms.delete(room.name);
		room.dispose();
		this.log.debug({ room: room.name }, 'room finished');
		this.emit('room_finished', room);
	}

	/** Closes every room (server shutdown). */
	closeAll(): void {
		for (const room of [...this.rooms.values()])
			this.closeRoom(room, DisconnectReason.SERVER_SHUTDOWN);
	}

	get roomCount(): number {
		return this.rooms.size;
	}

	/** The one place webhooks leave the rooms from (none when they are off). */
	emit(
		event: WebhookEventName,
		room: MediaRoom,
		participant?: ParticipantInfo,
		track?: TrackInfo
	): void {
		this.webhooks?.send(webhookEvent(event, { room: room.info(), participant, track }));
	}

	// ---- MediaBackend -------------------------------------------------------------------------

	createRoom(options: CreateRoomOptions): Room {
		return this.getOrCreate(options.name, options).info();
	}

	listRooms(names?: string[]): Room[] {
		const rooms = [...this.rooms.values()];
		return (
			names && names.length > 0 ? rooms.filter((room) => names.includes(room.name)) : rooms
		).map((room) => room.info());
	}

	deleteRoom(name: string): void {
		const room = this.requireRoom(name);
		this.closeRoom(room, DisconnectReason.ROOM_DELETED);
	}

	/** Everyone in the room; nobody when there is no such room (as LiveKit answers). */
	listParticipants(roomName: string): ParticipantInfo[] {
		const room = this.rooms.get(roomName);
		return room ? [...room.participants.values()].map((participant) => participant.info()) : [];
	}

	getParticipant(roomName: string, identity: string): ParticipantInfo {
		return this.requireParticipant(roomName, identity).info();
	}

	removeParticipant(roomName: string, identity: string): void {
		const participant = this.requireParticipant(roomName, identity);
		const room = this.requireRoom(roomName);
		participant.sendLeave(DisconnectReason.PARTICIPANT_REMOVED);
		room.removeParticipant(participant, 'removed');
	}

	mutePublishedTrack(
		roomName: string,
		identity: string,
		trackSid: string,
		muted: boolean
	): TrackInfo {
		const participant = this.requireParticipant(roomName, identity);
		const info = participant.setTrackMuted(trackSid, muted);
		if (!info) throw new MediaBackendError('not_found', 'track is not found');
		participant.notifyRemoteMute(trackSid, muted);
		return info;
	}

	updateParticipant(
		roomName: string,
		identity: string,
		changes: ParticipantChanges
	): ParticipantInfo {
		const participant = this.requireParticipant(roomName, identity);
		participant.update(changes);
		return participant.info();
	}

	updateSubscriptions(
		roomName: string,
		identity: string,
		trackSids: string[],
		subscribe: boolean
	): void {
		const participant = this.requireParticipant(roomName, identity);
		const room = this.requireRoom(roomName);
		for (const trackSid of trackSids) {
			if (subscribe) room.subscribeTo(participant, trackSid);
			else participant.unsubscribe(trackSid);
		}
	}

	sendData(roomName: string, data: ServerData): void {
		const room = this.requireRoom(roomName);
		const packet = new DataPacket({
			kind: data.kind,
			destinationIdentities: data.destinationIdentities,
			value: {
				case: 'user',
				value: new UserPacket({
					payload: data.payload,
					topic: data.topic,
					destinationIdentities: data.destinationIdentities
				})
			}
		});
		const label = data.kind === DataPacket_Kind.LOSSY ? '_lossy' : '_reliable';
		room.routeData(null, label, packet, data.destinationIdentities);
	}

	updateRoomMetadata(roomName: string, metadata: string): Room {
		const room = this.requireRoom(roomName);
		room.metadata = metadata;
		const info = room.info();
		for (const participant of room.participants.values()) {
			participant.send({ case: 'roomUpdate', value: new RoomUpdate({ room: info }) });
		}
		return info;
	}

	private requireRoom(name: string): MediaRoom {
		const room = this.rooms.get(name);
		if (!room) throw new MediaBackendError('not_found', 'requested room does not exist');
		return room;
	}

	/** LiveKit says "participant does not exist" whether the room or only the person is missing. */
	private requireParticipant(roomName: string, identity: string): Participant {
		const participant = this.rooms.get(roomName)?.participants.get(identity);
		if (!participant) throw new MediaBackendError('not_found', 'participant does not exist');
		return participant;
	}
}
