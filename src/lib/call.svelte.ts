// The state of one call, in runes over livekit-client's Room. Only call pages load this module
// (the call page imports its component dynamically), so livekit-client stays off other pages.
import {
	ConnectionQuality,
	DisconnectReason,
	LocalAudioTrack,
	LocalVideoTrack,
	Room,
	RoomEvent,
	Track,
	VideoQuality,
	type LocalTrack,
	type Participant,
	type RemoteParticipant,
	type RemoteTrackPublication,
	type TrackPublication
} from 'livekit-client';
import { m } from '$lib/paraglide/messages';

/** Where the call stands, as the person is told. */
export type CallPhase =
	| 'idle'
	| 'connecting'
	| 'connected'
	| 'reconnecting'
	| 'rejoined'
	| 'rejoining'
	| 'left'
	| 'failed'
	| 'removed'
	| 'ended'
	| 'replaced';

export type Bandwidth = 'normal' | 'low' | 'audio';
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

export type ChatEntry = {
	id: string;
	userId: string | null;
	name: string;
	body: string;
	at: number;
	/** The sender's save through the app failed: sent live, not kept. */
	unsaved?: boolean;
};

export type Reaction = { id: string; identity: string; name: string; emoji: string };

export const REACTIONS = ['👍', '👏', '😂', '❤️', '🎉', '🤔'] as const;

/** Data message topics; every payload is JSON. */
const TOPIC = { chat: 'hameau.chat', hand: 'hameau.hand', reaction: 'hameau.reaction' } as const;

export type JoinChoices = {
	micOn: boolean;
	camOn: boolean;
	audioInput?: string;
	videoInput?: string;
	audioOutput?: string;
	bandwidth: Bandwidth;
	roomDevice: boolean;
};

export type CallOptions = {
	/** POST → { url, token }. */
	tokenUrl: string;
	/** POST { id, body } saves a chat message. */
	chatUrl: string;
	me: { userId: string; name: string };
	chat: ChatEntry[];
};

const REJOINED_NOTICE_MS = 3000;
const REACTION_MS = 4000;
const REJOIN_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 15000, 30000];
const MAX_CHAT_BODY = 2000;

function parseMetadata(participant: Participant): {
	houseId: string | null;
	houseName: string | null;
	roomDevice: boolean;
} {
	try {
		const data = JSON.parse(participant.metadata || '{}') as Record<string, unknown>;
		return {
			houseId: typeof data.houseId === 'string' ? data.houseId : null,
			houseName: typeof data.houseName === 'string' ? data.houseName : null,
			roomDevice: data.roomDevice === true
		};
	} catch {
		// A participant whose metadata we did not write: show them without a house.
		return { houseId: null, houseName: null, roomDevice: false };
	}
}

function qualityName(quality: ConnectionQuality): QualityName {
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

/** A message a person can act on for a failed camera or microphone. */
export function deviceErrorMessage(error: unknown, device: 'camera' | 'microphone'): string {
	const name = error instanceof Error ? error.name : '';
	if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') {
		return device === 'camera' ? m.video_error_camera_denied() : m.video_error_microphone_denied();
	}
	if (
		name === 'NotFoundError' ||
		name === 'OverconstrainedError' ||
		name === 'DevicesNotFoundError'
	) {
		return device === 'camera'
			? m.video_error_camera_missing()
			: m.video_error_microphone_missing();
	}
	if (name === 'NotReadableError' || name === 'TrackStartError') {
		return m.video_error_device_busy({
			device: device === 'camera' ? m.video_device_camera() : m.video_device_microphone()
		});
	}
	return error instanceof Error ? error.message : String(error);
}

/**
 * What a camera is asked for: the chosen device if it is still there, else another one. 360p is
 * enough for faces in a tile and keeps two simulcast layers instead of three: less to encode on
 * a village laptop and less to send on its link (at 720p on a loaded two-core machine the top
 * layer was starved of bandwidth and never sent a frame).
 */
