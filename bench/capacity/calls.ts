// The `capacity` part's calls: a few rooms on the embedded media server, each person on LiveKit's
// native SDK (@livekit/rtc-node) publishing a 30 fps camera (the moving bar) and a 440 Hz tone and
// receiving everyone else's. Each received stream counts its frames and, for audio, the 100 ms
// windows that carry the tone (libwebrtc hands out silent frames when RTP stops coming, so counting
// frames alone would never see audio lost).
import {
	AudioStream,
	LocalVideoTrack,
	RoomEvent,
	TrackKind,
	TrackPublishOptions,
	TrackSource,
	VideoSource,
	VideoStream,
	type RemoteTrack
} from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';
import {
	NativeParticipant,
	SAMPLE_RATE,
	TonePublisher,
	VIDEO_HEIGHT,
	VIDEO_WIDTH,
	barFrame,
	measureTone,
	publish
} from '../../tests/media/native-sdk-support';

const CAMERA_FPS = 30;
/** 100 ms of audio. */
const WINDOW_SAMPLES = SAMPLE_RATE / 10;

/** The moving bar at 30 frames per second (native-sdk-support's BarPublisher sends 20). */
class CameraPublisher {
	readonly source = new VideoSource(VIDEO_WIDTH, VIDEO_HEIGHT);
	readonly track = LocalVideoTrack.createVideoTrack('camera', this.source);
	private readonly timer: NodeJS.Timeout;

	constructor() {
		let index = 0;
		// A frame source, not a wait: the camera ticks at its frame rate.
		this.timer = setInterval(() => {
			this.source.captureFrame(barFrame(index), BigInt(Math.round((index * 1e6) / CAMERA_FPS)));
			index += 1;
		}, 1000 / CAMERA_FPS);
	}

	publishOptions(): TrackPublishOptions {
		// Without an encoding the SDK picks its preset for the size, 20 fps: the very service level.
		return new TrackPublishOptions({
			source: TrackSource.SOURCE_CAMERA,
			simulcast: false,
			videoEncoding: { maxBitrate: 600_000n, maxFramerate: CAMERA_FPS }
		});
	}

	async stop(): Promise<void> {
		clearInterval(this.timer);
		await this.source.close();
	}
}

/** One received track's counters since the last reset. */
type Reception = { call: number; kind: 'video' | 'audio'; frames: number; heard: number };

export type CallFigures = {
	call: number;
	/** The worst received camera of the call, frames/s. */
	fps: number;
	/** The worst received microphone of the call: share of its 100 ms that carried the tone. */
	audio: number;
	/** Received streams / expected (each person receives everyone else's camera and microphone). */
	streams: string;
};

export class Calls {
	private readonly people: NativeParticipant[] = [];
	private readonly publishers: Array<CameraPublisher | TonePublisher> = [];
	private readonly receptions: Reception[] = [];
	private readonly readers: Array<{ cancel(): Promise<void> }> = [];
	private since = Date.now();
	private allReceived: () => void = () => undefined;
	/** Resolves once every person receives everyone else's camera and microphone. */
	private readonly complete = new Promise<void>((resolve) => (this.allReceived = resolve));

	private constructor(
		readonly count: number,
		readonly size: number
	) {}

	/** `count` calls of `size` people on the media server at `url` (ws://…), signed with `keys`. */
	static async start(
		url: string,
		keys: { apiKey: string; apiSecret: string },
		count: number,
		size: number
	): Promise<Calls> {
		const calls = new Calls(count, size);
		for (let call = 0; call < count; call += 1) {
			for (let p = 0; p < size; p += 1) {
				const identity = `call${call}-person${p}`;
				const grant = new AccessToken(keys.apiKey, keys.apiSecret, { identity });
				grant.addGrant({
					roomJoin: true,
					room: `capacity-${call}`,
					canPublish: true,
					canSubscribe: true
				});
				const person = new NativeParticipant(identity);
				person.room.on(RoomEvent.TrackSubscribed, (track: RemoteTrack) =>
					calls.receive(call, track)
				);
				await person.connect(url, await grant.toJwt());
				calls.people.push(person);
				const camera = new CameraPublisher();
				const tone = new TonePublisher(440);
				calls.publishers.push(camera, tone);
				const local = person.room.localParticipant;
				if (!local) throw new Error(`${identity} is not connected`);
				await local.publishTrack(camera.track, camera.publishOptions());
				await publish(person, tone);
			}
		}
		// A call that never comes together would only show as 0 fps at the end of the first step.
		let timer: NodeJS.Timeout | undefined;
		const late = new Promise<never>((_resolve, reject) => {
			timer = setTimeout(() => {
				const received = `${calls.receptions.length} of ${calls.expected()}`;
				reject(new Error(`calls: ${received} streams received within a minute`));
			}, 60_000);
		});
		try {
			await Promise.race([calls.complete, late]);
		} catch (error) {
			await calls.stop();
			throw error;
		} finally {
			clearTimeout(timer);
		}
		return calls;
	}

