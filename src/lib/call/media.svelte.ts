// The person's own side of a call: their microphone, camera and screen going out, and how much
// video comes in (bandwidth). Captures are this page's (see capture.ts) and published as
// user-provided tracks.
import {
	LocalAudioTrack,
	LocalVideoTrack,
	ParticipantEvent,
	Track,
	VideoQuality,
	type LocalParticipant,
	type LocalTrack,
	type RemoteTrackPublication,
	type Room,
	type TrackPublication
} from 'livekit-client';
import type { LayerCap } from '$lib/live-events';
import { m } from '$lib/paraglide/messages';
import { HeldCaptures, type Captures } from './capture';
import type { Bandwidth, JoinChoices } from './choices';
import {
	cameraConstraints,
	captureDevice,
	deviceErrorMessage,
	isLive,
	microphoneConstraints
} from './devices';
import { choiceCap, layersUpTo, lowerCap, MICROPHONE_KBPS, qualityIndex } from './link';
import type { ModerationNotice } from './moderation-notice';

/** What the media side needs of the call around it. */
export type MediaHost = {
	/** The Room of the moment (a rejoin brings another); null between Rooms. */
	room(): Room | null;
	/** The person's choices; switching a device or the bandwidth updates them for the rejoin. */
	choices(): JoinChoices | null;
	/** The person left: a capture that opens late is stopped at once. */
	leaving(): boolean;
	/** Redraws the tiles after a change. */
	refresh(): void;
};

export class LocalMedia {
	micOn = $state(false);
	camOn = $state(false);
	screenOn = $state(false);
	bandwidth = $state<Bandwidth>('normal');
	/** The last camera / microphone / screen problem, as a sentence. */
	deviceError = $state<string | null>(null);
	/** The house whose room device came into the call and turned this person's microphone off. */
	roomDeviceMuted = $state<string | null>(null);
	/**
	 * A manager muted this person's microphone or turned their camera off: said until they turn it
	 * back on (a mute is not a lock, in LiveKit as in the embedded server) or put the notice away.
	 */
	moderated = $state<ModerationNotice | null>(null);
	/**
	 * The highest camera layer the house's link leaves this person ('none': no camera), and the
	 * highest video quality they may receive (the house's link and their own); null: no limit.
	 * Set by the call (session.svelte.ts) from the link budget and the weak-link detector.
	 */
	sendCap = $state<LayerCap | null>(null);
	receiveCap = $state<LayerCap | null>(null);

	readonly captures = new HeldCaptures();
	// Camera and microphone changes run one after another: a double press, a device switch or a
	// room device arriving while a track is being published cannot interleave.
	private queue: Promise<void> = Promise.resolve();
	// What the person last asked for. A dropping Room unpublishes everything before it says it is
	// disconnected, so the rejoin cannot read the wish back from the Room.
	private micWanted = false;
	private camWanted = false;

	constructor(private readonly host: MediaHost) {}

	/** A new join: pre-join's captures are taken over, and nothing of a past call is shown. */
	start(bandwidth: Bandwidth, captures: Captures) {
		this.bandwidth = bandwidth;
		this.roomDeviceMuted = null;
		this.moderated = null;
		this.captures.replace('camera', captures.camera ?? null);
		this.captures.replace('microphone', captures.microphone ?? null);
	}

	/**
	 * Publishes what the person wants once a Room is connected: their pre-join choices on the first
	 * join, their last wish on a rejoin. A room device of their house keeps the microphone off.
	 */
	publishOnConnect(rejoin: boolean, roomDeviceHere: boolean): Promise<unknown> {
		const choices = this.host.choices();
		if (!choices) return Promise.resolve();
		const wantMic = (rejoin ? this.micWanted : choices.micOn) && !roomDeviceHere;
		const wantCam = rejoin ? this.camWanted : choices.camOn && choices.bandwidth !== 'audio';
		return Promise.all([this.setMicrophone(wantMic), this.setCamera(wantCam)]);
	}

	/** A manager muted one of our tracks (or the device went away): the rejoin keeps it off too. */
	mutedFromOutside(source: Track.Source) {
		if (source === Track.Source.Microphone) this.micWanted = false;
		if (source === Track.Source.Camera) this.camWanted = false;
	}

	/**
	 * A manager's mute, told: who did it (the server's message) wins over the bare fact (the media
	 * server's remote mute), whichever comes first.
	 */
	noticeModeration(notice: ModerationNotice) {
		if (notice.by === null && this.moderated?.source === notice.source) return;
		this.moderated = notice;
	}

	/** The track a manager muted is on again: the notice has nothing left to say. */
	private moderationOver(source: ModerationNotice['source']) {
		if (this.moderated?.source === source) this.moderated = null;
	}

	/** What is on, as the Room knows it. */
	readFrom(local: LocalParticipant) {
		this.micOn = local.isMicrophoneEnabled;
		this.camOn = local.isCameraEnabled;
		this.screenOn = local.isScreenShareEnabled;
	}

