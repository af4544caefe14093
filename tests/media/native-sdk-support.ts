// LiveKit's native SDK (@livekit/rtc-node, the Rust core that the Python and Rust SDKs and
// LiveKit Agents share) as the tests and the benchmark drive it: rooms whose events are recorded
// from the start (so no event is missed between an action and the wait for it), a 440 Hz tone
// and a moving bar to publish, and what proves they arrived — the tone's energy, not just
// frames (libwebrtc hands out silent frames when no RTP comes), and a bar that moves.
import {
	AudioFrame,
	AudioSource,
	AudioStream,
	LocalAudioTrack,
	LocalVideoTrack,
	Room,
	RoomEvent,
	TrackPublishOptions,
	TrackSource,
	VideoBufferType,
	VideoFrame,
	VideoSource,
	VideoStream,
	type LocalTrackPublication,
	type RoomOptions,
	type Track
} from '@livekit/rtc-node';

export const SAMPLE_RATE = 48_000;
/** 10 ms of audio, what a WebRTC audio source takes at a time. */
export const FRAME_SAMPLES = SAMPLE_RATE / 100;
export const VIDEO_WIDTH = 320;
export const VIDEO_HEIGHT = 240;

let forwardingRustLog = false;

type RecordedEvent = { name: RoomEvent; args: unknown[] };

/** Room events kept from the moment the room exists. */
const RECORDED: RoomEvent[] = [
	RoomEvent.ParticipantConnected,
	RoomEvent.ParticipantDisconnected,
	RoomEvent.TrackSubscribed,
	RoomEvent.TrackUnpublished,
	RoomEvent.TrackMuted,
	RoomEvent.DataReceived,
	RoomEvent.ParticipantMetadataChanged,
	RoomEvent.Disconnected
];

/** A native SDK participant whose room events are all kept, to be waited for in any order. */
export class NativeParticipant {
	readonly room = new Room();
	readonly events: RecordedEvent[] = [];
	private readonly waiters = new Set<() => void>();

	constructor(readonly identity: string) {
		const emitter = this.room as unknown as {
			on(name: string, listener: (...args: unknown[]) => void): void;
		};
		for (const name of RECORDED) {
			emitter.on(name, (...args: unknown[]) => {
				this.events.push({ name, args });
				for (const wake of [...this.waiters]) wake();
			});
		}
	}

	async connect(url: string, token: string, options: Partial<RoomOptions> = {}): Promise<void> {
		const connecting = this.room.connect(url, token, {
			autoSubscribe: true,
			dynacast: false,
			...options
		});
		// The native client exists from the first connect on.
		if (!forwardingRustLog) {
			forwardingRustLog = true;
			recordSignalPaths();
			forwardRustLog();
		}
		await connecting;
	}

	/** How many events were received so far: `until(…, since)` waits for newer ones only. */
	mark(): number {
		return this.events.length;
	}

	/**
	 * The arguments of the first `name` event (already received or still to come, the
	 * `since`-th on) that `match` accepts. Rejects after `timeoutMs` saying what was awaited, so
	 * a failure names its cause.
	 */
	until(
		name: RoomEvent,
		match: (...args: any[]) => boolean = () => true, // eslint-disable-line @typescript-eslint/no-explicit-any
		timeoutMs = 30_000,
		since = 0
	): Promise<unknown[]> {
		const found = () =>
			this.events.slice(since).find((event) => event.name === name && match(...event.args));
		return new Promise((resolve, reject) => {
			const check = () => {
				const event = found();
				if (!event) return;
				clearTimeout(timer);
				this.waiters.delete(check);
				resolve(event.args);
			};
			const timer = setTimeout(() => {
				this.waiters.delete(check);
				reject(new Error(`${this.identity}: no ${name} within ${timeoutMs} ms`));
			}, timeoutMs);
			this.waiters.add(check);
			check();
		});
	}

