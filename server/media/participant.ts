// One participant of a room: who it is and what it may do, its signalling socket, and its two
// werift peer connections — the publisher connection the browser offers (publisher.ts) and the
// subscriber connection this server offers (subscriber.ts), the "dual peer connection" mode of
// livekit-client's /rtc path. Its requests arrive through signal.ts; what happens to it is
// reported to its room through `ParticipantListener`.
import {
	ConnectionQuality,
	ConnectionQualityInfo,
	ConnectionQualityUpdate,
	DataPacket,
	DataPacket_Kind,
	DisconnectReason,
	LeaveRequest,
	LeaveRequest_Action,
	MuteTrackRequest,
	ParticipantInfo,
	ParticipantInfo_Kind,
	ParticipantInfo_State,
	ParticipantPermission,
	SignalResponse,
	TrackUnpublishedResponse,
	TrickleRequest,
	type SignalTarget,
	type TrackInfo,
	type UpdateTrackSettings
} from '@livekit/protocol';
import type { Logger } from 'pino';
import type { RTCDataChannel } from 'werift';
import type WebSocket from 'ws';
import { participantPermission, type VideoGrant } from './auth';
import type { ParticipantChanges } from './backend';
import { sid } from './ids';
import { permissionChange } from './permission';
import { Publisher, type PublishedTrack } from './publisher';
import { ParticipantQuality, scoreToMos, scoreToQuality } from './quality';
import { announcedCandidates, type PeerNetwork } from './sfu/peer';
import { SinglePcSubscriber } from './single-pc';
import { Subscriber } from './subscriber';

export type { PublishedTrack } from './publisher';

/** The `kind` claim of a token as the protocol names it (LiveKit's ParticipantInfo.Kind). */
const participantKinds: Record<string, ParticipantInfo_Kind> = {
	standard: ParticipantInfo_Kind.STANDARD,
	ingress: ParticipantInfo_Kind.INGRESS,
	egress: ParticipantInfo_Kind.EGRESS,
	sip: ParticipantInfo_Kind.SIP,
	agent: ParticipantInfo_Kind.AGENT
};

/** Everything a participant is created from: the verified token and the join request. */
export interface ParticipantInit {
	identity: string;
	name: string;
	metadata: string;
	attributes: Record<string, string>;
	grant: VideoGrant;
	autoSubscribe: boolean;
	/** livekit-client's protocol number, from the `protocol` query parameter. */
	clientProtocol: number;
	/** The token's participant kind ('agent' for LiveKit Agents; '' for people). */
	kind?: string;
	/** Joined on /rtc/v1: one peer connection, the client's, carries both directions. */
	singlePeerConnection?: boolean;
}

/** Why a participant leaves its room. */
export type Departure =
	| 'client left'
	| 'signal closed'
	| 'negotiation failed'
	| 'publisher connection failed'
	| 'subscriber connection failed';

/**
 * What a participant reports to its room (the room implements it). The participant never reaches
 * into the room: it says what happened to it, and the room decides what that means for the others.
 */
export interface ParticipantListener {
	/** Its name, metadata, attributes, permission, tracks or mute states changed. */
	onParticipantUpdate(participant: Participant): void;
	/** Its state changed (joined → active once its publisher connection is up). */
	onStateChange(participant: Participant, state: ParticipantInfo_State): void;
	/** A track's m-line is negotiated: it is part of the participant from now on. */
	onTrackPublished(participant: Participant, track: PublishedTrack): void;
	/** The first media of a track arrived: it can be forwarded. */
	onTrackMediaArrived(participant: Participant, track: PublishedTrack): void;
	onTrackUnpublished(participant: Participant, track: PublishedTrack): void;
	/**
	 * It can receive what the room already publishes: its connections are up, or it was allowed
	 * to subscribe again.
	 */
	onReadyToReceive(participant: Participant): void;
	/** It receives a track for real (negotiated, connection up). */
	onTrackSubscribed(participant: Participant, trackSid: string): void;
	/** It asked to receive a track (UpdateSubscription). */
	onSubscriptionRequest(participant: Participant, trackSid: string): void;
	/** It sent a data packet (sender already stamped) for these identities, or everyone. */
	onDataPacket(
		participant: Participant,
		label: string,
		packet: DataPacket,
		destinations: string[]
	): void;
	/** Its client asked to leave, its signalling socket closed without a word, or it was asked to rejoin. */
	onDeparture(participant: Participant, why: Departure): void;
	/** A track published in the room, wherever it is (for track settings sent before subscribing). */
	publishedTrack(trackSid: string): PublishedTrack | undefined;
}

