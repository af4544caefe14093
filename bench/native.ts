// `native` part: join → first remote video frame for a subscriber on LiveKit's native SDK
// (@livekit/rtc-node, the Rust core of the Python and Rust SDKs and of LiveKit Agents), against
// the compiled app and its embedded media server, p50/p90 over BENCH_NATIVE_JOINS joins
// (default 10). The `video` part measures the same through the call UI in Chromium. Prints
// figures, asserts nothing.
import { dispose, RoomEvent, TrackKind, type RemoteTrack } from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';
import { performance } from 'node:perf_hooks';
import { generatedMediaKeys, startWithEmbeddedMedia } from '../tests/helpers/server';
import {
	BarPublisher,
	firstVideoFrame,
	NativeParticipant,
	publish,
	signalPaths
} from '../tests/media/native-sdk-support';

const JOINS = Number(process.env.BENCH_NATIVE_JOINS ?? 10);
const ROOM = 'native-bench';

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function benchNative(): Promise<void> {
	const server = await startWithEmbeddedMedia('off');
	const keys = generatedMediaKeys(server);
	const url = server.url.replace(/^http/, 'ws');
	const token = (identity: string) => {
		const grant = new AccessToken(keys.apiKey, keys.apiSecret, { identity });
		grant.addGrant({ roomJoin: true, room: ROOM, canPublish: true, canSubscribe: true });
		return grant.toJwt();
	};
	const host = new NativeParticipant('host');
	const camera = new BarPublisher();
	try {
		await host.connect(url, await token('host'));
		await publish(host, camera);
		const toConnected: number[] = [];
		const toFrame: number[] = [];
		for (let i = 0; i < JOINS; i += 1) {
			const guest = new NativeParticipant(`guest-${i}`);
			const started = performance.now();
			await guest.connect(url, await token(guest.identity));
			toConnected.push(performance.now() - started);
			const [track] = await guest.until(
				RoomEvent.TrackSubscribed,
				(subscribed: RemoteTrack) => subscribed.kind === TrackKind.KIND_VIDEO
			);
			await firstVideoFrame(track as RemoteTrack);
			toFrame.push(performance.now() - started);
			await guest.leave();
		}
		toConnected.sort((a, b) => a - b);
		toFrame.sort((a, b) => a - b);
		const line = (times: number[]) =>
			`p50 ${percentile(times, 50).toFixed(0)} ms · p90 ${percentile(times, 90).toFixed(0)} ms · min ${times[0].toFixed(0)} ms · max ${times[times.length - 1].toFixed(0)} ms`;
		console.log(
			`\nNative SDK (@livekit/rtc-node): join → first remote frame, embedded media server, ${JOINS} joins` +
				`\n  ${line(toFrame)}` +
				`\n  (of which room.connect() resolved: ${line(toConnected)})` +
				// The Rust core's own log says where each join went: /rtc/v1, or /rtc after a fallback.
				`\n  signal paths: ${signalPaths.paths.join(' ')} · fallbacks to /rtc: ${signalPaths.fallbacks}` +
				'\n  Browser beside it: the `video` part (join → first remote frame through the call UI).'
		);
	} finally {
		await host.leave().catch(() => undefined);
		await camera.stop();
		await server.stop();
		await dispose();
	}
}
