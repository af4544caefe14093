// The state of one call, in runes over livekit-client's Room: joining, the phase the person is
// told, rejoining when the link drops, and the tiles. The person's own media and the chat, hands
// and reactions are two parts of it (`media`, `signals`). Only call pages load this module (the
// call page imports its component dynamically), so livekit-client stays off other pages.
import { Room, RoomEvent, Track, type DisconnectReason } from 'livekit-client';
import type { LinkBudgetView } from '$lib/live-events';
import { fetchToken } from './api';
import type { Captures } from './capture';
import type { JoinChoices } from './choices';
import { deviceErrorMessage } from './devices';
import {
	lowerCap,
	qualityOf,
	sampleFromStats,
	WeakLinkDetector,
	type StatCounters,
	type StatEntry
} from './link';
import { LocalMedia } from './media.svelte';
import { parseModerationNotice, type MutedSource } from './moderation-notice';
import {
	phaseAfterDisconnect,
	REJOINED_NOTICE_MS,
	rejoinDelayMs,
	rejoinRetriesAfter,
	type CallPhase
} from './phase';
import { newRoomDevicesOfMyHouse } from './room-device';
import type { ChatEntry } from './signal-messages';
import { CallSignals } from './signals.svelte';
import { tilesOfRoom, type AudioView, type QualityName, type TileView } from './tiles';
import { Timers } from './timers';

export type CallOptions = {
	/** POST → { url, token }. */
	tokenUrl: string;
	/** POST { id, body } saves a chat message. */
	chatUrl: string;
	me: { userId: string; name: string };
	chat: ChatEntry[];
	/** What the house's link leaves this person, as the page's load worked it out. */
	linkBudget?: LinkBudgetView | null;
};

/** How often the browser's WebRTC statistics are read for the weak-link detector. */
const STATS_INTERVAL_MS = 2_000;
/**
 * How long a remote mute waits for the server's word on who did it (sent just after it) before
 * the person is told only that a manager did: one notice said, not a bare one then a named one.
 */
const MUTED_BY_WAIT_MS = 1_500;

export class CallSession {
	phase = $state<CallPhase>('idle');
	failure = $state('');
	tiles = $state.raw<TileView[]>([]);
	audioTracks = $state.raw<AudioView[]>([]);
	/**
	 * Remote videos this call has received since the join (a track the server sent, even one
	 * dropped at once): audio only must keep it at 0. Shown on the page for tests and support.
	 */
	videoReceived = $state(0);
	/** false when the browser blocked autoplay: a click on "hear the room" resumes it. */
	canPlayAudio = $state(true);
	/** The person's microphone, camera, screen and bandwidth. */
	readonly media: LocalMedia;
	/** Chat, raised hands and reactions. */
	readonly signals: CallSignals;
	/** What the house's shared link leaves this person (null: no house link to share). */
	linkBudget = $state.raw<LinkBudgetView | null>(null);
	/** The person's own link cannot carry video: received video is paused until it recovers. */
	weakLink = $state(false);
	/** The person's own link as their browser measures it, for their tile (null: not yet). */
	ownQuality = $state<QualityName | null>(null);
	/** The camera's simulcast layers being sent (low first), for the page and tests. */
	sendLayers = $state<boolean[]>([]);

	private room: Room | null = null;
	private choices: JoinChoices | null = null;
	private leaving = false;
	private rejoinAttempt = 0;
	private readonly timers = new Timers();
	// Room devices already seen in this call: each one turns the microphone off once, so a person
	// who turns it back on (they are elsewhere in the house) is not muted again on every event.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	private seenRoomDevices = new Set<string>();
	private readonly options: CallOptions;
	private readonly detector = new WeakLinkDetector();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	private readonly statCounters: StatCounters = new Map();
	private statsTimer: ReturnType<typeof setInterval> | null = null;

	constructor(options: CallOptions) {
		this.options = options;
		const host = {
			room: () => this.room,
			choices: () => this.choices,
			leaving: () => this.leaving,
			refresh: () => this.refresh(),
			timers: this.timers
		};
		this.media = new LocalMedia(host);
		this.signals = new CallSignals(host, options);
		this.linkBudget = options.linkBudget ?? null;
	}

	/**
	 * The house's link budget changed (a live event): the camera's layers and the received video
	 * follow it at once.
	 */
	setLinkBudget(budget: LinkBudgetView): void {
		this.linkBudget = budget;
		this.applyCaps();
	}