/** How a participant is wired in: who hears its reports, its limits, network and log. */
export interface ParticipantContext {
	listener: ParticipantListener;
	/** Tracks it may publish at once. */
	maxTracks: number;
	network: PeerNetwork;
	log: Logger;
}

export class Participant {
	readonly sid = sid('PA_');
	readonly joinedAt = Date.now();
	identity: string;
	name: string;
	metadata: string;
	attributes: Record<string, string>;
	grant: VideoGrant;
	permission: ParticipantPermission;
	state = ParticipantInfo_State.JOINING;
	/** Rises with every change others should see (livekit-client drops older versions). */
	private version = 0;
	readonly autoSubscribe: boolean;
	readonly clientProtocol: number;
	readonly kind: ParticipantInfo_Kind;
	readonly publisher: Publisher;
	readonly subscriber: Subscriber;
	private readonly quality = new ParticipantQuality();

	private socket: WebSocket | null;
	private readonly dataChannels = new Map<string, RTCDataChannel>();
	/** Set once the browser's first offer is answered: its connections exist from then on. */
	private readyToReceive = false;
	private closed = false;
	/** The client was told to join again: said once. */
	private rejoinAsked = false;
	private readonly listener: ParticipantListener;
	private readonly network: PeerNetwork;
	private readonly log: Logger;

	constructor(init: ParticipantInit, socket: WebSocket, context: ParticipantContext) {
		this.listener = context.listener;
		this.network = context.network;
		this.log = context.log;
		this.identity = init.identity;
		this.name = init.name;
		this.metadata = init.metadata;
		this.attributes = { ...init.attributes };
		this.grant = init.grant;
		this.permission = participantPermission(init.grant);
		this.autoSubscribe = init.autoSubscribe;
		this.clientProtocol = init.clientProtocol;
		this.kind = participantKinds[init.kind ?? ''] ?? ParticipantInfo_Kind.STANDARD;
		this.socket = socket;
		const log = this.log;
		this.publisher = new Publisher(
			this.identity,
			{
				grant: () => this.grant,
				send: (message) => this.send(message),
				candidate: (candidate, target) => this.sendCandidate(candidate, target),
				dataChannel: (channel) => this.adoptDataChannel(channel),
				connected: () => {
					if (this.state !== ParticipantInfo_State.JOINED) return;
					this.state = ParticipantInfo_State.ACTIVE;
					this.version += 1;
					this.listener.onStateChange(this, this.state);
				},
				trackPublished: (track) => {
					this.listener.onTrackPublished(this, track);
					this.changed();
				},
				trackMediaArrived: (track) => this.listener.onTrackMediaArrived(this, track),
				trackUnpublished: (track) => {
					this.listener.onTrackUnpublished(this, track);
					this.send({
						case: 'trackUnpublished',
						value: new TrackUnpublishedResponse({ trackSid: track.info.sid })
					});
					this.changed();
				},
				firstOfferAnswered: () => this.becomeReadyToReceive(),
				connectionFailed: () =>
					this.askToRejoin(DisconnectReason.MEDIA_FAILURE, 'publisher connection failed')
			},
			{ maxTracks: context.maxTracks, network: this.network, log }
		);
		const subscriberEvents = {
			send: (message: SignalResponse['message']) => this.send(message),
			candidate: (candidate: unknown, target: SignalTarget) =>
				this.sendCandidate(candidate, target),
			subscribed: (trackSid: string) => this.listener.onTrackSubscribed(this, trackSid),
			negotiationFailed: () =>
				this.askToRejoin(DisconnectReason.STATE_MISMATCH, 'negotiation failed'),
			connectionFailed: () =>
				this.askToRejoin(DisconnectReason.MEDIA_FAILURE, 'subscriber connection failed')
		};
		if (init.singlePeerConnection) {
			// What it receives goes out on the connection it offers, bound while its offers are
			// answered: it can receive from its first offer on.
			const single = new SinglePcSubscriber(
				this.identity,
				{ ...subscriberEvents, offered: () => this.becomeReadyToReceive() },
				{ network: this.network, log }
			);
			this.publisher.answerHooks = single;
			this.subscriber = single;
		} else {
			this.subscriber = new Subscriber(this.identity, subscriberEvents, {
				network: this.network,
				log
			});
		}
	}

