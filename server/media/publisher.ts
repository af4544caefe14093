// What a participant publishes: the peer connection the browser offers (its publisher
// connection), the tracks it announces with addTrack, bound to their m-lines by its offers, and
// the media arriving on them. The participant hears what happens through `PublisherEvents`.
import {
	RequestResponse,
	RequestResponse_Reason,
	SessionDescription,
	SignalTarget,
	TrackInfo,
	TrackPublishedResponse,
	TrackType,
	type AddTrackRequest,
	type SignalResponse
} from '@livekit/protocol';
import type { Logger } from 'pino';
import type { RTCDataChannel, RTCPeerConnection, RTCTrackEvent } from 'werift';
import { canPublishSource, type VideoGrant } from './auth';
import { sid } from './ids';
import { answerOffer } from './answer';
import { shapeAudioAnswer, type AudioSectionWish } from './audio-codecs';
import type { MeasuredStreams } from './quality';
import { sectionsOf, type SdpSection } from './sdp';
import { ForwardedTrack } from './sfu/forwarder';
import {
	announce,
	createPeerConnection,
	enlargeReceiveBuffers,
	type PeerNetwork
} from './sfu/peer';

/** A track a participant publishes. */
export interface PublishedTrack {
	info: TrackInfo;
	/** MediaStreamTrack id in the browser, which names the track in the SDP's msid. */
	cid: string;
	/** The publisher's m-line carrying it, once negotiated. */
	mid?: string;
	forwarded: ForwardedTrack;
	/** Audio: the browser asked for RED (livekit-client's `red`, AddTrackRequest.disableRed). */
	red: boolean;
}

/** What the publisher side tells its participant, and what it needs from it. */
export interface PublisherEvents {
	/** The participant's grant now (it may change while the participant is in the room). */
	grant(): VideoGrant;
	send(message: SignalResponse['message']): void;
	/** An ICE candidate of the publisher connection, for the browser. */
	candidate(candidate: unknown, target: SignalTarget): void;
	/** The publisher connection is up. */
	connected(): void;
	/** The browser opened a data channel on the publisher connection. */
	dataChannel(channel: RTCDataChannel): void;
	/** A track's m-line is negotiated: it is published from now on. */
	trackPublished(track: PublishedTrack): void;
	/** The first media of a track arrived. */
	trackMediaArrived(track: PublishedTrack): void;
	/** A track is no longer published (its media has stopped; the browser is not told yet). */
	trackUnpublished(track: PublishedTrack): void;
	/** The browser's first offer is answered: its connections exist from now on. */
	firstOfferAnswered(): void;
	/**
	 * The connection failed for good: werift gave up on it (its DTLS handshake, or consent
	 * unanswered for 30 s). The browser, whose side may still count it up, must join again.
	 */
	connectionFailed(): void;
}

/**
 * What the single peer connection path (single-pc.ts) adds to answering the client's offers: the
 * tracks it forwards take sections of that offer, and the answer names them.
 */
export interface AnswerHooks {
	/** The offer is applied to `pc`, the answer not written yet. */
	beforeAnswer(pc: RTCPeerConnection): void;
	/** The mid → track sid map of `answer` (the SDP about to be sent). */
	midToTrackId(answer: string): Record<string, string>;
	/** `answer` has been sent. */
	answered(answer: string): void;
}

export class Publisher {
	readonly tracks = new Map<string, PublishedTrack>();
	/** Set on the single peer connection path, where this connection receives too. */
	answerHooks: AnswerHooks | null = null;
	private readonly pc: RTCPeerConnection;
	/** Tracks announced by addTrack whose media has not been negotiated yet, by cid. */
	private readonly pendingTracks = new Map<string, PublishedTrack>();
	/** Offers are answered one at a time, in order. */
	private offers: Promise<void> = Promise.resolve();
	private answered = false;
	private closed = false;

	constructor(
		private readonly identity: string,
		private readonly events: PublisherEvents,
		private readonly options: { maxTracks: number; network: PeerNetwork; log: Logger }
	) {
		const pc = createPeerConnection(options.network, {
			log: options.log,
			fields: { identity, connection: 'publisher' }
		});
		this.pc = pc;
		pc.onDataChannel.subscribe((channel) => events.dataChannel(channel));
		pc.ontrack = (event) => this.onTrack(event);
		pc.onIceCandidate.subscribe((candidate) => {
			if (candidate) events.candidate(candidate.toJSON(), SignalTarget.PUBLISHER);
		});
		pc.connectionStateChange.subscribe((state) => {
			if (state === 'connected') {
				enlargeReceiveBuffers(pc);
				events.connected();
			} else if (state === 'failed' && !this.closed) {
				events.connectionFailed();
			}
		});
	}

	get connectionState(): RTCPeerConnection['connectionState'] {
		return this.pc.connectionState;
	}