export function cameraConstraints(deviceId?: string): MediaTrackConstraints {
	return {
		deviceId: deviceId ? { ideal: deviceId } : undefined,
		width: { ideal: 640 },
		height: { ideal: 360 },
		frameRate: { ideal: 30 }
	};
}

/** What a microphone is asked for: the chosen device, with the browser's voice processing. */
export function microphoneConstraints(deviceId?: string): MediaTrackConstraints {
	return {
		deviceId: deviceId ? { ideal: deviceId } : undefined,
		echoCancellation: true,
		noiseSuppression: true,
		autoGainControl: true
	};
}

/** Opens the camera or the microphone; throws the browser's error (see deviceErrorMessage). */
export async function captureDevice(
	kind: 'camera' | 'microphone',
	deviceId?: string
): Promise<MediaStreamTrack> {
	const stream = await navigator.mediaDevices.getUserMedia(
		kind === 'camera'
			? { video: cameraConstraints(deviceId) }
			: { audio: microphoneConstraints(deviceId) }
	);
	const [track] = kind === 'camera' ? stream.getVideoTracks() : stream.getAudioTracks();
	return track;
}

/** Live camera and microphone tracks handed from pre-join to the call, so nothing opens twice. */
export type Captures = { camera?: MediaStreamTrack; microphone?: MediaStreamTrack };

function live(track: MediaStreamTrack | null | undefined): track is MediaStreamTrack {
	return !!track && track.readyState === 'live';
}

/** The app refused a token (not allowed in the room, or it is gone). */
class RefusedError extends Error {
	constructor(
		readonly status: number,
		message: string
	) {
		super(message);
		this.name = 'RefusedError';
	}
}

function newMessageId(): string {
	return crypto.randomUUID();
}

export class CallSession {
	phase = $state<CallPhase>('idle');
	failure = $state('');
	tiles = $state.raw<TileView[]>([]);
	audioTracks = $state.raw<Array<{ key: string; track: Track }>>([]);
	micOn = $state(false);
	camOn = $state(false);
	screenOn = $state(false);
	handRaised = $state(false);
	hands = $state.raw<string[]>([]);
	reactions = $state.raw<Reaction[]>([]);
	chat = $state.raw<ChatEntry[]>([]);
	bandwidth = $state<Bandwidth>('normal');
	/** false when the browser blocked autoplay: a click on "hear the room" resumes it. */
	canPlayAudio = $state(true);
	/** The last camera / microphone / screen problem, as a sentence. */
	deviceError = $state<string | null>(null);
	/** The house whose room device came into the call and turned this person's microphone off. */
	roomDeviceMuted = $state<string | null>(null);

	private room: Room | null = null;
	private choices: JoinChoices | null = null;
	private leaving = false;
	private rejoinAttempt = 0;
	// Not reactive state: only cleared on leave.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	private timers = new Set<ReturnType<typeof setTimeout>>();
	private readonly options: CallOptions;
	// The camera and microphone as this page captured them. They outlive a Room: after a full
	// reconnect livekit-client republishes them as they are (they are "user provided"), and an
	// automatic rejoin publishes the same live tracks again. Letting livekit-client re-capture a
	// camera it opened itself after a full reconnect left Chromium's camera sending no frames.
	private cameraCapture: MediaStreamTrack | null = null;
	private microphoneCapture: MediaStreamTrack | null = null;
	// Camera and microphone changes run one after another: a double press, a device switch or a
	// room device arriving while a track is being published cannot interleave.
	private deviceQueue: Promise<void> = Promise.resolve();
	// Room devices already seen in this call: each one turns the microphone off once, so a person
	// who turns it back on (they are elsewhere in the house) is not muted again on every event.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	private seenRoomDevices = new Set<string>();
	// What the person last asked for. A dropping Room unpublishes everything before it says it is
	// disconnected, so the rejoin cannot read the wish back from the Room.
	private micWanted = false;
	private camWanted = false;