	private becomeReadyToReceive(): void {
		if (this.readyToReceive) return;
		this.readyToReceive = true;
		this.listener.onReadyToReceive(this);
	}

	get hidden(): boolean {
		return this.grant.hidden;
	}

	/** The tracks it publishes, by sid. */
	get tracks(): ReadonlyMap<string, PublishedTrack> {
		return this.publisher.tracks;
	}

	get isPublisher(): boolean {
		return this.tracks.size > 0;
	}

	/** The participant as the protocol describes it to others (and itself). */
	info(): ParticipantInfo {
		return new ParticipantInfo({
			sid: this.sid,
			identity: this.identity,
			name: this.name,
			metadata: this.metadata,
			attributes: { ...this.attributes },
			state: this.state,
			tracks: [...this.tracks.values()].map((track) => track.info),
			joinedAt: BigInt(Math.floor(this.joinedAt / 1000)),
			joinedAtMs: BigInt(this.joinedAt),
			version: this.version,
			permission: this.permission,
			isPublisher: this.isPublisher,
			clientProtocol: this.clientProtocol,
			kind: this.kind
		});
	}

	/** Marks a change: a new version, and everyone (this participant too) is told. */
	private changed(): void {
		this.version += 1;
		this.listener.onParticipantUpdate(this);
	}

	/**
	 * Applies changes the room asks for (RoomService UpdateParticipant) or the client asks for
	 * (its own metadata), then reports them once. An empty name or metadata leaves it as it is; an
	 * empty attribute value removes the attribute, as in LiveKit.
	 */
	update(changes: ParticipantChanges): void {
		if (changes.name) this.name = changes.name;
		if (changes.metadata) this.metadata = changes.metadata;
		for (const [key, value] of Object.entries(changes.attributes ?? {})) {
			if (value === '') delete this.attributes[key];
			else this.attributes[key] = value;
		}
		if (changes.permission) this.applyPermission(changes.permission);
		this.changed();
	}

	private applyPermission(permission: ParticipantPermission): void {
		const change = permissionChange(this.grant, permission);
		this.permission = permission;
		this.grant = change.grant;
		if (change.unpublishTracks) {
			for (const trackSid of [...this.tracks.keys()]) this.publisher.unpublish(trackSid);
		}
		if (change.subscriptions === 'drop') this.subscriber.unsubscribeAll();
		else this.listener.onReadyToReceive(this);
	}

	send(message: SignalResponse['message']): void {
		const socket = this.socket;
		if (!socket || socket.readyState !== socket.OPEN) return;
		socket.send(new SignalResponse({ message }).toBinary());
	}