	/** The caps of the moment, from the house's budget and the person's own link, applied. */
	private applyCaps(): void {
		this.media.receiveCap = lowerCap(
			this.linkBudget?.receive ?? null,
			this.weakLink ? 'none' : null
		);
		void this.media.setSendCap(this.linkBudget?.send ?? null);
		const room = this.room;
		if (room) this.media.applyBandwidthToRoom(room);
		this.refresh();
	}

	/** Reads the link's statistics every few seconds while the call lasts. */
	private watchLink(room: Room): void {
		this.stopWatchingLink();
		this.statsTimer = setInterval(() => {
			if (this.room !== room) return;
			this.readLink(room).catch((error: unknown) => {
				// A track that went away between the listing and its stats: the next reading will do.
				console.debug('link statistics not read', error);
			});
		}, STATS_INTERVAL_MS);
	}

	private stopWatchingLink(): void {
		if (this.statsTimer) clearInterval(this.statsTimer);
		this.statsTimer = null;
		this.statCounters.clear();
		this.detector.reset();
		this.weakLink = false;
		this.ownQuality = null;
	}

	/**
	 * One reading: what the person receives (loss, jitter, dropped frames) and the round trip of
	 * their connection. Sending: with a LiveKit server, dynacast may turn layers back on that the
	 * house's budget turned off, so the cap is applied again at each reading. One getStats per
	 * connection, not per track: a browser gathers a connection's whole report even for one
	 * track's, so a large call would pay for it once per track every reading.
	 */
	private async readLink(room: Room): Promise<void> {
		const received = [...room.remoteParticipants.values()].flatMap((participant) =>
			[...participant.trackPublications.values()].flatMap((publication) =>
				publication.track ? [publication.track.mediaStreamTrack.id] : []
			)
		);
		const sending = [...room.localParticipant.trackPublications.values()].some(
			(publication) => publication.track
		);
		// On a single peer connection (no subscriber) the publisher's carries both ways.
		const { publisher, subscriber = publisher } = room.engine.pcManager ?? {};
		const connections = [
			received.length > 0 ? subscriber : undefined,
			sending ? publisher : undefined
		];
		const reports = await Promise.all(
			connections.flatMap((connection, index) =>
				connection && connections.indexOf(connection) === index ? [connection.getStats()] : []
			)
		);
		if (this.room !== room) return;
		// Only the tracks received now: a track unsubscribed since (on audio only, or on a weak
		// link) keeps its last statistics in the connection's report, its jitter with them.
		const entries = reports
			.flatMap((report) => [...report.values()].map((entry) => entry as StatEntry))
			.filter(
				(entry) =>
					entry.type !== 'inbound-rtp' ||
					entry.trackIdentifier === undefined ||
					received.includes(entry.trackIdentifier)
			);
		const sample = sampleFromStats(entries, this.statCounters, performance.now());
		if (sample.loss !== null || sample.rtt !== null) this.ownQuality = qualityOf(sample);
		if (this.detector.add(sample)) {
			this.weakLink = this.detector.weak;
			this.applyCaps();
		} else {
			this.media.applySendCap();
			this.refresh();
		}
	}

	/**
	 * Joins with the person's choices; honest phases all the way. `captures` are the live tracks
	 * pre-join opened: the call takes them over (and stops them when it is done).
	 */
	async join(choices: JoinChoices, captures: Captures = {}): Promise<void> {
		this.choices = choices;
		this.leaving = false;
		this.phase = 'connecting';
		this.seenRoomDevices.clear();
		this.videoReceived = 0;
		this.signals.clearReactions();
		this.media.start(choices.bandwidth, captures);
		await this.connect(false);
	}

