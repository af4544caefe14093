// Without LIVEKIT_URL, Hameau runs its own LiveKit-compatible media server (docs/media.md), and
// the app does not know it: it signs tokens with LIVEKIT_API_KEY / LIVEKIT_API_SECRET and calls
// the RoomService at HAMEAU_MEDIA_API_URL as it would with a LiveKit deployment. The Node entry
// (production) and the Vite plugin (`npm run dev`) both settle that environment here, before the
// app reads it.
import { loadOrCreateMediaKeys, mediaDataDir } from './media/keys.ts';

/**
 * Puts the media key pair (from LIVEKIT_API_KEY / LIVEKIT_API_SECRET when both are set, else the
 * keys file, generated on first start) and `apiUrl`, where the app's RoomService client reaches
 * the media process, in the environment. Throws a ConfigError naming a badly set key variable.
 */
export function settleEmbeddedMediaEnv(apiUrl: string, env: NodeJS.ProcessEnv = process.env): void {
	const keys = loadOrCreateMediaKeys(mediaDataDir(env), env);
	env.LIVEKIT_API_KEY = keys.apiKey;
	env.LIVEKIT_API_SECRET = keys.apiSecret;
	env.HAMEAU_MEDIA_API_URL = apiUrl;
}

/**
 * The app's own address as seen from inside the process, which forwards /twirp/* to the media
 * process: loopback when it listens on every interface, its host otherwise.
 */
export function ownAddress(host: string, port: number): string {
	const wildcard = host === '0.0.0.0' || host === '::' || host === '';
	const reachable = wildcard ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
	return `http://${reachable}:${port}`;
}
