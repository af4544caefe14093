// What a participant receives on the single peer connection path (`/rtc/v1`): no connection of
// its own, the tracks go out on the client's one connection (the publisher connection,
// publisher.ts), in the receive-only sections the client offers for that purpose. As LiveKit's
// server does in that mode (pkg/rtc/transport.go, the send side that never offers):
//
// - The client always offers, this server only answers. A track to send waits for the client's
//   next offer, and is bound, while that offer is answered (between werift's
//   setRemoteDescription and createAnswer), to a free receive-only section of its kind: that
//   transceiver becomes send-only, its stream id `PA_…|TR_…` as on /rtc, and the answer's
//   `midToTrackId` names the track of each section (the Rust core reads the track sid only there;
//   livekit-client reads it from the stream id too).
// - When a track waits, the client is asked to offer again with a `MediaSectionsRequirement`
//   carrying how many more audio and video sections it must add (0 and 0: just offer again). The
//   client's first offer (in the join request) comes anyway, so nothing is asked before it.
// - A request for an offer that no offer follows within NEGOTIATION_TIMEOUT_MS is made again,
//   with every section still missing; a second one unanswered asks the client to rejoin, as an
//   unanswered offer does on /rtc (subscriber.ts). Without it, a client that never offered (its
//   negotiation failed, or the request reached a connection it was replacing) waited connected
//   and received none of the tracks it was waiting for, for ever.
// - A track no longer received leaves its section inactive in the next answer (asked for at once)
//   and the section is free again only once an answer leaving it inactive went out. A section
//   passed from one track to another without that only changes its msid: Chrome fires `track`
//   again, but with the very MediaStreamTrack the old track had, which livekit-client disables
//   when it drops the old track (RemoteTrack.stop), whenever that comes. (A track released while
//   an answer is being written is still in that answer: its section waits for the next one.)
import { MediaSectionsRequirement } from '@livekit/protocol';
import type { RTCPeerConnection, RTCRtpTransceiver } from 'werift';
import type { AnswerHooks, PublishedTrack } from './publisher';
import { sectionsOf } from './sdp';
import { NegotiationDeadline } from './negotiation-deadline';
import {
	applyAudioCodecs,
	Subscriber,
	type SubscriberEvents,
	type Subscription,
	type TrackPublisher
} from './subscriber';

type Kind = 'audio' | 'video';

/** One receive-only section the client offered, as this server uses it. */
type Section = {
	transceiver: RTCRtpTransceiver;
	kind: Kind;
	/**
	 * free: answered inactive; bound: carries `trackSid`; releasing: its track is no longer sent,
	 * free once an answer has gone that leaves the section inactive.
	 */
	state: 'free' | 'bound' | 'releasing';
	/** The track it carries, or carried until the answer that frees it. */
	trackSid?: string;
};

type Waiting = { track: PublishedTrack; publisher: TrackPublisher };

/** What the single connection side needs from its participant, beyond a subscriber's. */
export interface SinglePcEvents extends SubscriberEvents {
	/** The client offered (its first offer makes it ready to receive). */
	offered(): void;
}

/** Most receive-only sections asked of one client, whatever happens (a runaway guard). */
const MAX_SECTIONS = 64;

export class SinglePcSubscriber extends Subscriber implements AnswerHooks {
	/** Tracks to send that have no section yet, in the order they came. */
	private readonly waiting = new Map<string, Waiting>();
	private readonly sections = new Map<string, Section>();
	/** Sections asked for and not offered yet. */
	private readonly asked: Record<Kind, number> = { audio: 0, video: 0 };
	/** An offer is expected (the first one always is): no need to ask for one. */
	private offerExpected = true;
	/** An offer is being answered: what changes now is settled when the answer has gone. */
	private answering = false;
	/** Subscriptions bound in the answer being written. */
	private boundNow: Subscription[] = [];
	private connection: RTCPeerConnection | null = null;
	/** The wait for the offer last asked for. */
	private readonly offerDeadline: NegotiationDeadline;

	constructor(
		private readonly who: string,
		private readonly single: SinglePcEvents,
		options: ConstructorParameters<typeof Subscriber>[2]
	) {
		super(who, single, options);
		this.offerDeadline = new NegotiationDeadline(options.negotiationTimeoutMs);
	}

	override get connectionState(): RTCPeerConnection['connectionState'] | undefined {
		return this.connection?.connectionState;
	}

