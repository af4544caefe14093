// One participant of a room: its signalling socket, its two werift peer connections (the
// publisher connection the browser offers, the subscriber connection this server offers — the
// "dual peer connection" mode of livekit-client's /rtc path), the tracks it publishes and the
// tracks it receives.
import {
	ConnectionQuality,
	ConnectionQualityInfo,
	ConnectionQualityUpdate,
	DataPacket,
	LeaveRequest,
	LeaveRequest_Action,
	MuteTrackRequest,
	ParticipantInfo,
	ParticipantInfo_State,
	ParticipantPermission,
	Pong,
	RequestResponse,
	RequestResponse_Reason,
	SessionDescription,
	SignalRequest,
	SignalResponse,
	SignalTarget,
	TrackInfo,
	TrickleRequest,
	TrackPublishedResponse,
	TrackSubscribed,
	TrackType,
	TrackUnpublishedResponse,
	VideoQuality,
	type AddTrackRequest,
	type DisconnectReason,
	type UpdateTrackSettings
} from '@livekit/protocol';
import type { Logger } from 'pino';
import type { RTCDataChannel, RTCPeerConnection, RTCRtpTransceiver, RTCTrackEvent } from 'werift';
import type WebSocket from 'ws';
import { canPublishSource, participantPermission, type VideoGrant } from './auth';
import type { ParticipantChanges } from './backend';
import { sid } from './ids';
import { permissionChange } from './permission';
import { DownTrack, ForwardedTrack, LAYER_RIDS, type LayerPreference } from './sfu/forwarder';
import {
	announceIp,
	createPeerConnection,
	enlargeReceiveBuffers,
	type PeerNetwork
} from './sfu/peer';

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
}

/** A track this participant publishes. */
export interface PublishedTrack {
	info: TrackInfo;
	/** MediaStreamTrack id in the browser, which names the track in the SDP's msid. */
	cid: string;
	/** The publisher's m-line carrying it, once negotiated. */
	mid?: string;
	forwarded: ForwardedTrack;
}

type Subscription = {
	track: PublishedTrack;
	publisher: Participant;
	transceiver: RTCRtpTransceiver;
	downTrack: DownTrack;
};

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
	/** It can receive what the room already publishes: its connections are up, or it was allowed
	 * to subscribe again. */
	onReadyToReceive(participant: Participant): void;
	/** It asked to receive a track (UpdateSubscription). */
	onSubscriptionRequest(participant: Participant, trackSid: string): void;
	/** It sent a data packet (sender already stamped) for these identities, or everyone. */
	onDataPacket(
		participant: Participant,
		label: string,
		packet: DataPacket,
		destinations: string[]
	): void;
	/** Its client asked to leave, or its signalling socket closed without a word. */
	onDeparture(participant: Participant, why: 'client left' | 'signal closed'): void;
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