	/** Every `name` event received so far that `match` accepts. */
	seen(
		name: RoomEvent,
		match: (...args: any[]) => boolean = () => true // eslint-disable-line @typescript-eslint/no-explicit-any
	): unknown[][] {
		return this.events
			.filter((event) => event.name === name && match(...event.args))
			.map((event) => event.args);
	}

	async leave(): Promise<void> {
		if (this.room.isConnected) await this.room.disconnect();
	}
}

/** One 10 ms frame of a sine at `frequency`, the `index`-th of the stream (phase continuous). */
export function toneFrame(frequency: number, index: number): AudioFrame {
	const frame = AudioFrame.create(SAMPLE_RATE, 1, FRAME_SAMPLES);
	for (let i = 0; i < FRAME_SAMPLES; i += 1) {
		const t = (index * FRAME_SAMPLES + i) / SAMPLE_RATE;
		frame.data[i] = Math.round(8000 * Math.sin(2 * Math.PI * frequency * t));
	}
	return frame;
}

/** A grey I420 picture with a white vertical bar at x = (8 × index) mod width, 20 px wide. */
export function barFrame(index: number): VideoFrame {
	const lumaSize = VIDEO_WIDTH * VIDEO_HEIGHT;
	const data = new Uint8Array(lumaSize + lumaSize / 2).fill(128);
	const left = (index * 8) % VIDEO_WIDTH;
	for (let y = 0; y < VIDEO_HEIGHT; y += 1) {
		for (let dx = 0; dx < 20; dx += 1) data[y * VIDEO_WIDTH + ((left + dx) % VIDEO_WIDTH)] = 255;
	}
	return new VideoFrame(data, VIDEO_WIDTH, VIDEO_HEIGHT, VideoBufferType.I420);
}

/** A microphone track playing a steady tone, fed as fast as the native source takes it. */
export class TonePublisher {
	readonly source = new AudioSource(SAMPLE_RATE, 1, 200);
	readonly track: LocalAudioTrack;
	private running = true;
	private readonly feeding: Promise<void>;

	constructor(readonly frequency: number) {
		this.track = LocalAudioTrack.createAudioTrack(`tone-${frequency}`, this.source);
		// captureFrame resolves once the native queue (200 ms) has room: the loop keeps pace with
		// real time by itself.
		this.feeding = (async () => {
			for (let index = 0; this.running; index += 1) {
				await this.source.captureFrame(toneFrame(frequency, index));
			}
		})();
	}

	publishOptions(): TrackPublishOptions {
		return new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE });
	}

	async stop(): Promise<void> {
		this.running = false;
		await this.feeding.catch(() => undefined);
		await this.source.close();
	}
}

/** A camera track showing the moving bar at 20 frames per second. */
export class BarPublisher {
	readonly source = new VideoSource(VIDEO_WIDTH, VIDEO_HEIGHT);
	readonly track: LocalVideoTrack;
	private readonly timer: NodeJS.Timeout;

	constructor() {
		this.track = LocalVideoTrack.createVideoTrack('bar', this.source);
		let index = 0;
		// A frame source, not a wait: the camera ticks at its frame rate.
		this.timer = setInterval(() => {
			this.source.captureFrame(barFrame(index), BigInt(index * 50_000));
			index += 1;
		}, 50);
	}

	publishOptions(): TrackPublishOptions {
		return new TrackPublishOptions({ source: TrackSource.SOURCE_CAMERA, simulcast: false });
	}

	async stop(): Promise<void> {
		clearInterval(this.timer);
		await this.source.close();
	}
}

/** Power of `samples` at `frequency` (Goertzel: one DFT bin). */
export function goertzel(
	samples: ArrayLike<number>,
	frequency: number,
	rate = SAMPLE_RATE
): number {
	const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / rate);
	let previous = 0;
	let beforePrevious = 0;
	for (let i = 0; i < samples.length; i += 1) {
		const current = samples[i] + coefficient * previous - beforePrevious;
		beforePrevious = previous;
		previous = current;
	}
	return (
		previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
	);
}