	override addIceCandidate(init: {
		candidate: string;
		sdpMid?: string;
		sdpMLineIndex?: number;
	}): void {
		// Both targets mean the one connection here.
		this.connection
			?.addIceCandidate(init)
			.catch((err: unknown) => this.options.log.debug({ err }, 'ICE candidate refused'));
	}

	override subscribe(publisher: TrackPublisher, track: PublishedTrack): void {
		const trackSid = track.info.sid;
		if (this.closed || this.subscriptions.has(trackSid) || this.waiting.has(trackSid)) return;
		if (!track.forwarded.hasMedia) return;
		this.waiting.set(trackSid, { track, publisher });
		this.askForOffer();
	}

	override unsubscribe(trackSid: string): void {
		if (this.waiting.delete(trackSid)) return;
		const subscription = this.subscriptions.get(trackSid);
		if (!subscription) return;
		this.subscriptions.delete(trackSid);
		subscription.downTrack.close();
		const section = this.sectionOf(subscription.transceiver);
		if (section) section.state = 'releasing';
		subscription.transceiver.setDirection('inactive');
		this.askForOffer();
	}

	override unsubscribeAll(): void {
		this.waiting.clear();
		super.unsubscribeAll();
	}

	override subscriptionsFrom(publisher: TrackPublisher): string[] {
		const waiting = [...this.waiting.entries()]
			.filter(([, entry]) => entry.publisher === publisher)
			.map(([trackSid]) => trackSid);
		return [...super.subscriptionsFrom(publisher), ...waiting];
	}

	/** The client never answers here: it always offers. */
	override answer(): boolean {
		return false;
	}

	override close(): void {
		this.waiting.clear();
		this.offerDeadline.cancel();
		// The connection is the publisher's, closed with it.
		super.close();
	}

	// ---- answering the client's offer (AnswerHooks, called by publisher.ts) --------------------

	beforeAnswer(pc: RTCPeerConnection): void {
		if (!this.connection) {
			this.connection = pc;
			pc.connectionStateChange.subscribe(() => this.reportSubscribed());
		}
		this.answering = true;
		this.offerExpected = false;
		this.offerDeadline.replied();
		this.single.offered();
		this.readSections(pc);
		this.bindWaiting();
	}

	/** The track of each section `answer` sends on (one released while it was written included). */
	midToTrackId(answer: string): Record<string, string> {
		const sending = sendingMids(answer);
		const map: Record<string, string> = {};
		for (const [mid, section] of this.sections) {
			if (section.trackSid && sending.has(mid)) map[mid] = section.trackSid;
		}
		return map;
	}

	answered(answer: string): void {
		this.answering = false;
		// A section is free once an answer that sends nothing on it has gone. A track released
		// while this answer was being written (werift had written the SDP: someone left the room
		// as a rejoin was answered) was still sent in it; freed now, the section would pass to the
		// next track with only its msid changed (see the top of this file).
		const sending = sendingMids(answer);
		let stillSent = false;
		for (const [mid, section] of this.sections) {
			if (section.state !== 'releasing') continue;
			if (sending.has(mid)) stillSent = true;
			else {
				section.state = 'free';
				section.trackSid = undefined;
			}
		}
		for (const subscription of this.boundNow) {
			// Dropped again within this answer (the section went away): nothing to start.
			if (this.subscriptions.get(subscription.track.info.sid) !== subscription) continue;
			subscription.negotiated = true;
			// The offer settled the section's codecs (RED or plain Opus), as an answer does on /rtc.
			if (subscription.track.forwarded.kind === 'audio') applyAudioCodecs(subscription);
			// Its packets flow from now on, the first key frame asked for now: not before the client
			// has been sent the answer that gives it this section (see DownTrack.bind).
			subscription.downTrack.bind();
		}
		this.boundNow = [];
		this.reportSubscribed();
		// Ask for key frames now that the client can decode.
		for (const subscription of this.subscriptions.values()) subscription.downTrack.reselect();
		if (this.waiting.size > 0 || stillSent) this.askForOffer();
		this.options.log.debug(
			{
				identity: this.who,
				sections: [...this.sections].map(([mid, { state, trackSid }]) =>
					[mid, state, trackSid].filter(Boolean).join(' ')
				),
				waiting: [...this.waiting.keys()]
			},
			'single peer connection answered'
		);
	}