	private async connect(rejoin: boolean): Promise<void> {
		const choices = this.choices;
		if (!choices) return;
		const room = new Room({
			// Received video follows the tile's size and publishers only send the layers watched:
			// both matter most on a village's weak link.
			adaptiveStream: true,
			dynacast: true,
			// The captures belong to this session, not to one Room: a Room that drops must not
			// stop them, so the rejoin publishes the same live camera and microphone.
			stopLocalTrackOnUnpublish: false,
			audioOutput: choices.audioOutput ? { deviceId: choices.audioOutput } : undefined
		});
		this.room = room;
		this.listen(room);
		try {
			const { url, token } = await fetchToken(this.options.tokenUrl, choices.roomDevice);
			if (this.room !== room || this.leaving) return;
			// Audio only must not receive a single video packet: with autoSubscribe the server sends
			// every track already published before the client can say no, so the client subscribes
			// itself (the tracks already here just below, later ones on TrackPublished).
			await room.connect(url, token, { autoSubscribe: choices.bandwidth !== 'audio' });
		} catch (error) {
			if (this.room !== room || this.leaving) return;
			room.removeAllListeners();
			await room.disconnect(false).catch(() => undefined);
			if (rejoin && rejoinRetriesAfter(error)) {
				this.scheduleRejoin();
				return;
			}
			this.room = null;
			this.media.captures.release();
			this.failure = error instanceof Error ? error.message : String(error);
			this.phase = 'failed';
			return;
		}
		this.rejoinAttempt = 0;
		this.listenForRemoteMutes(room);
		// Tracks published before the join gave no TrackPublished (livekit-client only emits it
		// once connected): the bandwidth choice and the house's link apply to them here.
		this.media.sendCap = this.linkBudget?.send ?? null;
		this.media.receiveCap = this.linkBudget?.receive ?? null;
		this.media.applyBandwidthToRoom(room);
		this.watchLink(room);
		this.canPlayAudio = room.canPlaybackAudio;
		if (rejoin) this.showRejoined();
		else this.phase = 'connected';
		// A room device of the person's house already here: their microphone stays off.
		const roomDeviceHere = this.noticeRoomDevices(room);
		await this.media.publishOnConnect(rejoin, roomDeviceHere);
		this.signals.announceHand();
		this.refresh();
	}

	/**
	 * Room device mode (see room-device.ts): a room device of this person's house that was not
	 * seen before turns their microphone off once and says why. Returns whether one was new.
	 */
	private noticeRoomDevices(room: Room): boolean {
		const fresh = newRoomDevicesOfMyHouse(
			room.localParticipant,
			room.remoteParticipants.values(),
			this.seenRoomDevices
		);
		for (const device of fresh) {
			this.seenRoomDevices.add(device.identity);
			this.media.roomDeviceMuted = device.houseName ?? '';
		}
		return fresh.length > 0;
	}

	/**
	 * A manager muted one of this person's tracks through the media server (LiveKit's remote mute,
	 * which livekit-client applies without saying it came from elsewhere): the person is told.
	 * The engine is the Room's for good once connected.
	 */
	private listenForRemoteMutes(room: Room) {
		room.engine.on('remoteMute', (trackSid, muted) => {
			const publication = room.localParticipant.trackPublications.get(trackSid);
			const source: MutedSource | null =
				publication?.source === Track.Source.Microphone
					? 'microphone'
					: publication?.source === Track.Source.Camera
						? 'camera'
						: null;
			if (!publication || !source || !muted) return;
			this.timers.later(MUTED_BY_WAIT_MS, () => {
				if (this.room === room && publication.isMuted) {
					this.media.noticeModeration({ source, by: null });
				}
			});
		});
	}

	private muteForRoomDevice(room: Room) {
		if (this.room !== room || !this.noticeRoomDevices(room)) return;
		// Queued behind a microphone being published at the same moment, so it cannot win the race.
		void this.media.setMicrophone(false);
	}

	private showRejoined() {
		this.phase = 'rejoined';
		this.timers.later(REJOINED_NOTICE_MS, () => {
			if (this.phase === 'rejoined') this.phase = 'connected';
		});
	}

	/** livekit-client gave up: join again with a fresh token, keeping the person's choices. */
	private scheduleRejoin() {
		this.phase = 'rejoining';
		this.tiles = [];
		this.audioTracks = [];
		this.signals.forgetHands();
		const delay = rejoinDelayMs(this.rejoinAttempt);
		this.rejoinAttempt += 1;
		this.timers.later(delay, () => {
			if (!this.leaving) void this.connect(true);
		});
	}

