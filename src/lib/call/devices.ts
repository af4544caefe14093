// Opening the camera and the microphone, and saying what went wrong in words a person can act on.
// Pre-join and the call use the same constraints, so a capture handed from one to the other is
// what the call would have opened itself.
import { m } from '$lib/paraglide/messages';

export type CaptureKind = 'camera' | 'microphone';

/** A message a person can act on for a failed camera or microphone. */
export function deviceErrorMessage(error: unknown, device: CaptureKind): string {
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
	kind: CaptureKind,
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

/** A track that still carries media (not stopped, not ended by an unplugged device). */
export function isLive(track: MediaStreamTrack | null | undefined): track is MediaStreamTrack {
	return !!track && track.readyState === 'live';
}