	/** The call ended: nothing is on and the camera and microphone are released. */
	stop() {
		this.micOn = this.camOn = this.screenOn = false;
		this.captures.release();
	}

	private queued(run: () => Promise<void>): Promise<void> {
		const next = this.queue.then(run, run);
		this.queue = next.catch(() => undefined);
		return next;
	}

	private liveCapture(kind: 'camera' | 'microphone'): Promise<MediaStreamTrack> {
		const choices = this.host.choices();
		const deviceId = kind === 'camera' ? choices?.videoInput : choices?.audioInput;
		return this.captures.live(kind, deviceId, () => this.host.leaving());
	}

	/**
	 * The microphone stays published while muted (unmuting is instant, others see the muted
	 * mark); it is captured by this page and published as a user-provided track.
	 */
	setMicrophone(on: boolean): Promise<void> {
		return this.queued(async () => {
			const room = this.host.room();
			if (!room || room.state !== 'connected') return;
			this.micWanted = on;
			try {
				const publication = room.localParticipant.getTrackPublication(Track.Source.Microphone);
				const track = publication?.track as LocalAudioTrack | undefined;
				if (track) {
					if (on && !isLive(track.mediaStreamTrack)) {
						await track.replaceTrack(await this.liveCapture('microphone'), true);
					}
					if (on) await track.unmute();
					else await track.mute();
				} else if (!on) {
					// Pre-join's capture, not wanted after all (a room device is here).
					this.captures.replace('microphone', null);
				} else {
					const capture = await this.liveCapture('microphone');
					const audio = new LocalAudioTrack(capture, microphoneConstraints(), true);
					if (this.host.room() !== room) return;
					await room.localParticipant.publishTrack(audio, {
						source: Track.Source.Microphone,
						// Speech's bitrate, what the house's link budget counts (link.ts).
						audioPreset: { maxBitrate: MICROPHONE_KBPS * 1000 }
					});
				}
				if (on) {
					this.deviceError = null;
					this.roomDeviceMuted = null;
					this.moderationOver('microphone');
				}
			} catch (error) {
				this.micWanted = false;
				this.deviceError = deviceErrorMessage(error, 'microphone');
			}
			this.host.refresh();
		});
	}

	/**
	 * The camera is unpublished and released when off (its light goes out); on, it publishes
	 * this page's capture as a user-provided track. A camera a manager muted is unmuted in place.
	 */
	setCamera(on: boolean): Promise<void> {
		return this.queued(async () => {
			const room = this.host.room();
			if (!room || room.state !== 'connected') return;
			// The person's wish is kept when the house's link has no room for a camera: it comes
			// back on by itself once there is.
			this.camWanted = on && this.bandwidth !== 'audio';
			const want = this.camWanted && this.sendCap !== 'none';
			try {
				const track = this.cameraTrack(room);
				if (!want) {
					if (track) await room.localParticipant.unpublishTrack(track, false);
					this.captures.replace('camera', null);
				} else if (track) {
					if (!isLive(track.mediaStreamTrack)) {
						await track.replaceTrack(await this.liveCapture('camera'), true);
					}
					await track.unmute();
				} else {
					const capture = await this.liveCapture('camera');
					const video = new LocalVideoTrack(capture, cameraConstraints(), true);
					if (this.host.room() !== room) return;
					const stopCapping = this.capLayersFromTheStart(room.localParticipant, video);
					try {
						await room.localParticipant.publishTrack(video, {
							source: Track.Source.Camera,
							simulcast: true
						});
					} finally {
						stopCapping();
					}
				}
				if (want) {
					this.applySendCap();
					this.deviceError = null;
					this.moderationOver('camera');
				}
			} catch (error) {
				this.camWanted = false;
				this.deviceError = deviceErrorMessage(error, 'camera');
			}
			this.host.refresh();
		});
	}

	/** The camera this person publishes in `room`, if any. */
	private cameraTrack(room = this.host.room()): LocalVideoTrack | undefined {
		return room?.localParticipant.getTrackPublication(Track.Source.Camera)?.track as
			LocalVideoTrack | undefined;
	}

	/**
	 * The house's cap holds from the camera's first packet: the layers above it are turned off as
	 * livekit-client makes the camera's sender, before its offer goes out. Turned off only once
	 * published (applySendCap), they were still on when the answer let the camera send, and only a
	 * race with the encoder's start kept them from going out into a house uplink shared out at the
	 * lowest layer. Returns the listener's removal.
	 */
	private capLayersFromTheStart(local: LocalParticipant, video: LocalVideoTrack): () => void {
		const onSender = (sender: RTCRtpSender, track: Track) => {
			const cap = this.sendCap;
			if (track !== video || cap === null || cap === 'none') return;
			// Synchronously, before livekit-client's own change of the sender (its degradation
			// preference) reads the parameters back: a sender takes one change at a time.
			const parameters = sender.getParameters();
			if (!layersUpTo(parameters.encodings, qualityIndex(cap))) return;
			sender.setParameters(parameters).catch((error: unknown) => {
				// The cap is applied again once the camera is published (applySendCap).
				console.debug('camera layers not capped before publishing', error);
			});
		};
		local.on(ParticipantEvent.LocalSenderCreated, onSender);
		return () => local.off(ParticipantEvent.LocalSenderCreated, onSender);
	}