/** Refusal of a signal request that should close the socket (malformed or out of order). */
export class SignalProtocolError extends Error {}

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

	private socket: WebSocket | null;
	private readonly publisher: RTCPeerConnection;
	private subscriber: RTCPeerConnection | null = null;
	private readonly dataChannels = new Map<string, RTCDataChannel>();
	/** Tracks announced by addTrack whose media has not been negotiated yet, by cid. */
	private readonly pendingTracks = new Map<string, PublishedTrack>();
	readonly tracks = new Map<string, PublishedTrack>();
	private readonly subscriptions = new Map<string, Subscription>();
	/** Tracks this participant unsubscribed from explicitly (not subscribed again automatically). */
	private readonly optedOut = new Set<string>();
	private readonly layerPreferences = new Map<string, LayerPreference>();
	/** Publisher offers are answered one at a time, in order. */
	private publisherQueue: Promise<void> = Promise.resolve();
	private subscriberOfferId = 0;
	private subscriberNegotiating = false;
	private subscriberNeedsOffer = false;
	/** Set once the browser's first offer is answered: its connections exist from then on. */
	private readyToReceive = false;
	private closed = false;

	private readonly listener: ParticipantListener;
	private readonly maxTracks: number;
	private readonly network: PeerNetwork;
	private readonly log: Logger;

	constructor(init: ParticipantInit, socket: WebSocket, context: ParticipantContext) {
		this.listener = context.listener;
		this.maxTracks = context.maxTracks;
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
		this.socket = socket;
		this.publisher = createPeerConnection(this.network);
		this.publisher.onDataChannel.subscribe((channel) => this.adoptDataChannel(channel));
		this.publisher.ontrack = (event) => this.onPublisherTrack(event);
		this.publisher.onIceCandidate.subscribe((candidate) => {
			if (candidate) this.sendCandidate(candidate.toJSON(), SignalTarget.PUBLISHER);
		});
		this.publisher.connectionStateChange.subscribe((state) => {
			if (state === 'connected') enlargeReceiveBuffers(this.publisher);
			if (state === 'connected' && this.state === ParticipantInfo_State.JOINED) {
				this.state = ParticipantInfo_State.ACTIVE;
				this.version += 1;
				this.listener.onStateChange(this, this.state);
			}
		});
	}

	get hidden(): boolean {
		return this.grant.hidden;
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
			clientProtocol: this.clientProtocol
		});
	}

	/** Marks a change: a new version, and everyone (this participant too) is told. */
	changed(): void {
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
			for (const trackSid of [...this.tracks.keys()]) this.unpublish(trackSid);
		}
		if (change.subscriptions === 'drop') this.unsubscribeAll();
		else this.listener.onReadyToReceive(this);
	}

	send(message: SignalResponse['message']): void {
		const socket = this.socket;
		if (!socket || socket.readyState !== socket.OPEN) return;
		socket.send(new SignalResponse({ message }).toBinary());
	}

	// ---- signal requests ----------------------------------------------------------------------

	/** Handles one decoded request; throws SignalProtocolError for requests that make no sense. */
	handleRequest(request: SignalRequest): void {
		const message = request.message;
		switch (message.case) {
			case 'offer':
				this.onPublisherOffer(message.value);
				return;
			case 'answer':
				this.onSubscriberAnswer(message.value);
				return;
			case 'trickle': {
				const target = message.value.target;
				let init: { candidate?: string; sdpMid?: string; sdpMLineIndex?: number };
				try {
					init = JSON.parse(message.value.candidateInit) as typeof init;
				} catch {
					throw new SignalProtocolError('trickle candidate is not JSON');
				}
				if (!init || typeof init.candidate !== 'string' || init.candidate === '') return;
				const pc = target === SignalTarget.SUBSCRIBER ? this.subscriber : this.publisher;
				pc?.addIceCandidate({
					candidate: init.candidate,
					sdpMid: init.sdpMid,
					sdpMLineIndex: init.sdpMLineIndex
				}).catch((error: unknown) => this.log.debug({ error }, 'ICE candidate refused'));
				return;
			}
			case 'addTrack':
				this.onAddTrack(message.value);
				return;
			case 'mute':
				this.setTrackMuted(message.value.sid, message.value.muted);
				return;
			case 'subscription':
				for (const trackSid of [
					...message.value.trackSids,
					...message.value.participantTracks.flatMap((entry) => entry.trackSids)
				]) {
					if (message.value.subscribe) {
						this.optedOut.delete(trackSid);
						this.listener.onSubscriptionRequest(this, trackSid);
					} else {
						this.optedOut.add(trackSid);
						this.unsubscribe(trackSid);
					}
				}
				return;
			case 'trackSetting':
				this.onTrackSetting(message.value);
				return;
			case 'leave':
				this.listener.onDeparture(this, 'client left');
				return;
			case 'ping':
				this.send({ case: 'pong', value: BigInt(Date.now()) });
				return;
			case 'pingReq':
				this.send({
					case: 'pongResp',
					value: new Pong({
						lastPingTimestamp: message.value.timestamp,
						timestamp: BigInt(Date.now())
					})
				});
				return;
			case 'updateMetadata': {
				const update = message.value;
				if (!this.grant.canUpdateOwnMetadata) {
					this.send({
						case: 'requestResponse',
						value: new RequestResponse({
							requestId: update.requestId,
							reason: RequestResponse_Reason.NOT_ALLOWED,
							message: 'does not have permission to update own metadata'
						})
					});
					return;
				}
				this.update({
					name: update.name,
					metadata: update.metadata,
					attributes: update.attributes
				});
				this.send({
					case: 'requestResponse',
					value: new RequestResponse({
						requestId: update.requestId,
						reason: RequestResponse_Reason.OK
					})
				});
				return;
			}
			case 'syncState':
			case 'simulate':
			case 'updateLayers':
			case 'subscriptionPermission':
			case 'updateAudioTrack':
			case 'updateVideoTrack':
				// Accepted and ignored: nothing here depends on them.
				return;
			case undefined:
				throw new SignalProtocolError('empty signal request');
			default:
				// Data tracks and data blobs are not offered by this server.
				this.send({
					case: 'requestResponse',
					value: new RequestResponse({
						reason: RequestResponse_Reason.UNSUPPORTED_TYPE,
						message: `${message.case} is not supported by the embedded media server`
					})
				});
		}
	}

	// ---- publishing ---------------------------------------------------------------------------

	private onAddTrack(request: AddTrackRequest): void {
		const refuse = (reason: RequestResponse_Reason, text: string) => {
			this.log.info({ identity: this.identity, reason: text }, 'track refused');
			this.send({
				case: 'requestResponse',
				value: new RequestResponse({
					reason,
					message: text,
					request: { case: 'addTrack', value: request }
				})
			});
		};
		if (!canPublishSource(this.grant, request.source)) {
			refuse(RequestResponse_Reason.NOT_ALLOWED, 'not allowed to publish from this source');
			return;
		}
		if (this.pendingTracks.has(request.cid)) return;
		const limit = this.maxTracks;
		if (this.tracks.size + this.pendingTracks.size >= limit) {
			refuse(
				RequestResponse_Reason.LIMIT_EXCEEDED,
				`a participant may publish at most ${limit} tracks`
			);
			return;
		}
		const kind = request.type === TrackType.AUDIO ? 'audio' : 'video';
		const info = new TrackInfo({
			sid: sid('TR_'),
			type: request.type,
			name: request.name,
			source: request.source,
			muted: request.muted,
			width: request.width,
			height: request.height,
			simulcast: request.layers.length > 1,
			layers: request.layers,
			disableDtx: request.disableDtx,
			stereo: request.stereo,
			mimeType: kind === 'audio' ? 'audio/opus' : 'video/VP8',
			stream: request.stream
		});
		const track: PublishedTrack = {
			info,
			cid: request.cid,
			forwarded: new ForwardedTrack(kind, () => this.publisher.extIdUriMap)
		};
		this.pendingTracks.set(request.cid, track);
		this.send({
			case: 'trackPublished',
			value: new TrackPublishedResponse({ cid: request.cid, track: info })
		});
	}

	private onPublisherOffer(offer: SessionDescription): void {
		this.publisherQueue = this.publisherQueue
			.then(async () => {
				if (this.closed) return;
				const msids = sectionsOf(offer.sdp);
				// Tracks are bound to their m-lines first: werift reports them during
				// setRemoteDescription.
				this.bindPendingTracks(msids);
				this.dropRemovedTracks(msids);
				await this.publisher.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
				await this.publisher.setLocalDescription(await this.publisher.createAnswer());
				const sdp = this.publisher.localDescription?.sdp ?? '';
				this.send({
					case: 'answer',
					value: new SessionDescription({
						type: 'answer',
						sdp: announceIp(sdp, this.network.announcedIp),
						id: offer.id
					})
				});
				if (!this.readyToReceive) {
					this.readyToReceive = true;
					this.listener.onReadyToReceive(this);
				}
			})
			.catch((error: unknown) => {
				this.log.warn({ error, identity: this.identity }, 'publisher offer failed');
			});
	}

	/** Gives each announced track the m-line whose msid names its cid. */
	private bindPendingTracks(sections: SdpSection[]): void {
		for (const section of sections) {
			if (!section.mid || !section.trackId) continue;
			const pending = this.pendingTracks.get(section.trackId);
			if (pending && !pending.mid) {
				pending.mid = section.mid;
				pending.info.mid = section.mid;
				this.pendingTracks.delete(pending.cid);
				this.tracks.set(pending.info.sid, pending);
				this.listener.onTrackPublished(this, pending);
				this.changed();
			}
		}
	}

	/** Tracks whose m-line stopped sending (unpublished in the browser) are unpublished here. */
	private dropRemovedTracks(sections: SdpSection[]): void {
		for (const track of [...this.tracks.values()]) {
			const section = sections.find((entry) => entry.mid === track.mid);
			const stillSending =
				section &&
				section.trackId === track.cid &&
				(section.direction === 'sendonly' || section.direction === 'sendrecv');
			if (!stillSending) this.unpublish(track.info.sid);
		}
	}

	unpublish(trackSid: string): void {
		const track = this.tracks.get(trackSid);
		if (!track) return;
		this.tracks.delete(trackSid);
		track.forwarded.close();
		this.listener.onTrackUnpublished(this, track);
		this.send({ case: 'trackUnpublished', value: new TrackUnpublishedResponse({ trackSid }) });
		this.changed();
	}

	private onPublisherTrack(event: RTCTrackEvent): void {
		const mid = event.transceiver.mid;
		const track = [...this.tracks.values()].find((entry) => entry.mid === mid);
		if (!track) {
			this.log.debug({ mid, identity: this.identity }, 'media for an unannounced track ignored');
			return;
		}
		const hadMedia = track.forwarded.hasMedia;
		// werift reports a transceiver once, with its first stream; simulcast layers are the
		// receiver's other tracks (one per rid).
		const layers = event.receiver.tracks.length > 0 ? event.receiver.tracks : [event.track];
		for (const layer of layers) track.forwarded.addLayer(layer, event.receiver);
		if (!hadMedia) this.listener.onTrackMediaArrived(this, track);
	}

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

	// ---- subscribing --------------------------------------------------------------------------

	wantsAutomatically(trackSid: string): boolean {
		return this.autoSubscribe && this.grant.canSubscribe && !this.optedOut.has(trackSid);
	}

	isSubscribedTo(trackSid: string): boolean {
		return this.subscriptions.has(trackSid);
	}

	/** Starts receiving a published track on the subscriber connection. */
	subscribe(publisher: Participant, track: PublishedTrack): void {
		if (this.closed || !this.readyToReceive || !this.grant.canSubscribe) return;
		if (this.subscriptions.has(track.info.sid) || !track.forwarded.hasMedia) return;
		const pc = this.ensureSubscriber();
		const transceiver = pc.addTransceiver(track.forwarded.kind, { direction: 'sendonly' });
		// livekit-client reads participant and track from the stream id: PA_xxx|TR_xxx.
		transceiver.sender.streamId = `${publisher.sid}|${track.info.sid}`;
		const downTrack = new DownTrack(
			track.forwarded,
			transceiver.sender,
			`${this.identity} <- ${publisher.identity} ${track.info.sid}`
		);
		const preference = this.layerPreferences.get(track.info.sid);
		if (preference) downTrack.setPreference(preference);
		this.subscriptions.set(track.info.sid, { track, publisher, transceiver, downTrack });
		publisher.send({
			case: 'trackSubscribed',
			value: new TrackSubscribed({ trackSid: track.info.sid })
		});
		this.negotiateSubscriber();
	}

	unsubscribe(trackSid: string): void {
		const subscription = this.subscriptions.get(trackSid);
		if (!subscription) return;
		this.subscriptions.delete(trackSid);
		subscription.downTrack.close();
		// recvonly, not inactive: werift writes an inactive section with port 0, which the
		// browser takes as a stopped transceiver without telling livekit-client the track went
		// away. Once the browser answers, werift reuses the section for the next track.
		subscription.transceiver.setDirection('recvonly');
		this.negotiateSubscriber();
	}

	/** Stops receiving everything (the permission to subscribe was taken away). */
	private unsubscribeAll(): void {
		for (const trackSid of [...this.subscriptions.keys()]) this.unsubscribe(trackSid);
	}

	/** Tracks of `publisher` this participant receives (to drop them when it leaves). */
	subscriptionsFrom(publisher: Participant): string[] {
		return [...this.subscriptions.entries()]
			.filter(([, subscription]) => subscription.publisher === publisher)
			.map(([trackSid]) => trackSid);
	}

	private onTrackSetting(settings: UpdateTrackSettings): void {
		this.log.debug(
			{
				identity: this.identity,
				tracks: settings.trackSids,
				disabled: settings.disabled,
				quality: settings.quality,
				width: settings.width,
				height: settings.height
			},
			'track settings'
		);
		for (const trackSid of settings.trackSids) {
			const subscription = this.subscriptions.get(trackSid);
			const track = subscription?.track ?? this.listener.publishedTrack(trackSid);
			const preference: LayerPreference = {
				paused: settings.disabled || settings.quality === VideoQuality.OFF,
				maxRank: track ? wantedRank(track.info, settings) : LAYER_RIDS.length - 1
			};
			this.layerPreferences.set(trackSid, preference);
			subscription?.downTrack.setPreference(preference);
		}
	}

	private ensureSubscriber(): RTCPeerConnection {
		if (this.subscriber) return this.subscriber;
		const pc = createPeerConnection(this.network);
		pc.onIceCandidate.subscribe((candidate) => {
			if (candidate) this.sendCandidate(candidate.toJSON(), SignalTarget.SUBSCRIBER);
		});
		this.subscriber = pc;
		return pc;
	}

	/** Offers the subscriber connection again; one offer in flight at a time. */
	private negotiateSubscriber(): void {
		if (this.closed || !this.subscriber) return;
		if (this.subscriberNegotiating) {
			this.subscriberNeedsOffer = true;
			return;
		}
		this.subscriberNegotiating = true;
		this.subscriberNeedsOffer = false;
		const pc = this.subscriber;
		void (async () => {
			await pc.setLocalDescription(await pc.createOffer());
			const sdp = pc.localDescription?.sdp ?? '';
			this.subscriberOfferId += 1;
			this.send({
				case: 'offer',
				value: new SessionDescription({
					type: 'offer',
					sdp: announceIp(sdp, this.network.announcedIp),
					id: this.subscriberOfferId
				})
			});
		})().catch((error: unknown) => {
			this.subscriberNegotiating = false;
			this.log.warn({ error, identity: this.identity }, 'subscriber offer failed');
		});
	}

	private onSubscriberAnswer(answer: SessionDescription): void {
		const pc = this.subscriber;
		if (!pc || !this.subscriberNegotiating) {
			throw new SignalProtocolError('answer without an offer');
		}
		pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp })
			.then(() => {
				this.subscriberNegotiating = false;
				if (this.subscriberNeedsOffer) this.negotiateSubscriber();
				// Ask for key frames now that the subscriber can decode.
				for (const subscription of this.subscriptions.values()) subscription.downTrack.reselect();
			})
			.catch((error: unknown) => {
				this.subscriberNegotiating = false;
				this.log.warn({ error, identity: this.identity }, 'subscriber answer refused');
			});
	}

	private sendCandidate(candidate: unknown, target: SignalTarget): void {
		const json = candidate as { candidate?: string };
		if (json.candidate) json.candidate = announceIp(json.candidate, this.network.announcedIp);
		this.send({
			case: 'trickle',
			value: new TrickleRequest({ candidateInit: JSON.stringify(json), target, final: false })
		});
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
		// The sender is whoever owns this connection, whatever the packet claims.
		packet.participantIdentity = this.identity;
		packet.participantSid = this.sid;
		let destinations = packet.destinationIdentities;
		if (packet.value.case === 'user') {
			packet.value.value.participantIdentity = this.identity;
			packet.value.value.participantSid = this.sid;
			if (destinations.length === 0) destinations = packet.value.value.destinationIdentities;
		}
		this.listener.onDataPacket(this, label, packet, destinations);
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
			this.log.debug({ error, identity: this.identity }, 'data packet not delivered');
		}
	}

	// ---- periodic -----------------------------------------------------------------------------

	/** Re-picks simulcast layers of what this participant receives. */
	tickLayers(): void {
		for (const track of this.tracks.values()) track.forwarded.tick();
	}

	/** A simple quality from the state of the peer connections. */
	connectionQuality(): ConnectionQualityInfo {
		const states = [this.publisher.connectionState, this.subscriber?.connectionState];
		const quality = states.some((state) => state === 'failed' || state === 'disconnected')
			? ConnectionQuality.LOST
			: ConnectionQuality.EXCELLENT;
		return new ConnectionQualityInfo({
			participantSid: this.sid,
			quality,
			score: quality === ConnectionQuality.EXCELLENT ? 5 : 1
		});
	}

	sendQuality(infos: ConnectionQualityInfo[]): void {
		this.send({
			case: 'connectionQuality',
			value: new ConnectionQualityUpdate({ updates: infos })
		});
	}

	// ---- leaving ------------------------------------------------------------------------------

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
		for (const subscription of this.subscriptions.values()) subscription.downTrack.close();
		this.subscriptions.clear();
		for (const track of this.tracks.values()) track.forwarded.close();
		for (const track of this.pendingTracks.values()) track.forwarded.close();
		const socket = this.socket;
		this.socket = null;
		if (socket && socket.readyState === socket.OPEN) socket.close(1000, 'left');
		void this.publisher.close().catch(() => undefined);
		void this.subscriber?.close().catch(() => undefined);
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