	constructor(options: CallOptions) {
		this.options = options;
		this.chat = options.chat;
	}

	get livekitRoom(): Room | null {
		return this.room;
	}

	/**
	 * Joins with the person's choices; honest phases all the way. `captures` are the live tracks
	 * pre-join opened: the call takes them over (and stops them when it is done).
	 */
	async join(choices: JoinChoices, captures: Captures = {}): Promise<void> {
		this.choices = choices;
		this.bandwidth = choices.bandwidth;
		this.leaving = false;
		this.phase = 'connecting';
		this.roomDeviceMuted = null;
		this.seenRoomDevices.clear();
		this.replaceCapture('camera', captures.camera ?? null);
		this.replaceCapture('microphone', captures.microphone ?? null);
		await this.connect(false);
	}

	private replaceCapture(kind: 'camera' | 'microphone', track: MediaStreamTrack | null) {
		const old = kind === 'camera' ? this.cameraCapture : this.microphoneCapture;
		if (old && old !== track) old.stop();
		if (kind === 'camera') this.cameraCapture = track;
		else this.microphoneCapture = track;
	}

	/** The live capture of a device, opening it if there is none (or it ended: unplugged). */
	private async liveCapture(kind: 'camera' | 'microphone'): Promise<MediaStreamTrack> {
		const current = kind === 'camera' ? this.cameraCapture : this.microphoneCapture;
		if (live(current)) return current;
		const deviceId = kind === 'camera' ? this.choices?.videoInput : this.choices?.audioInput;
		const track = await captureDevice(kind, deviceId);
		if (this.leaving) {
			track.stop();
			throw new Error(m.video_state_disconnected());
		}
		this.replaceCapture(kind, track);
		return track;
	}

	private queueDevice(run: () => Promise<void>): Promise<void> {
		const next = this.deviceQueue.then(run, run);
		this.deviceQueue = next.catch(() => undefined);
		return next;
	}