	private sendCandidate(candidate: unknown, target: SignalTarget): void {
		const json = candidate as { candidate?: string };
		// Announced "beside" the host's own, one candidate of the server is two for the client.
		const lines = json.candidate
			? announcedCandidates(json.candidate, this.network)
			: [json.candidate];
		for (const line of lines) {
			this.send({
				case: 'trickle',
				value: new TrickleRequest({
					candidateInit: JSON.stringify({ ...json, candidate: line }),
					target,
					final: false
				})
			});
		}
	}

	// ---- what its client asks (signal.ts) -----------------------------------------------------

	/** Mutes or unmutes one of its tracks; undefined when it publishes no such track. */
	setTrackMuted(trackSid: string, muted: boolean): TrackInfo | undefined {
		const track = this.tracks.get(trackSid);
		if (!track) return undefined;
		if (track.info.muted !== muted) {
			track.info.muted = muted;
			this.changed();
		}
		return track.info;
	}

	/** Tells the client its track was muted by someone else (RoomService). */
	notifyRemoteMute(trackSid: string, muted: boolean): void {
		this.send({ case: 'mute', value: new MuteTrackRequest({ sid: trackSid, muted }) });
	}

	/** The client subscribes to or unsubscribes from tracks by sid (UpdateSubscription). */
	updateSubscriptions(trackSids: string[], subscribe: boolean): void {
		for (const trackSid of trackSids) {
			if (subscribe) {
				this.subscriber.optIn(trackSid);
				this.listener.onSubscriptionRequest(this, trackSid);
			} else this.subscriber.optOut(trackSid);
		}
	}

	updateTrackSettings(settings: UpdateTrackSettings): void {
		this.subscriber.updateTrackSettings(settings, (trackSid) =>
			this.listener.publishedTrack(trackSid)
		);
	}

	/** The client said it leaves. */
	leave(): void {
		this.listener.onDeparture(this, 'client left');
	}

	// ---- receiving ----------------------------------------------------------------------------

	wantsAutomatically(trackSid: string): boolean {
		return this.autoSubscribe && this.grant.canSubscribe && !this.subscriber.hasOptedOut(trackSid);
	}

	/** Starts receiving a published track on the subscriber connection. */
	subscribe(publisher: Participant, track: PublishedTrack): void {
		if (this.closed || !this.readyToReceive || !this.grant.canSubscribe) return;
		this.subscriber.subscribe(publisher, track);
	}

	unsubscribe(trackSid: string): void {
		this.subscriber.unsubscribe(trackSid);
	}

	/** Tracks of `publisher` this participant receives (to drop them when it leaves). */
	subscriptionsFrom(publisher: Participant): string[] {
		return this.subscriber.subscriptionsFrom(publisher);
	}

	// ---- data ---------------------------------------------------------------------------------

	private adoptDataChannel(channel: RTCDataChannel): void {
		this.dataChannels.set(channel.label, channel);
		channel.onMessage.subscribe((data) => {
			if (typeof data === 'string') return;
			this.onDataMessage(channel.label, data);
		});
	}

	private onDataMessage(label: string, data: Buffer): void {
		let packet: DataPacket;
		try {
			packet = DataPacket.fromBinary(data);
		} catch {
			this.log.debug({ identity: this.identity }, 'malformed data packet dropped');
			return;
		}
		if (!this.grant.canPublishData) return;
		// As LiveKit does (ParticipantImpl.handleReceivedDataMessage): the channel says the kind,
		// and the sender is whoever owns this connection, whatever the packet claims (nobody, for a
		// hidden participant). User packets carry their destinations in either place.
		packet.kind = label === '_lossy' ? DataPacket_Kind.LOSSY : DataPacket_Kind.RELIABLE;
		const sender = this.hidden
			? { identity: '', sid: '' }
			: { identity: this.identity, sid: this.sid };
		packet.participantIdentity = sender.identity;
		packet.participantSid = sender.sid;
		switch (packet.value.case) {
			case 'user': {
				const user = packet.value.value;
				user.participantIdentity = sender.identity;
				user.participantSid = sender.sid;
				if (packet.destinationIdentities.length > 0) {
					user.destinationIdentities = [...packet.destinationIdentities];
				} else packet.destinationIdentities = [...user.destinationIdentities];
				break;
			}
			// Only agents may send transcriptions; metrics are for the server, not the others.
			case 'transcription':
				if (this.kind !== ParticipantInfo_Kind.AGENT) return;
				break;
			case 'metrics':
				return;
		}
		this.listener.onDataPacket(this, label, packet, packet.destinationIdentities);
	}

