// What a participant receives: the peer connection this server offers (its subscriber
// connection), one sending transceiver per track received, offered again one offer at a time as
// tracks come and go, and the layer each track is received at.
import {
	SessionDescription,
	SignalTarget,
	TrackType,
	VideoQuality,
	type SignalResponse,
	type TrackInfo,
	type UpdateTrackSettings
} from '@livekit/protocol';
import type { Logger } from 'pino';
import type { RTCPeerConnection, RTCRtpTransceiver } from 'werift';
import type { PublishedTrack } from './publisher';
import type { MeasuredStreams } from './quality';
import { NegotiationDeadline } from './negotiation-deadline';
import { DownTrack, LAYER_RIDS, type LayerPreference } from './sfu/forwarder';
import { announce, createPeerConnection, type PeerNetwork } from './sfu/peer';

/** Who publishes a received track, as the subscriber side needs to know them. */
export interface TrackPublisher {
	readonly sid: string;
	readonly identity: string;
	send(message: SignalResponse['message']): void;
}

export type Subscription = {
	track: PublishedTrack;
	publisher: TrackPublisher;
	transceiver: RTCRtpTransceiver;
	downTrack: DownTrack;
	/** In an offer the browser answered: its transceiver is bound (TrackSubscribed may follow). */
	negotiated: boolean;
	/** Reported through `subscribed` (once negotiated and connected). */
	reported: boolean;
};

/** What the subscriber side needs from its participant. */
export interface SubscriberEvents {
	send(message: SignalResponse['message']): void;
	/** An ICE candidate of the subscriber connection, for the browser. */
	candidate(candidate: unknown, target: SignalTarget): void;
	/**
	 * A track is received for real: negotiated and the connection up (LiveKit's "bound and
	 * connected", after which the publisher may hear TrackSubscribed).
	 */
	subscribed(trackSid: string): void;
	/**
	 * Offers went unanswered even when made again: the browser must join again from scratch
	 * (LiveKit's full reconnect on a failed negotiation).
	 */
	negotiationFailed(): void;
	/**
	 * The connection failed for good: werift gave up on it (its DTLS handshake, or consent
	 * unanswered for 30 s). The browser, whose side may still count it up, must join again.
	 */
	connectionFailed(): void;
}

export class Subscriber {
	private pc: RTCPeerConnection | null = null;
	protected readonly subscriptions = new Map<string, Subscription>();
	/** Tracks unsubscribed from explicitly (not subscribed again automatically). */
	private readonly optedOut = new Set<string>();
	private readonly layerPreferences = new Map<string, LayerPreference>();
	private offerId = 0;
	/** The subscriptions the offer in flight carries. */
	private inOffer: Subscription[] = [];
	private negotiating = false;
	private needsOffer = false;
	/** The wait for the answer to the offer in flight. */
	private readonly answerDeadline: NegotiationDeadline;
	protected closed = false;

	constructor(
		private readonly identity: string,
		private readonly events: SubscriberEvents,
		protected readonly options: {
			network: PeerNetwork;
			log: Logger;
			/** NEGOTIATION_TIMEOUT_MS unless a test says otherwise. */
			negotiationTimeoutMs?: number;
		}
	) {
		this.answerDeadline = new NegotiationDeadline(options.negotiationTimeoutMs);
	}

	get connectionState(): RTCPeerConnection['connectionState'] | undefined {
		return this.pc?.connectionState;
	}

	addIceCandidate(init: { candidate: string; sdpMid?: string; sdpMLineIndex?: number }): void {
		this.pc
			?.addIceCandidate(init)
			.catch((err: unknown) => this.options.log.debug({ err }, 'ICE candidate refused'));
	}

	hasOptedOut(trackSid: string): boolean {
		return this.optedOut.has(trackSid);
	}

	/** The browser asked for this track again: it may be subscribed automatically again. */
	optIn(trackSid: string): void {
		this.optedOut.delete(trackSid);
	}

	/** The browser asked to stop receiving this track: it stays unsubscribed until it asks again. */
	optOut(trackSid: string): void {
		this.optedOut.add(trackSid);
		this.unsubscribe(trackSid);
	}

	/** Starts receiving a published track, once its media flows. */
	subscribe(publisher: TrackPublisher, track: PublishedTrack): void {
		if (this.subscriptions.has(track.info.sid) || !track.forwarded.hasMedia) return;
		const transceiver = addSendingTransceiver(this.ensureConnection(), track.forwarded.kind);
		this.sendOn(transceiver, publisher, track);
		this.negotiate();
	}

