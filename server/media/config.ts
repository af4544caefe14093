// Settings of the embedded media server, read from the environment and validated once; a bad value
// throws a ConfigError that names the variable. Keys live in ./keys.ts.
import { isIP } from 'node:net';
import { ConfigError } from '../../src/lib/server/config';

export { ConfigError } from '../../src/lib/server/config';

/** An inclusive range of UDP ports. */
export interface PortRange {
	min: number;
	max: number;
}

export interface MediaConfig {
	/** UDP ports ICE binds media sockets on (MEDIA_UDP_PORTS); null = any free port. */
	udpPorts: PortRange | null;
	/** IP put in ICE candidates instead of the interfaces' own (MEDIA_ANNOUNCED_IP); null = host candidates of the machine's interfaces. */
	announcedIp: string | null;
	/** Ports announced for udpPorts, offset for offset (MEDIA_ANNOUNCED_UDP_PORTS); null = the same ports. */
	announcedUdpPorts: PortRange | null;
	/** Whether the announced address replaces the interfaces' own or is offered beside them (MEDIA_ANNOUNCE_MODE). */
	announceMode: AnnounceMode;
	/** Participants a room admits before refusing joins (MEDIA_MAX_PARTICIPANTS_PER_ROOM). */
	maxParticipantsPerRoom: number;
	/** Tracks one participant may publish at once (MEDIA_MAX_TRACKS_PER_PARTICIPANT). */
	maxTracksPerParticipant: number;
	/** Seconds an empty room stays open before it closes (MEDIA_EMPTY_ROOM_TIMEOUT). */
	emptyRoomTimeoutSeconds: number;
	/** Where webhook events are POSTed (MEDIA_WEBHOOK_URL); null = webhooks off. */
	webhookUrl: string | null;
}

/**
 * replace: only the announced address is offered (a 1:1 NAT, a container); add: it is offered as a
 * server-reflexive candidate beside the machine's own, for a server reached both on its LAN and
 * through a NAT that forwards its ports.
 */
export type AnnounceMode = 'replace' | 'add';

/** Defaults, LiveKit's where LiveKit has one. */
export const mediaDefaults = {
	maxParticipantsPerRoom: 50,
	maxTracksPerParticipant: 8,
	emptyRoomTimeoutSeconds: 300
} as const;

/** The app's own webhook endpoint: the path of the default MEDIA_WEBHOOK_URL. */
export const APP_WEBHOOK_PATH = '/api/livekit/webhook';

export interface MediaConfigOptions {
	/** Port the app listens on, for the default webhook URL; defaults to PORT or 3000. */
	appPort?: number;
}

const read = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
	const value = env[name]?.trim();
	return value ? value : undefined;
};

function wholeNumber(
	env: NodeJS.ProcessEnv,
	name: string,
	fallback: number,
	min: number,
	max: number,
	unit: string
): number {
	const raw = read(env, name);
	if (raw === undefined) return fallback;
	const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
	if (!Number.isSafeInteger(value) || value < min || value > max) {
		throw new ConfigError(
			name,
			`must be a whole number of ${unit} from ${min} to ${max} (got "${raw}")`
		);
	}
	return value;
}

function portRange(env: NodeJS.ProcessEnv, name: string): PortRange | null {
	const raw = read(env, name);
	if (raw === undefined) return null;
	const match = /^(\d+)\s*-\s*(\d+)$/.exec(raw);
	const min = match ? Number(match[1]) : NaN;
	const max = match ? Number(match[2]) : NaN;
	const valid = (port: number) => Number.isInteger(port) && port >= 1024 && port <= 65535;
	// Every WebRTC connection binds a port of its own (two per person in a call: sending and
	// receiving), and werift refuses a range of one port: a lone port could not take a call.
	if (!valid(min) || !valid(max) || min >= max) {
		throw new ConfigError(
			name,
			`must be a range "min-max" of UDP ports from 1024 to 65535, two per person in calls at once, such as 50000-50100 (got "${raw}")`
		);
	}
	return { min, max };
}

/** The ports a NAT forwards to MEDIA_UDP_PORTS, one for one: as many, in the same order. */
function announcedUdpPorts(env: NodeJS.ProcessEnv, udpPorts: PortRange | null): PortRange | null {
	const name = 'MEDIA_ANNOUNCED_UDP_PORTS';
	const range = portRange(env, name);
	if (range === null) return null;
	if (udpPorts === null || range.max - range.min !== udpPorts.max - udpPorts.min) {
		throw new ConfigError(
			name,
			`must be a range of as many ports as MEDIA_UDP_PORTS, which it stands for one for one (got "${read(env, name)}")`
		);
	}
	return range;
}

function announceMode(env: NodeJS.ProcessEnv): AnnounceMode {
	const name = 'MEDIA_ANNOUNCE_MODE';
	const raw = read(env, name);
	if (raw === undefined) return 'replace';
	if (raw !== 'replace' && raw !== 'add') {
		throw new ConfigError(name, `must be "replace" or "add" (got "${raw}")`);
	}
	return raw;
}

function announcedIp(env: NodeJS.ProcessEnv): string | null {
	const name = 'MEDIA_ANNOUNCED_IP';
	const raw = read(env, name);
	if (raw === undefined) return null;
	if (isIP(raw) === 0) {
		throw new ConfigError(
			name,
			`must be an IPv4 or IPv6 address, such as 192.168.1.20 (got "${raw}")`
		);
	}
	return raw;
}

function webhookUrl(env: NodeJS.ProcessEnv, appPort: number): string | null {
	const name = 'MEDIA_WEBHOOK_URL';
	const raw = read(env, name);
	if (raw === undefined) return `http://127.0.0.1:${appPort}${APP_WEBHOOK_PATH}`;
	if (raw === 'off') return null;
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new ConfigError(name, `must be an http(s) URL or "off" (got "${raw}")`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new ConfigError(name, `must be an http(s) URL or "off" (got "${raw}")`);
	}
	return url.href;
}

/** Reads and validates the media settings; throws a ConfigError naming the bad variable. */
export function readMediaConfig(
	env: NodeJS.ProcessEnv = process.env,
	options: MediaConfigOptions = {}
): MediaConfig {
	const appPort = options.appPort ?? wholeNumber(env, 'PORT', 3000, 0, 65535, 'port');
	const udpPorts = portRange(env, 'MEDIA_UDP_PORTS');
	return {
		udpPorts,
		announcedIp: announcedIp(env),
		announcedUdpPorts: announcedUdpPorts(env, udpPorts),
		announceMode: announceMode(env),
		maxParticipantsPerRoom: wholeNumber(
			env,
			'MEDIA_MAX_PARTICIPANTS_PER_ROOM',
			mediaDefaults.maxParticipantsPerRoom,
			1,
			10_000,
			'participants'
		),
		maxTracksPerParticipant: wholeNumber(
			env,
			'MEDIA_MAX_TRACKS_PER_PARTICIPANT',
			mediaDefaults.maxTracksPerParticipant,
			1,
			100,
			'tracks'
		),
		emptyRoomTimeoutSeconds: wholeNumber(
			env,
			'MEDIA_EMPTY_ROOM_TIMEOUT',
			mediaDefaults.emptyRoomTimeoutSeconds,
			1,
			7 * 24 * 3600,
			'seconds'
		),
		webhookUrl: webhookUrl(env, appPort)
	};
}