	/** Sends an encoded data packet on this participant's channel of that label, if open. */
	deliverData(label: string, bytes: Uint8Array): void {
		const channel =
			this.dataChannels.get(label) ??
			(label === '_lossy' ? this.dataChannels.get('_reliable') : undefined);
		if (!channel || channel.readyState !== 'open') return;
		try {
			channel.send(Buffer.from(bytes));
		} catch (error) {
			this.log.debug({ err: error, identity: this.identity }, 'data packet not delivered');
		}
	}

	// ---- periodic -----------------------------------------------------------------------------

	/** Re-picks simulcast layers of what this participant publishes. */
	tickLayers(): void {
		this.publisher.tickLayers();
	}

	/** Reads the window of RTCP reports and receive statistics since the last call. */
	measureQuality(): void {
		if (this.closed) return;
		this.quality.measure({
			published: this.publisher.measuredStreams(),
			received: this.subscriber.measuredStreams()
		});
	}

	/**
	 * The measured quality (`quality.ts`), LOST while a peer connection is down; the score is a
	 * MOS estimate, as LiveKit sends.
	 */
	connectionQuality(): ConnectionQualityInfo {
		const states = [this.publisher.connectionState, this.subscriber.connectionState];
		const lost = states.some((state) => state === 'failed' || state === 'disconnected');
		const score = this.quality.score;
		return new ConnectionQualityInfo({
			participantSid: this.sid,
			quality: lost ? ConnectionQuality.LOST : scoreToQuality(score),
			score: lost ? 1 : scoreToMos(score)
		});
	}

	sendQuality(infos: ConnectionQualityInfo[]): void {
		this.send({
			case: 'connectionQuality',
			value: new ConnectionQualityUpdate({ updates: infos })
		});
	}

	// ---- leaving ------------------------------------------------------------------------------

	/**
	 * As LiveKit's full reconnect: the client is told to join again from scratch, and is gone
	 * from the room meanwhile (once, whichever of its connections gave up first).
	 */
	private askToRejoin(reason: DisconnectReason, why: Departure): void {
		if (this.closed || this.rejoinAsked) return;
		this.rejoinAsked = true;
		this.log.warn({ identity: this.identity, why }, 'asking the client to rejoin');
		this.sendLeave(reason, LeaveRequest_Action.RECONNECT);
		this.listener.onDeparture(this, why);
	}

	/** Tells the client to leave (duplicate identity, removed, room closed) and closes. */
	sendLeave(reason: DisconnectReason, action = LeaveRequest_Action.DISCONNECT): void {
		this.send({
			case: 'leave',
			value: new LeaveRequest({
				canReconnect: action !== LeaveRequest_Action.DISCONNECT,
				reason,
				action
			})
		});
	}

	/** Releases the connections; the room has already forgotten this participant. */
	close(): void {
		if (this.closed) return;
		this.closed = true;
		this.state = ParticipantInfo_State.DISCONNECTED;
		this.subscriber.close();
		this.publisher.close();
		this.quality.close();
		const socket = this.socket;
		this.socket = null;
		if (socket && socket.readyState === socket.OPEN) socket.close(1000, 'left');
	}

	get isClosed(): boolean {
		return this.closed;
	}

	/** Its signalling socket closed (a replaced session's old socket is no longer its own). */
	socketClosed(socket: WebSocket): void {
		if (this.socket !== socket) return;
		this.socket = null;
		if (!this.closed) this.listener.onDeparture(this, 'signal closed');
	}
}