/** Frequencies that a pure tone at 440 or 660 Hz leaves (almost) empty. */
const OTHER_BINS = [250, 350, 520, 800, 1200, 2500];

export type ToneMeasure = { frequency: number; ratio: number; rms: number };

/**
 * Listens to `track` until a 100 ms window holds the tone: its bin at least 100 times the
 * strongest of the others, and loud (RMS above 1000 of the 5657 sent). Resolves with that
 * window's figures; rejects with the best window heard after `timeoutMs`.
 */
export async function hearTone(
	track: Track,
	frequency: number,
	timeoutMs = 30_000
): Promise<ToneMeasure> {
	const stream = new AudioStream(track, { sampleRate: SAMPLE_RATE, numChannels: 1 });
	const reader = stream.getReader();
	const window = new Int16Array(SAMPLE_RATE / 10);
	let filled = 0;
	let best: ToneMeasure = { frequency, ratio: 0, rms: 0 };
	const deadline = Date.now() + timeoutMs;
	try {
		while (Date.now() < deadline) {
			const { value: frame, done } = await withDeadline(reader.read(), deadline);
			if (done) break;
			const samples = frame.data.subarray(0, frame.samplesPerChannel);
			const take = Math.min(samples.length, window.length - filled);
			window.set(samples.subarray(0, take), filled);
			filled += take;
			if (filled < window.length) continue;
			filled = 0;
			const measure = measureTone(window, frequency);
			if (measure.ratio > best.ratio) best = measure;
			if (measure.ratio >= 100 && measure.rms >= 1000) return measure;
		}
	} finally {
		await reader.cancel().catch(() => undefined);
	}
	throw new Error(
		`no ${frequency} Hz tone within ${timeoutMs} ms (best ratio ${best.ratio.toFixed(1)}, rms ${best.rms.toFixed(0)})`
	);
}

export function measureTone(samples: Int16Array, frequency: number): ToneMeasure {
	const wanted = goertzel(samples, frequency);
	const others = Math.max(...OTHER_BINS.map((other) => goertzel(samples, other)), 1);
	let energy = 0;
	for (const sample of samples) energy += sample * sample;
	return { frequency, ratio: wanted / others, rms: Math.sqrt(energy / samples.length) };
}

/** Left edge of the brightest 20-px band of an I420 picture's luma, or null if none stands out. */
export function barPosition(frame: VideoFrame): number | null {
	const picture = frame.type === VideoBufferType.I420 ? frame : frame.convert(VideoBufferType.I420);
	const { width, height, data } = picture;
	const columns = new Float64Array(width);
	for (let y = 0; y < height; y += 8) {
		for (let x = 0; x < width; x += 1) columns[x] += data[y * width + x];
	}
	const rows = Math.ceil(height / 8);
	let bestX = 0;
	let bestSum = -1;
	for (let x = 0; x < width; x += 1) {
		let sum = 0;
		for (let dx = 0; dx < 20; dx += 1) sum += columns[(x + dx) % width];
		if (sum > bestSum) {
			bestSum = sum;
			bestX = x;
		}
	}
	const bandMean = bestSum / (20 * rows);
	// Grey is 128, the bar 255: a band well above grey is the bar, whatever the encoder did.
	return bandMean > 200 ? bestX : null;
}

/**
 * Watches `track` until the bar has been seen at `positions` clearly different places, i.e. the
 * picture changes. Resolves with the places seen; rejects after `timeoutMs`.
 */
export async function seeMovingBar(
	track: Track,
	positions = 3,
	timeoutMs = 30_000
): Promise<number[]> {
	const reader = new VideoStream(track).getReader();
	const seen: number[] = [];
	let frames = 0;
	const deadline = Date.now() + timeoutMs;
	try {
		while (Date.now() < deadline) {
			const { value, done } = await withDeadline(reader.read(), deadline);
			if (done) break;
			frames += 1;
			const position = barPosition(value.frame);
			if (position === null) continue;
			if (seen.every((other) => Math.abs(other - position) > 8)) seen.push(position);
			if (seen.length >= positions) return seen;
		}
	} finally {
		await reader.cancel().catch(() => undefined);
	}
	throw new Error(
		`the picture did not move within ${timeoutMs} ms (${frames} frames, bar at ${seen.join(', ') || 'nowhere'})`
	);
}