	/**
	 * The camera's published layers follow `sendCap`: the ones above it are not sent. Without a cap
	 * the layers are left to dynacast (a LiveKit server pauses the ones nobody watches), except
	 * when a cap was just lifted (`lifted`): then every layer is turned back on once.
	 */
	applySendCap(lifted = false) {
		const track = this.cameraTrack();
		if (!track || this.sendCap === 'none' || (this.sendCap === null && !lifted)) return;
		track.setPublishingQuality(qualityIndex(this.sendCap ?? 'high') as VideoQuality);
	}

	/** A new cap from the house's link: the camera goes, comes back or changes layers. */
	setSendCap(cap: LayerCap | null): Promise<void> {
		const before = this.sendCap;
		this.sendCap = cap;
		if ((before === 'none') !== (cap === 'none')) return this.setCamera(this.camWanted);
		this.applySendCap(before !== null && cap === null);
		return Promise.resolve();
	}

	/** The highest video quality received now: the person's choice, their house, their link. */
	receiving(): LayerCap {
		return lowerCap(choiceCap(this.bandwidth), this.receiveCap) ?? 'high';
	}

	/** Which simulcast layers the camera sends right now (for the page and tests), low first. */
	publishedLayers(): boolean[] {
		const encodings = this.cameraTrack()?.sender?.getParameters().encodings ?? [];
		return encodings.map((encoding) => encoding.active !== false);
	}

	toggleMicrophone(): Promise<void> {
		return this.setMicrophone(!this.micOn);
	}

	toggleCamera(): Promise<void> {
		if (this.bandwidth === 'audio' && !this.camOn) this.setBandwidth('normal');
		return this.setCamera(!this.camOn);
	}

	async toggleScreenShare(): Promise<void> {
		const room = this.host.room();
		if (!room) return;
		try {
			await room.localParticipant.setScreenShareEnabled(!this.screenOn, { audio: true });
		} catch (error) {
			// The person closing the browser's picker is not an error worth a message.
			if (!(error instanceof Error && error.name === 'NotAllowedError')) {
				this.deviceError = m.video_error_screen_share();
			}
		}
		this.host.refresh();
	}

	/** Another camera, microphone or speaker; a published track keeps flowing to the room. */
	async switchDevice(kind: MediaDeviceKind, deviceId: string): Promise<void> {
		const choices = this.host.choices();
		if (choices) {
			if (kind === 'audioinput') choices.audioInput = deviceId;
			if (kind === 'videoinput') choices.videoInput = deviceId;
			if (kind === 'audiooutput') choices.audioOutput = deviceId;
		}
		if (kind === 'audiooutput') {
			await this.host.room()?.switchActiveDevice(kind, deviceId);
			return;
		}
		const device = kind === 'videoinput' ? 'camera' : 'microphone';
		const source = kind === 'videoinput' ? Track.Source.Camera : Track.Source.Microphone;
		await this.queued(async () => {
			const track = this.host.room()?.localParticipant.getTrackPublication(source)?.track as
				LocalTrack | undefined;
			if (!track && !this.captures.get(device)) return;
			try {
				const capture = await captureDevice(device, deviceId);
				if (track) await track.replaceTrack(capture, true);
				this.captures.replace(device, capture);
				this.deviceError = null;
			} catch (error) {
				this.deviceError = deviceErrorMessage(error, device);
			}
		});
	}

	/** normal; low = lowest received layers; audio = no video sent nor received. */
	setBandwidth(bandwidth: Bandwidth) {
		this.bandwidth = bandwidth;
		const choices = this.host.choices();
		if (choices) choices.bandwidth = bandwidth;
		const room = this.host.room();
		if (!room) return;
		if (bandwidth === 'audio' && this.camOn) void this.setCamera(false);
		this.applyBandwidthToRoom(room);
		this.host.refresh();
	}

	/** Every remote track of the room, received as the bandwidth allows. */
	applyBandwidthToRoom(room: Room) {
		for (const participant of room.remoteParticipants.values()) {
			for (const publication of participant.trackPublications.values()) {
				this.applyBandwidth(publication);
			}
		}
	}

	/**
	 * Receives a remote track as the bandwidth allows: audio always (a Room joined on audio only
	 * does not subscribe by itself), video not at all on "audio", its lowest layer on "low", and
	 * never above what the house's link and the person's own link leave (receiveCap).
	 */
	applyBandwidth(publication: TrackPublication) {
		if (!('setSubscribed' in publication)) return;
		const remote = publication as RemoteTrackPublication;
		if (publication.kind !== Track.Kind.Video) {
			if (!remote.isDesired) remote.setSubscribed(true);
			return;
		}
		const cap = this.receiving();
		remote.setSubscribed(cap !== 'none');
		if (cap !== 'none') remote.setVideoQuality(qualityIndex(cap) as VideoQuality);
	}
}