	private later(ms: number, run: () => void) {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			run();
		}, ms);
		this.timers.add(timer);
	}

	private async fetchToken(): Promise<{ url: string; token: string }> {
		const response = await fetch(this.options.tokenUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ roomDevice: this.choices?.roomDevice ?? false })
		});
		if (response.status === 503) throw new Error(m.video_unavailable());
		if (!response.ok) {
			throw new RefusedError(response.status, `${response.status} ${await response.text()}`);
		}
		return (await response.json()) as { url: string; token: string };
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
			const { url, token } = await this.fetchToken();
			if (this.room !== room || this.leaving) return;
			await room.connect(url, token, { autoSubscribe: true });
		} catch (error) {
			if (this.room !== room || this.leaving) return;
			room.removeAllListeners();
			await room.disconnect(false).catch(() => undefined);
			// Refused for good (the room was archived, or we are no longer allowed in): say so.
			if (rejoin && !(error instanceof RefusedError && error.status < 500)) {
				this.scheduleRejoin();
				return;
			}
			this.room = null;
			this.replaceCapture('camera', null);
			this.replaceCapture('microphone', null);
			this.failure = error instanceof Error ? error.message : String(error);
			this.phase = 'failed';
			return;
		}
		this.rejoinAttempt = 0;
		this.canPlayAudio = room.canPlaybackAudio;
		if (rejoin) this.showRejoined();
		else this.phase = 'connected';
		// A room device of the person's house already here: their microphone stays off.
		const roomDeviceHere = this.noticeRoomDevices(room);
		const wantMic = (rejoin ? this.micWanted : choices.micOn) && !roomDeviceHere;
		const wantCam = rejoin ? this.camWanted : choices.camOn && choices.bandwidth !== 'audio';
		await Promise.all([this.setMicrophone(wantMic), this.setCamera(wantCam)]);
		if (this.handRaised) this.sendHand(true);
		this.refresh();
	}

	/**
	 * Room device mode: a house's shared device carries the room's camera and microphone, so the
	 * people of that house in the same call turn their own microphones off (else the room hears
	 * itself twice, with echo). Whichever comes first, the person or the room device, the person
	 * ends up muted and told why; they may turn the microphone back on (they may be in another
	 * room of the house) and are not muted again while that device stays. A room device itself, or
	 * someone from another house, is never muted. Returns whether a new room device was seen.
	 */
	private noticeRoomDevices(room: Room): boolean {
		const me = parseMetadata(room.localParticipant);
		if (me.roomDevice || !me.houseId) return false;
		let seen = false;
		for (const participant of room.remoteParticipants.values()) {
			const them = parseMetadata(participant);
			if (!them.roomDevice || them.houseId !== me.houseId) continue;
			if (this.seenRoomDevices.has(participant.identity)) continue;
			this.seenRoomDevices.add(participant.identity);
			this.roomDeviceMuted = them.houseName ?? '';
			seen = true;
		}
		return seen;
	}

	private muteForRoomDevice(room: Room) {
		if (this.room !== room || !this.noticeRoomDevices(room)) return;
		// Queued behind a microphone being published at the same moment, so it cannot win the race.
		void this.setMicrophone(false);
	}

	private showRejoined() {
		this.phase = 'rejoined';
		this.later(REJOINED_NOTICE_MS, () => {
			if (this.phase === 'rejoined') this.phase = 'connected';
		});
	}

	/** livekit-client gave up: join again with a fresh token, keeping the person's choices. */
	private scheduleRejoin() {
		this.phase = 'rejoining';
		this.tiles = [];
		this.audioTracks = [];
		this.hands = [];
		const delay = REJOIN_DELAYS_MS[Math.min(this.rejoinAttempt, REJOIN_DELAYS_MS.length - 1)];
		this.rejoinAttempt += 1;
		this.later(delay, () => {
			if (!this.leaving) void this.connect(true);
		});
	}

	private listen(room: Room) {
		const refresh = () => this.refresh();
		room
			.on(RoomEvent.ParticipantConnected, (participant) => {
				// Late arrivals learn who already raised a hand.
				if (this.handRaised) this.sendHand(true, [participant.identity]);
				this.muteForRoomDevice(room);
				refresh();
			})
			.on(RoomEvent.ParticipantDisconnected, (participant) => {
				this.hands = this.hands.filter((identity) => identity !== participant.identity);
				// A room device that leaves and comes back mutes its house again.
				this.seenRoomDevices.delete(participant.identity);
				refresh();
			})
			.on(RoomEvent.TrackSubscribed, refresh)
			.on(RoomEvent.TrackUnsubscribed, refresh)
			.on(RoomEvent.TrackPublished, (publication) => {
				this.applyBandwidth(publication);
				refresh();
			})
			.on(RoomEvent.TrackUnpublished, refresh)
			.on(RoomEvent.TrackMuted, (publication, participant) => {
				// A manager muted us (or the device went away): the rejoin keeps it off too.
				if (participant === room.localParticipant) {
					if (publication.source === Track.Source.Microphone) this.micWanted = false;
					if (publication.source === Track.Source.Camera) this.camWanted = false;
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
				this.deviceError = deviceErrorMessage(
					error,
					kind === 'videoinput' ? 'camera' : 'microphone'
				);
			})
			.on(RoomEvent.Reconnecting, () => {
				if (this.room === room) this.phase = 'reconnecting';
			})
			.on(RoomEvent.SignalReconnecting, () => {
				if (this.room === room) this.phase = 'reconnecting';
			})
			.on(RoomEvent.Reconnected, () => {
				if (this.room !== room) return;
				this.showRejoined();
				refresh();
			})
			.on(RoomEvent.DataReceived, (payload, participant, _kind, topic) =>
				this.receive(payload, participant, topic)
			)
			.on(RoomEvent.Disconnected, (reason) => this.disconnected(room, reason));
	}

	private disconnected(room: Room, reason: DisconnectReason | undefined) {
		if (this.room !== room) return;
		room.removeAllListeners();
		if (this.leaving || reason === DisconnectReason.CLIENT_INITIATED) {
			this.room = null;
			this.phase = 'left';
		} else if (reason === DisconnectReason.PARTICIPANT_REMOVED) {
			this.room = null;
			this.phase = 'removed';
		} else if (reason === DisconnectReason.ROOM_DELETED) {
			this.room = null;
			this.phase = 'ended';
		} else if (reason === DisconnectReason.DUPLICATE_IDENTITY) {
			this.room = null;
			this.phase = 'replaced';
		} else {
			this.scheduleRejoin();
			return;
		}
		this.tiles = [];
		this.audioTracks = [];
		this.micOn = this.camOn = this.screenOn = false;
		this.replaceCapture('camera', null);
		this.replaceCapture('microphone', null);
	}

	/** Rebuilds the tiles from the room: simple, and always true to what livekit-client knows. */
	refresh() {
		const room = this.room;
		if (!room) return;
		const participants: Participant[] = [
			room.localParticipant,
			...Array.from(room.remoteParticipants.values())
		];
		const tiles: TileView[] = [];
		const audio: Array<{ key: string; track: Track }> = [];
		for (const participant of participants) {
			const isLocal = participant === room.localParticipant;
			const { houseName, roomDevice } = parseMetadata(participant);
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
				quality: qualityName(participant.connectionQuality),
				speaking: participant.isSpeaking,
				handRaised: this.hands.includes(participant.identity)
			};
			tiles.push({
				...base,
				key: `${participant.identity}:camera`,
				source: 'camera',
				videoTrack: camera && !camera.isMuted ? camera.track : undefined
			});
			if (screen?.track) {
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
		this.tiles = tiles;
		this.audioTracks = audio;
		const local = room.localParticipant;
		this.micOn = local.isMicrophoneEnabled;
		this.camOn = local.isCameraEnabled;
		this.screenOn = local.isScreenShareEnabled;
	}

	/**
	 * The microphone stays published while muted (unmuting is instant, others see the muted
	 * mark); it is captured by this page and published as a user-provided track.
	 */
	setMicrophone(on: boolean): Promise<void> {
		return this.queueDevice(async () => {
			const room = this.room;
			if (!room || room.state !== 'connected') return;
			this.micWanted = on;
			try {
				const publication = room.localParticipant.getTrackPublication(Track.Source.Microphone);
				const track = publication?.track as LocalAudioTrack | undefined;
				if (track) {
					if (on && !live(track.mediaStreamTrack)) {
						await track.replaceTrack(await this.liveCapture('microphone'), true);
					}
					if (on) await track.unmute();
					else await track.mute();
				} else if (!on) {
					// Pre-join's capture, not wanted after all (a room device is here).
					this.replaceCapture('microphone', null);
				} else {
					const capture = await this.liveCapture('microphone');
					const audio = new LocalAudioTrack(capture, microphoneConstraints(), true);
					if (this.room !== room) return;
					await room.localParticipant.publishTrack(audio, { source: Track.Source.Microphone });
				}
				if (on) {
					this.deviceError = null;
					this.roomDeviceMuted = null;
				}
			} catch (error) {
				this.micWanted = false;
				this.deviceError = deviceErrorMessage(error, 'microphone');
			}
			this.refresh();
		});
	}

	/**
	 * The camera is unpublished and released when off (its light goes out); on, it publishes
	 * this page's capture as a user-provided track. A camera a manager muted is unmuted in place.
	 */
	setCamera(on: boolean): Promise<void> {
		return this.queueDevice(async () => {
			const room = this.room;
			if (!room || room.state !== 'connected') return;
			const want = on && this.bandwidth !== 'audio';
			this.camWanted = want;
			try {
				const publication = room.localParticipant.getTrackPublication(Track.Source.Camera);
				const track = publication?.track as LocalVideoTrack | undefined;
				if (!want) {
					if (track) await room.localParticipant.unpublishTrack(track, false);
					this.replaceCapture('camera', null);
				} else if (track) {
					if (!live(track.mediaStreamTrack)) {
						await track.replaceTrack(await this.liveCapture('camera'), true);
					}
					await track.unmute();
				} else {
					const capture = await this.liveCapture('camera');
					const video = new LocalVideoTrack(capture, cameraConstraints(), true);
					if (this.room !== room) return;
					await room.localParticipant.publishTrack(video, {
						source: Track.Source.Camera,
						simulcast: true
					});
				}
				if (want) this.deviceError = null;
			} catch (error) {
				this.camWanted = false;
				this.deviceError = deviceErrorMessage(error, 'camera');
			}
			this.refresh();
		});
	}

	toggleMicrophone(): Promise<void> {
		return this.setMicrophone(!this.micOn);
	}

	toggleCamera(): Promise<void> {
		if (this.bandwidth === 'audio' && !this.camOn) this.setBandwidth('normal');
		return this.setCamera(!this.camOn);
	}

	async toggleScreenShare(): Promise<void> {
		const room = this.room;
		if (!room) return;
		try {
			await room.localParticipant.setScreenShareEnabled(!this.screenOn, { audio: true });
		} catch (error) {
			// The person closing the browser's picker is not an error worth a message.
			if (!(error instanceof Error && error.name === 'NotAllowedError')) {
				this.deviceError = m.video_error_screen_share();
			}
		}
		this.refresh();
	}

	/** Another camera, microphone or speaker; a published track keeps flowing to the room. */
	async switchDevice(kind: MediaDeviceKind, deviceId: string): Promise<void> {
		if (this.choices) {
			if (kind === 'audioinput') this.choices.audioInput = deviceId;
			if (kind === 'videoinput') this.choices.videoInput = deviceId;
			if (kind === 'audiooutput') this.choices.audioOutput = deviceId;
		}
		if (kind === 'audiooutput') {
			await this.room?.switchActiveDevice(kind, deviceId);
			return;
		}
		const device = kind === 'videoinput' ? 'camera' : 'microphone';
		const source = kind === 'videoinput' ? Track.Source.Camera : Track.Source.Microphone;
		await this.queueDevice(async () => {
			const track = this.room?.localParticipant.getTrackPublication(source)?.track as
				LocalTrack | undefined;
			const held = device === 'camera' ? this.cameraCapture : this.microphoneCapture;
			if (!track && !held) return;
			try {
				const capture = await captureDevice(device, deviceId);
				if (track) await track.replaceTrack(capture, true);
				this.replaceCapture(device, capture);
				this.deviceError = null;
			} catch (error) {
				this.deviceError = deviceErrorMessage(error, device);
			}
		});
	}

	/** Resumes audio after the browser blocked autoplay (must run in a click). */
	async startAudio(): Promise<void> {
		await this.room?.startAudio();
		this.canPlayAudio = this.room?.canPlaybackAudio ?? true;
	}

	/** normal; low = lowest received layers; audio = no video sent nor received. */
	setBandwidth(bandwidth: Bandwidth) {
		this.bandwidth = bandwidth;
		if (this.choices) this.choices.bandwidth = bandwidth;
		const room = this.room;
		if (!room) return;
		if (bandwidth === 'audio' && this.camOn) void this.setCamera(false);
		for (const participant of room.remoteParticipants.values()) {
			for (const publication of participant.trackPublications.values()) {
				this.applyBandwidth(publication as RemoteTrackPublication);
			}
		}
		this.refresh();
	}

	private applyBandwidth(publication: TrackPublication) {
		if (publication.kind !== Track.Kind.Video || !('setSubscribed' in publication)) return;
		const remote = publication as RemoteTrackPublication;
		remote.setSubscribed(this.bandwidth !== 'audio');
		if (this.bandwidth !== 'audio') {
			remote.setVideoQuality(this.bandwidth === 'low' ? VideoQuality.LOW : VideoQuality.HIGH);
		}
	}

	private publish(topic: string, payload: unknown, destinationIdentities?: string[]) {
		const room = this.room;
		if (!room || room.state !== 'connected') return Promise.resolve();
		const data = new TextEncoder().encode(JSON.stringify(payload));
		return room.localParticipant.publishData(data, {
			reliable: true,
			topic,
			destinationIdentities
		});
	}

	private sendHand(raised: boolean, to?: string[]) {
		void this.publish(TOPIC.hand, { raised }, to).catch(() => undefined);
	}

	toggleHand() {
		this.handRaised = !this.handRaised;
		const me = this.room?.localParticipant.identity ?? this.options.me.userId;
		this.hands = this.handRaised
			? [...this.hands.filter((i) => i !== me), me]
			: this.hands.filter((i) => i !== me);
		this.sendHand(this.handRaised);
		this.refresh();
	}

	react(emoji: (typeof REACTIONS)[number]) {
		void this.publish(TOPIC.reaction, { emoji }).catch(() => undefined);
		this.showReaction(this.options.me.userId, this.options.me.name, emoji);
	}

	private showReaction(identity: string, name: string, emoji: string) {
		const reaction = { id: newMessageId(), identity, name, emoji };
		this.reactions = [...this.reactions, reaction];
		this.later(REACTION_MS, () => {
			this.reactions = this.reactions.filter((r) => r.id !== reaction.id);
		});
	}

	/** Sends live to the room, then saves it through the app for the history. */
	async sendChat(body: string): Promise<void> {
		const text = body.trim().slice(0, MAX_CHAT_BODY);
		if (!text) return;
		const entry: ChatEntry = {
			id: newMessageId(),
			userId: this.options.me.userId,
			name: this.options.me.name,
			body: text,
			at: Date.now()
		};
		this.chat = [...this.chat, entry];
		await this.publish(TOPIC.chat, { id: entry.id, body: text }).catch(() => undefined);
		const saved = await fetch(this.options.chatUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ id: entry.id, body: text })
		}).then(
			(response) => response.ok,
			() => false
		);
		if (!saved) {
			this.chat = this.chat.map((e) => (e.id === entry.id ? { ...e, unsaved: true } : e));
		}
	}

	private receive(payload: Uint8Array, participant: RemoteParticipant | undefined, topic?: string) {
		if (!participant) return;
		let data: Record<string, unknown>;
		try {
			data = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
		} catch {
			// Not one of ours (another client in the room): nothing to show.
			return;
		}
		const name = participant.name || participant.identity;
		if (topic === TOPIC.chat && typeof data.id === 'string' && typeof data.body === 'string') {
			if (this.chat.some((entry) => entry.id === data.id)) return;
			const entry: ChatEntry = {
				id: data.id,
				userId: participant.identity,
				name,
				body: data.body.slice(0, MAX_CHAT_BODY),
				at: Date.now()
			};
			this.chat = [...this.chat, entry];
		} else if (topic === TOPIC.hand && typeof data.raised === 'boolean') {
			const others = this.hands.filter((identity) => identity !== participant.identity);
			this.hands = data.raised ? [...others, participant.identity] : others;
			this.refresh();
		} else if (
			topic === TOPIC.reaction &&
			typeof data.emoji === 'string' &&
			(REACTIONS as readonly string[]).includes(data.emoji)
		) {
			this.showReaction(participant.identity, name, data.emoji);
		}
	}

	/** Leaves for good (the Leave button, or the page going away). */
	async leave(): Promise<void> {
		this.leaving = true;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		const room = this.room;
		if (room) await room.disconnect();
		this.room = null;
		this.replaceCapture('camera', null);
		this.replaceCapture('microphone', null);
		this.phase = 'left';
		this.tiles = [];
		this.audioTracks = [];
	}
}