	/**
	 * Forwards `track` on `transceiver`'s sender; it counts as received once negotiated. `bound`
	 * false holds its packets back until its DownTrack is bound (single-pc.ts).
	 */
	protected sendOn(
		transceiver: RTCRtpTransceiver,
		publisher: TrackPublisher,
		track: PublishedTrack,
		bound = true
	): Subscription {
		// livekit-client reads participant and track from the stream id: PA_xxx|TR_xxx.
		transceiver.sender.streamId = `${publisher.sid}|${track.info.sid}`;
		const downTrack = new DownTrack(
			track.forwarded,
			transceiver.sender,
			`${this.identity} <- ${publisher.identity} ${track.info.sid}`,
			{ bound }
		);
		const preference = this.layerPreferences.get(track.info.sid);
		if (preference) downTrack.setPreference(preference);
		const subscription: Subscription = {
			track,
			publisher,
			transceiver,
			downTrack,
			negotiated: false,
			reported: false
		};
		this.subscriptions.set(track.info.sid, subscription);
		return subscription;
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
		this.negotiate();
	}

	/** Stops receiving everything (the permission to subscribe was taken away). */
	unsubscribeAll(): void {
		for (const trackSid of [...this.subscriptions.keys()]) this.unsubscribe(trackSid);
	}

	/** Tracks of `publisher` received here (to drop them when it leaves). */
	subscriptionsFrom(publisher: TrackPublisher): string[] {
		return [...this.subscriptions.entries()]
			.filter(([, subscription]) => subscription.publisher === publisher)
			.map(([trackSid]) => trackSid);
	}

	/**
	 * The size or quality the browser shows tracks at (UpdateTrackSettings), kept for tracks not
	 * received yet; `publishedTrack` finds a track published in the room by sid.
	 */
	updateTrackSettings(
		settings: UpdateTrackSettings,
		publishedTrack: (trackSid: string) => PublishedTrack | undefined
	): void {
		this.options.log.debug(
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
			const track = subscription?.track ?? publishedTrack(trackSid);
			const preference: LayerPreference = {
				paused: settings.disabled || settings.quality === VideoQuality.OFF,
				maxRank: track ? wantedRank(track.info, settings) : LAYER_RIDS.length - 1
			};
			this.layerPreferences.set(trackSid, preference);
			subscription?.downTrack.setPreference(preference);
		}
	}

	/** The tracks received on a negotiated sender (connection quality). */
	measuredStreams(): MeasuredStreams['received'] {
		return [...this.subscriptions.entries()]
			.filter(([, subscription]) => subscription.negotiated)
			.map(([trackSid, subscription]) => ({
				trackSid,
				kind: subscription.track.forwarded.kind,
				red: subscription.downTrack.sendsRed,
				sender: subscription.transceiver.sender
			}));
	}

	private ensureConnection(): RTCPeerConnection {
		if (this.pc) return this.pc;
		const pc = createPeerConnection(this.options.network, {
			log: this.options.log,
			fields: { identity: this.identity, connection: 'subscriber' }
		});
		pc.onIceCandidate.subscribe((candidate) => {
			if (candidate) this.events.candidate(candidate.toJSON(), SignalTarget.SUBSCRIBER);
		});
		pc.connectionStateChange.subscribe((state) => {
			if (state === 'failed' && !this.closed) this.events.connectionFailed();
			this.reportSubscribed();
		});
		this.pc = pc;
		return pc;
	}

	/** Offers the subscriber connection again; one offer in flight at a time. */
	private negotiate(): void {
		if (this.closed || !this.pc) return;
		if (this.negotiating) {
			this.needsOffer = true;
			return;
		}
		this.negotiating = true;
		this.needsOffer = false;
		const pc = this.pc;
		const offered = [...this.subscriptions.values()];
		this.inOffer = offered;
		void (async () => {
			await pc.setLocalDescription(await pc.createOffer());
			if (this.closed) return;
			const sdp = pc.localDescription?.sdp ?? '';
			this.offerId += 1;
			this.events.send({
				case: 'offer',
				value: new SessionDescription({
					type: 'offer',
					sdp: announce(sdp, this.options.network),
					id: this.offerId
				})
			});
			this.awaitAnswer();
		})().catch((err: unknown) => {
			this.negotiating = false;
			this.options.log.error({ err, identity: this.identity }, 'subscriber offer failed');
		});
	}

