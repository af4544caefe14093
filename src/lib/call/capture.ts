// The camera and microphone as the call page captured them. They outlive a Room: after a full
// reconnect livekit-client republishes them as they are (they are "user provided"), and an
// automatic rejoin publishes the same live tracks again. Letting livekit-client re-capture a
// camera it opened itself after a full reconnect left Chromium's camera sending no frames.
import { m } from '$lib/paraglide/messages';
import { captureDevice, isLive, type CaptureKind } from './devices';

/** Live camera and microphone tracks handed from pre-join to the call, so nothing opens twice. */
export type Captures = { camera?: MediaStreamTrack; microphone?: MediaStreamTrack };

export class HeldCaptures {
	private held: Record<CaptureKind, MediaStreamTrack | null> = { camera: null, microphone: null };

	get(kind: CaptureKind): MediaStreamTrack | null {
		return this.held[kind];
	}

	/** Holds `track` instead of the current capture, which stops (its light goes out). */
	replace(kind: CaptureKind, track: MediaStreamTrack | null) {
		const old = this.held[kind];
		if (old && old !== track) old.stop();
		this.held[kind] = track;
	}

	/** Stops both: the call is over (or never started). */
	release() {
		this.replace('camera', null);
		this.replace('microphone', null);
	}

	/**
	 * The live capture of a device, opening it if there is none (or it ended: unplugged). A capture
	 * that opens once the person has left (`left()`) is stopped at once, and the open fails.
	 */
	async live(
		kind: CaptureKind,
		deviceId: string | undefined,
		left: () => boolean
	): Promise<MediaStreamTrack> {
		const current = this.held[kind];
		if (isLive(current)) return current;
		const track = await captureDevice(kind, deviceId);
		if (left()) {
			track.stop();
			throw new Error(m.video_state_disconnected());
		}
		this.replace(kind, track);
		return track;
	}
}