	private listen(room: Room) {
		const refresh = () => this.refresh();
		const current = () => this.room === room;
		room
			.on(RoomEvent.ParticipantConnected, (participant) => {
				// Late arrivals learn who already raised a hand.
				this.signals.announceHand([participant.identity]);
				this.muteForRoomDevice(room);
				refresh();
			})
			.on(RoomEvent.ParticipantDisconnected, (participant) => {
				this.signals.forget(participant.identity);
				// A room device that leaves and comes back mutes its house again.
				this.seenRoomDevices.delete(participant.identity);
				refresh();
			})
			.on(RoomEvent.TrackSubscribed, (track) => {
				if (track.kind === Track.Kind.Video) this.videoReceived += 1;
				refresh();
			})
			.on(RoomEvent.TrackUnsubscribed, refresh)
			.on(RoomEvent.TrackPublished, (publication) => {
				this.media.applyBandwidth(publication);
				refresh();
			})
			.on(RoomEvent.TrackUnpublished, refresh)
			.on(RoomEvent.TrackMuted, (publication, participant) => {
				if (participant === room.localParticipant) {
					this.media.mutedFromOutside(publication.source);
				}
				refresh();
			})
			.on(RoomEvent.TrackUnmuted, refresh)
			.on(RoomEvent.LocalTrackPublished, refresh)
			.on(RoomEvent.LocalTrackUnpublished, refresh)
			.on(RoomEvent.ActiveSpeakersChanged, refresh)
			.on(RoomEvent.ConnectionQualityChanged, refresh)
			.on(RoomEvent.ParticipantMetadataChanged, () => {
				this.muteForRoomDevice(room);
				refresh();
			})
			.on(RoomEvent.ParticipantNameChanged, refresh)
			.on(RoomEvent.AudioPlaybackStatusChanged, () => {
				this.canPlayAudio = room.canPlaybackAudio;
			})
			.on(RoomEvent.MediaDevicesError, (error, kind) => {
				this.media.deviceError = deviceErrorMessage(
					error,
					kind === 'videoinput' ? 'camera' : 'microphone'
				);
			})
			.on(RoomEvent.Reconnecting, () => {
				if (current()) this.phase = 'reconnecting';
			})
			.on(RoomEvent.SignalReconnecting, () => {
				if (current()) this.phase = 'reconnecting';
			})
			.on(RoomEvent.Reconnected, () => {
				if (!current()) return;
				this.showRejoined();
				refresh();
			})
			.on(RoomEvent.DataReceived, (payload, participant, _kind, topic) => {
				const notice = parseModerationNotice(topic, payload, participant === undefined);
				if (notice) this.media.noticeModeration(notice);
				else this.signals.receive(payload, participant, topic);
			})
			.on(RoomEvent.Disconnected, (reason) => this.disconnected(room, reason));
	}

	private disconnected(room: Room, reason: DisconnectReason | undefined) {
		if (this.room !== room) return;
		room.removeAllListeners();
		const phase = phaseAfterDisconnect(reason, this.leaving);
		if (phase === 'rejoining') {
			this.scheduleRejoin();
			return;
		}
		this.room = null;
		this.phase = phase;
		this.tiles = [];
		this.audioTracks = [];
		this.stopWatchingLink();
		this.media.stop();
	}

	/** Updates the tiles from the room (unchanged ones stay the same objects): true to livekit-client. */
	refresh() {
		const room = this.room;
		if (!room) return;
		const { tiles, audio } = tilesOfRoom(
			room.localParticipant,
			room.remoteParticipants.values(),
			this.signals.hands,
			{ tiles: this.tiles, audio: this.audioTracks },
			// On audio only (chosen, or left by the house's link or the person's own) a remote video
			// still attached (its removal is on its way) would freeze or show black: the tile shows
			// the person's initial and name at once.
			{ remoteVideo: this.media.receiving() !== 'none', localQuality: this.ownQuality }
		);
		this.tiles = tiles;
		this.audioTracks = audio;
		this.media.readFrom(room.localParticipant);
		const layers = this.media.publishedLayers();
		if (layers.join() !== this.sendLayers.join()) this.sendLayers = layers;
	}

	/** Resumes audio after the browser blocked autoplay (must run in a click). */
	async startAudio(): Promise<void> {
		await this.room?.startAudio();
		this.canPlayAudio = this.room?.canPlaybackAudio ?? true;
	}

	/** Leaves for good (the Leave button, or the page going away). */
	async leave(): Promise<void> {
		this.leaving = true;
		this.timers.clear();
		this.stopWatchingLink();
		// The reactions' timers are gone with the others: the reactions go too, or one received
		// just before leaving would stay on screen after a rejoin.
		this.signals.clearReactions();
		const room = this.room;
		if (room) await room.disconnect();
		this.room = null;
		this.media.captures.release();
		this.phase = 'left';
		this.tiles = [];
		this.audioTracks = [];
	}
}