	addIceCandidate(init: { candidate: string; sdpMid?: string; sdpMLineIndex?: number }): void {
		this.pc
			.addIceCandidate(init)
			.catch((err: unknown) => this.options.log.debug({ err }, 'ICE candidate refused'));
	}

	/** An addTrack request: the track waits for the offer that carries it, or is refused. */
	addTrack(request: AddTrackRequest): void {
		const refuse = (reason: RequestResponse_Reason, text: string) => {
			this.options.log.info({ identity: this.identity, reason: text }, 'track refused');
			this.events.send({
				case: 'requestResponse',
				value: new RequestResponse({
					reason,
					message: text,
					request: { case: 'addTrack', value: request }
				})
			});
		};
		if (!canPublishSource(this.events.grant(), request.source)) {
			refuse(RequestResponse_Reason.NOT_ALLOWED, 'not allowed to publish from this source');
			return;
		}
		if (this.pendingTracks.has(request.cid)) return;
		const limit = this.options.maxTracks;
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
			forwarded: new ForwardedTrack(kind),
			red: kind === 'audio' && !request.disableRed
		};
		this.pendingTracks.set(request.cid, track);
		this.events.send({
			case: 'trackPublished',
			value: new TrackPublishedResponse({ cid: request.cid, track: info })
		});
	}

	/** The browser's offer: tracks are bound or dropped by its m-lines, then it is answered. */
	offer(offer: SessionDescription): void {
		this.offers = this.offers
			.then(async () => {
				if (this.closed) return;
				const msids = sectionsOf(offer.sdp);
				// Tracks are bound to their m-lines first: werift reports them during
				// setRemoteDescription.
				this.bindPendingTracks(msids);
				this.dropRemovedTracks(msids);
				const hooks = this.answerHooks;
				const sdp = this.shapeAudio(
					await answerOffer(
						this.pc,
						offer.sdp,
						hooks ? () => hooks.beforeAnswer(this.pc) : undefined
					)
				);
				this.events.send({
					case: 'answer',
					value: new SessionDescription({
						type: 'answer',
						sdp: announce(sdp, this.options.network),
						id: offer.id,
						midToTrackId: hooks?.midToTrackId(sdp) ?? {}
					})
				});
				hooks?.answered(sdp);
				if (!this.answered) {
					this.answered = true;
					this.events.firstOfferAnswered();
				}
			})
			.catch((err: unknown) => {
				// The browser or SDK waits for this answer and will give up on the connection.
				this.options.log.error({ err, identity: this.identity }, 'publisher offer not answered');
			});
	}

	/**
	 * FEC and DTX for Opus, RED first where the track asked for it. DTX is one choice for the
	 * whole connection (one Opus fmtp per BUNDLE group): off when any microphone turned it off.
	 */
	private shapeAudio(answer: string): string {
		const wishes = new Map<string, AudioSectionWish>();
		let dtx = true;
		for (const track of [...this.tracks.values(), ...this.pendingTracks.values()]) {
			if (track.forwarded.kind !== 'audio') continue;
			if (track.info.disableDtx) dtx = false;
			if (track.mid) wishes.set(track.mid, { red: track.red });
		}
		return shapeAudioAnswer(answer, wishes, dtx);
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
				this.events.trackPublished(pending);
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
		this.events.trackUnpublished(track);
	}

	private onTrack(event: RTCTrackEvent): void {
		const mid = event.transceiver.mid;
		const track = [...this.tracks.values()].find((entry) => entry.mid === mid);
		if (!track) {
			this.options.log.debug(
				{ mid, identity: this.identity },
				'media for an unannounced track ignored'
			);
			return;
		}
		const hadMedia = track.forwarded.hasMedia;
		// werift reports a transceiver once, with its first stream; simulcast layers are the
		// receiver's other tracks (one per rid).
		const layers = event.receiver.tracks.length > 0 ? event.receiver.tracks : [event.track];
		for (const layer of layers) track.forwarded.addLayer(layer, event.receiver);
		if (!hadMedia) this.events.trackMediaArrived(track);
	}

	/** The unmuted tracks whose media arrived, with their receiver (connection quality). */
	measuredStreams(): MeasuredStreams['published'] {
		const streams: MeasuredStreams['published'] = [];
		for (const track of this.tracks.values()) {
			const receiver = track.forwarded.receiver;
			if (!receiver || track.info.muted) continue;
			const { kind } = track.forwarded;
			streams.push({ trackSid: track.info.sid, kind, red: track.red, receiver });
		}
		return streams;
	}

	/** Re-picks the simulcast layers forwarded of each track. */
	tickLayers(): void {
		for (const track of this.tracks.values()) track.forwarded.tick();
	}

	close(): void {
		if (this.closed) return;
		this.closed = true;
		for (const track of this.tracks.values()) track.forwarded.close();
		for (const track of this.pendingTracks.values()) track.forwarded.close();
		void this.pc.close().catch(() => undefined);
	}
}