	/**
	 * Gives the offer just sent its time to be answered. Unanswered, it is made again (whatever
	 * the browser could not apply may have passed: a new offer carries what is subscribed now),
	 * and the answer to the old one, should it still come, is ignored; unanswered again, the
	 * browser is asked to join again, as LiveKit does when a negotiation fails.
	 */
	private awaitAnswer(): void {
		const offerId = this.offerId;
		this.answerDeadline.await({
			stillWaiting: () => !this.closed && this.negotiating && this.offerId === offerId,
			askAgain: (unanswered) => {
				this.options.log.warn(
					{ identity: this.identity, offerId, unanswered },
					'subscriber offer unanswered: offering again'
				);
				this.negotiating = false;
				this.negotiate();
			},
			giveUp: (unanswered) => {
				this.options.log.warn(
					{ identity: this.identity, offerId, unanswered },
					'subscriber offers unanswered: asking the browser to rejoin'
				);
				this.events.negotiationFailed();
			}
		});
	}

	/**
	 * The browser's answer to an offer; false when no offer awaits one. An answer to an offer made
	 * again since is ignored (livekit-client numbers its answers with the offer's id; native SDKs
	 * leave it 0).
	 */
	answer(answer: SessionDescription): boolean {
		const pc = this.pc;
		if (answer.id > 0 && answer.id < this.offerId) {
			this.options.log.debug(
				{ identity: this.identity, answerId: answer.id, offerId: this.offerId },
				'answer to an earlier offer ignored'
			);
			return true;
		}
		if (!pc || !this.negotiating) return false;
		this.answerDeadline.replied();
		pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp })
			.then(() => {
				this.negotiating = false;
				for (const subscription of this.inOffer) {
					subscription.negotiated = true;
					if (subscription.track.forwarded.kind === 'audio') applyAudioCodecs(subscription);
				}
				this.reportSubscribed();
				if (this.needsOffer) this.negotiate();
				// Ask for key frames now that the subscriber can decode.
				for (const subscription of this.subscriptions.values()) subscription.downTrack.reselect();
			})
			.catch((err: unknown) => {
				this.negotiating = false;
				this.options.log.error({ err, identity: this.identity }, 'subscriber answer refused');
			});
		return true;
	}

	/** Reports the tracks newly negotiated on a connected subscriber connection. */
	protected reportSubscribed(): void {
		if (this.closed || this.connectionState !== 'connected') return;
		for (const [trackSid, subscription] of this.subscriptions) {
			if (!subscription.negotiated || subscription.reported) continue;
			subscription.reported = true;
			this.events.subscribed(trackSid);
		}
	}

	close(): void {
		if (this.closed) return;
		this.closed = true;
		this.answerDeadline.cancel();
		for (const subscription of this.subscriptions.values()) subscription.downTrack.close();
		this.subscriptions.clear();
		void this.pc?.close().catch(() => undefined);
	}
}

/**
 * A send-only transceiver for a new track, on a free section of its own kind or a new one.
 *
 * werift hands a new transceiver the first section answered inactive that never sent, whatever
 * its kind: a video unsubscribed before its offer was answered (on a 300 ms round trip, a camera
 * the house's link has no room for) left such a section, and the microphone subscribed next took
 * it. Browsers refuse an offer whose section changes kind, and the connection then waits for an
 * answer that never comes: nothing subscribed afterwards is ever received. The other kind's free
 * sections are held out of werift's choice for that one call.
 */
function addSendingTransceiver(pc: RTCPeerConnection, kind: 'audio' | 'video'): RTCRtpTransceiver {
	const otherKind = pc
		.getTransceivers()
		.filter((t) => t.kind !== kind && t.currentDirection === 'inactive' && !t.usedForSender);
	for (const transceiver of otherKind) transceiver.usedForSender = true;
	try {
		return pc.addTransceiver(kind, { direction: 'sendonly' });
	} finally {
		for (const transceiver of otherKind) transceiver.usedForSender = false;
	}
}

/** Tells an audio down track which payload types its subscriber's answer kept (RED or not). */
export function applyAudioCodecs(subscription: Subscription): void {
	const codecs = subscription.transceiver.codecs;
	const named = (name: string) =>
		codecs.find((codec) => codec.mimeType.toLowerCase() === `audio/${name}`)?.payloadType;
	const opus = named('opus');
	if (opus === undefined) return;
	subscription.downTrack.setAudioCodecs({ opus, red: named('red') });
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