/** The first video frame of `track` (its arrival is what the benchmark times). */
export async function firstVideoFrame(track: Track, timeoutMs = 30_000): Promise<void> {
	const reader = new VideoStream(track).getReader();
	try {
		const { done } = await withDeadline(reader.read(), Date.now() + timeoutMs);
		if (done) throw new Error('the video stream ended before its first frame');
	} finally {
		await reader.cancel().catch(() => undefined);
	}
}

function withDeadline<T>(promise: Promise<T>, deadline: number): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const expired = new Promise<never>((_resolve, reject) => {
		timer = setTimeout(
			() => reject(new Error('timed out waiting for media')),
			Math.max(0, deadline - Date.now())
		);
	});
	return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/** Publishes `track` and returns its publication. */
export async function publish(
	participant: NativeParticipant,
	publisher: TonePublisher | BarPublisher
): Promise<LocalTrackPublication> {
	const local = participant.room.localParticipant;
	if (!local) throw new Error(`${participant.identity} is not connected`);
	return local.publishTrack(publisher.track, publisher.publishOptions());
}

/**
 * What the Rust core's own log says of its signalling: the path each connection took, in order
 * ('v1': /rtc/v1, one peer connection; 'v0': /rtc, two: "signal connection successful:
 * path=v1"), how often it fell back from v1 to /rtc ("falling back to v0 path"), and the sections
 * the server asked it to add.
 */
export const signalPaths: {
	paths: string[];
	fallbacks: number;
	/** Receive-only sections the server asked for (MediaSectionsRequirement), as the core says. */
	sectionsAsked: Array<{ audio: number; video: number }>;
} = { paths: [], fallbacks: 0, sectionsAsked: [] };

function recordSignalPaths(): void {
	const client = (globalThis as { _ffiClientInstance?: NodeJS.EventEmitter })._ffiClientInstance;
	client?.on('ffi_event', (event: { message: { case?: string; value?: unknown } }) => {
		if (event.message.case !== 'logs') return;
		const batch = event.message.value as { records: { message: string }[] };
		for (const { message } of batch.records) {
			const path = /signal connection successful: path=(\w+)/.exec(message)?.[1];
			if (path) signalPaths.paths.push(path);
			if (message.includes('falling back to v0')) signalPaths.fallbacks += 1;
			const asked = /MediaSectionsRequirement: adding (\d+) audio and (\d+) video/.exec(message);
			if (asked)
				signalPaths.sectionsAsked.push({ audio: Number(asked[1]), video: Number(asked[2]) });
		}
	});
}

/**
 * Forwards the Rust core's log (libwebrtc included) to the console at `level` and above, for
 * debugging: RTC_NODE_LOG=error|warn|info|debug. rtc-node captures it but prints none of it.
 */
export function forwardRustLog(level = process.env.RTC_NODE_LOG): void {
	const levels = ['error', 'warn', 'info', 'debug', 'trace'];
	const limit = level ? levels.indexOf(level) : -1;
	if (limit < 0) return;
	const client = (globalThis as { _ffiClientInstance?: NodeJS.EventEmitter })._ffiClientInstance;
	client?.on('ffi_event', (event: { message: { case?: string; value?: unknown } }) => {
		if (event.message.case !== 'logs') return;
		const batch = event.message.value as {
			records: { level: number; target: string; message: string }[];
		};
		for (const record of batch.records) {
			if (record.level <= limit)
				console.log(`[rtc ${levels[record.level]}] ${record.target}: ${record.message}`);
		}
	});
}