/** The highest layer rank worth sending for the size the subscriber shows the video at. */
function wantedRank(info: TrackInfo, settings: UpdateTrackSettings): number {
	const top = LAYER_RIDS.length - 1;
	if (info.type !== TrackType.VIDEO) return top;
	if (settings.width > 0 || settings.height > 0) {
		const layers = [...info.layers].sort((a, b) => a.width - b.width);
		const fitting = layers.find(
			(layer) => layer.width >= settings.width && layer.height >= settings.height
		);
		const quality = (fitting ?? layers[layers.length - 1])?.quality ?? VideoQuality.HIGH;
		return Math.min(quality, top);
	}
	return Math.min(settings.quality, top);
}

type SdpSection = { mid?: string; trackId?: string; direction?: string };

/** mid, msid track id and direction of each media section of an SDP. */
function sectionsOf(sdp: string): SdpSection[] {
	return sdp
		.split(/\r?\nm=/)
		.slice(1)
		.map((block) => {
			const section: SdpSection = {};
			for (const line of block.split(/\r?\n/)) {
				if (line.startsWith('a=mid:')) section.mid = line.slice(6).trim();
				else if (line.startsWith('a=msid:')) section.trackId = line.slice(7).trim().split(' ')[1];
				else if (/^a=(sendrecv|sendonly|recvonly|inactive)$/.test(line.trim()))
					section.direction = line.trim().slice(2);
			}
			return section;
		});
}