	/** Streams received when everyone receives everyone else's camera and microphone. */
	private expected(): number {
		return this.count * this.size * (this.size - 1) * 2;
	}

	private receive(call: number, track: RemoteTrack): void {
		// Counted once its reception is registered below.
		queueMicrotask(() => {
			if (this.receptions.length === this.expected()) this.allReceived();
		});
		if (track.kind === TrackKind.KIND_VIDEO) {
			const reception: Reception = { call, kind: 'video', frames: 0, heard: 0 };
			this.receptions.push(reception);
			const reader = new VideoStream(track).getReader();
			this.readers.push(reader);
			void (async () => {
				for (;;) {
					const { done } = await reader.read().catch(() => ({ done: true }));
					if (done) return;
					reception.frames += 1;
				}
			})();
		} else if (track.kind === TrackKind.KIND_AUDIO) {
			const reception: Reception = { call, kind: 'audio', frames: 0, heard: 0 };
			this.receptions.push(reception);
			const stream = new AudioStream(track, { sampleRate: SAMPLE_RATE, numChannels: 1 });
			const reader = stream.getReader();
			this.readers.push(reader);
			// 100 ms windows, as hearTone listens: a 10 ms frame is too short to tell 440 Hz apart.
			const window = new Int16Array(WINDOW_SAMPLES);
			let filled = 0;
			void (async () => {
				for (;;) {
					const read = await reader.read().catch(() => ({ done: true, value: undefined }));
					if (read.done || !read.value) return;
					let samples = read.value.data.subarray(0, read.value.samplesPerChannel);
					while (samples.length > 0) {
						const take = Math.min(samples.length, window.length - filled);
						window.set(samples.subarray(0, take), filled);
						filled += take;
						samples = samples.subarray(take);
						if (filled < window.length) break;
						filled = 0;
						reception.frames += 1;
						const tone = measureTone(window, 440);
						if (tone.ratio >= 100 && tone.rms >= 1000) reception.heard += 1;
					}
				}
			})();
		}
	}

	/** Starts a new measuring window. */
	reset(): void {
		this.since = Date.now();
		for (const reception of this.receptions) reception.frames = reception.heard = 0;
	}

	/** Each call's worst stream since the last reset. */
	figures(): CallFigures[] {
		const seconds = (Date.now() - this.since) / 1000;
		const audioWindows = (seconds * SAMPLE_RATE) / WINDOW_SAMPLES;
		return Array.from({ length: this.count }, (_, call) => {
			const mine = this.receptions.filter((reception) => reception.call === call);
			const video = mine.filter((reception) => reception.kind === 'video');
			const audio = mine.filter((reception) => reception.kind === 'audio');
			const expected = this.size * (this.size - 1);
			return {
				call,
				fps: video.length === expected ? Math.min(...video.map((v) => v.frames / seconds)) : 0,
				audio:
					audio.length === expected
						? Math.min(...audio.map((a) => Math.min(1, a.heard / audioWindows)))
						: 0,
				streams: `${video.length + audio.length}/${2 * expected}`
			};
		});
	}

	/**
	 * Ends the calls, each stage bounded: the sources stop while still connected (a tone source
	 * waits for room in a queue nobody drains once its room is gone), then the streams and rooms.
	 */
	async stop(): Promise<void> {
		const bounded = async (stage: Array<Promise<unknown>>) => {
			let timer: NodeJS.Timeout | undefined;
			const late = new Promise((resolve) => (timer = setTimeout(resolve, 10_000)));
			await Promise.race([Promise.allSettled(stage), late]);
			clearTimeout(timer);
		};
		await bounded(this.publishers.map((publisher) => publisher.stop()));
		await bounded(this.readers.map((reader) => reader.cancel()));
		await bounded(this.people.map((person) => person.leave()));
	}
}