	/** The receive-only sections of the offer just applied, new ones free. */
	private readSections(pc: RTCPeerConnection): void {
		const offered = new Set<string>();
		for (const transceiver of pc.getTransceivers()) {
			const mid = transceiver.mid;
			// offerDirection is the offer's direction seen from here: the client's recvonly.
			if (!mid || transceiver.offerDirection !== 'sendonly') continue;
			if (transceiver.kind !== 'audio' && transceiver.kind !== 'video') continue;
			offered.add(mid);
			const known = this.sections.get(mid);
			if (known?.transceiver === transceiver) continue;
			if (known) this.dropSection(mid, known);
			const kind = transceiver.kind;
			this.asked[kind] = Math.max(0, this.asked[kind] - 1);
			this.sections.set(mid, { transceiver, kind, state: 'free' });
		}
		for (const [mid, section] of this.sections) {
			if (!offered.has(mid)) this.dropSection(mid, section);
		}
	}

	/** A section the client no longer offers for receiving: its track waits for another. */
	private dropSection(mid: string, section: Section): void {
		this.sections.delete(mid);
		const trackSid = section.trackSid;
		const subscription = trackSid ? this.subscriptions.get(trackSid) : undefined;
		if (!trackSid || subscription?.transceiver !== section.transceiver) return;
		this.subscriptions.delete(trackSid);
		subscription.downTrack.close();
		this.waiting.set(trackSid, { track: subscription.track, publisher: subscription.publisher });
	}

	/** Gives waiting tracks the free sections of their kind. */
	private bindWaiting(): void {
		for (const [trackSid, { track, publisher }] of this.waiting) {
			const section = [...this.sections.values()].find(
				(entry) => entry.state === 'free' && entry.kind === track.forwarded.kind
			);
			if (!section) continue;
			this.waiting.delete(trackSid);
			section.state = 'bound';
			section.trackSid = trackSid;
			section.transceiver.setDirection('sendonly');
			this.boundNow.push(this.sendOn(section.transceiver, publisher, track, false));
		}
	}

	/**
	 * Asks the client for an offer with the sections still missing, unless one is on its way
	 * (or being answered, which settles everything once sent).
	 */
	private askForOffer(): void {
		if (this.closed || this.answering) return;
		const missing: Record<Kind, number> = { audio: 0, video: 0 };
		for (const { track } of this.waiting.values()) missing[track.forwarded.kind] += 1;
		for (const section of this.sections.values()) {
			if (section.state === 'free') missing[section.kind] -= 1;
		}
		const room = Math.max(
			0,
			MAX_SECTIONS - this.sections.size - this.asked.audio - this.asked.video
		);
		const numAudios = Math.min(room, Math.max(0, missing.audio - this.asked.audio));
		const numVideos = Math.min(room - numAudios, Math.max(0, missing.video - this.asked.video));
		if (numAudios + numVideos === 0 && this.offerExpected) return;
		this.options.log.debug(
			{ identity: this.who, numAudios, numVideos },
			'single peer connection asks for an offer'
		);
		this.asked.audio += numAudios;
		this.asked.video += numVideos;
		this.offerExpected = true;
		this.single.send({
			case: 'mediaSectionsRequirement',
			value: new MediaSectionsRequirement({ numAudios, numVideos })
		});
		this.awaitOffer();
	}

	/**
	 * Gives the offer just asked for its time to come. None came: asked again, for every section
	 * still missing (those asked before may never have been added); none again, the client is
	 * asked to join again.
	 */
	private awaitOffer(): void {
		const log = () => ({ identity: this.who, waiting: this.waiting.size });
		this.offerDeadline.await({
			stillWaiting: () => !this.closed && !this.answering && this.offerExpected,
			askAgain: (unoffered) => {
				this.options.log.warn({ ...log(), unoffered }, 'offer asked for never came: asking again');
				this.asked.audio = 0;
				this.asked.video = 0;
				this.offerExpected = false;
				this.askForOffer();
			},
			giveUp: (unoffered) => {
				this.options.log.warn(
					{ ...log(), unoffered },
					'offer asked for never came: asking the client to rejoin'
				);
				this.single.negotiationFailed();
			}
		});
	}

	private sectionOf(transceiver: RTCRtpTransceiver): Section | undefined {
		return [...this.sections.values()].find((section) => section.transceiver === transceiver);
	}
}

/** The mids of the sections an answer sends media on. */
function sendingMids(answer: string): Set<string> {
	const mids = new Set<string>();
	for (const { mid, direction } of sectionsOf(answer)) {
		if (mid !== undefined && (direction === 'sendonly' || direction === 'sendrecv')) mids.add(mid);
	}
	return mids;
}
