// The one place that reads the environment. Both the SvelteKit app and the Node entry in
// `server/` import it (by relative path, so it works outside Vite), and it is validated once.
import { createECDH } from 'node:crypto';
import * as v from 'valibot';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface Config {
	/** TCP port of the HTTP server. */
	port: number;
	/** Interface the HTTP server binds to. */
	host: string;
	/** Public origin (https://hameau.example.org); adapter-node uses it for CSRF and absolute URLs. */
	origin: string | undefined;
	/** SQLite database file; its directory is created when missing. */
	databasePath: string;
	/** pino log level. */
	logLevel: (typeof logLevels)[number];
	/** Sign-up and log-in attempts allowed per client address per 15 minutes. */
	authRateLimitPerIp: number;
	/** Password reset links by email; undefined when SMTP_URL is unset (owners and the operator make links). */
	mail: MailConfig | undefined;
	/** Where video goes: an external LiveKit deployment, or the embedded media server. */
	livekit: LiveKitConfig;
	/** Web Push (notifications reaching a closed tab): the VAPID keys and subject. */
	push: PushConfig;
}

/** VAPID, with which Hameau signs what it sends to browsers' push services. */
export interface PushConfig {
	/**
	 * VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY (base64url, as web-push generates them), or undefined:
	 * then the pair is kept in vapid-keys.json beside the database (notifications/push-keys.ts).
	 */
	keys: { publicKey: string; privateKey: string } | undefined;
	/** VAPID_SUBJECT (mailto: or https:), else the MAIL_FROM address, else an https ORIGIN. */
	subject: string;
}

/** Set together: SMTP_URL, MAIL_FROM, and ORIGIN for the links in the emails. */
export interface MailConfig {
	/** SMTP_URL: smtp(s)://user:password@host:port, as nodemailer takes it. */
	smtpUrl: string;
	/** MAIL_FROM: the sender, `address@example.org` or `Name <address@example.org>`. */
	from: string;
}

/** LIVEKIT_URL set = an external LiveKit deployment; unset = the embedded media server. */
export interface LiveKitConfig {
	/** LIVEKIT_URL (ws(s):// or http(s)://), or undefined for the embedded media server. */
	url: string | undefined;
	/** LIVEKIT_API_KEY; in embedded mode the Node entry sets it from the media keys file. */
	apiKey: string | undefined;
	/** LIVEKIT_API_SECRET; same origin as the key. */
	apiSecret: string | undefined;
	/** HAMEAU_MEDIA_API_URL: where the embedded server's RoomService answers (set by the Node entry). */
	mediaApiUrl: string | undefined;
}

export class ConfigError extends Error {
	constructor(
		readonly variable: string,
		problem: string
	) {
		super(`Invalid configuration: ${variable} ${problem}`);
		this.name = 'ConfigError';
	}
}

const integer = (min: number, max: number) =>
	v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number), v.minValue(min), v.maxValue(max));

function parse<T>(
	env: NodeJS.ProcessEnv,
	name: string,
	schema: v.GenericSchema<string, T>,
	fallback: string | undefined,
	expectation: string
): T | undefined {
	const raw = env[name] === undefined || env[name] === '' ? fallback : env[name];
	if (raw === undefined) return undefined;
	const result = v.safeParse(schema, raw);
	if (!result.success) throw new ConfigError(name, `must be ${expectation} (got "${raw}")`);
	return result.output;
}

/** Reads and validates the configuration; throws a ConfigError naming the bad variable. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const origin = parse(
		env,
		'ORIGIN',
		v.pipe(
			v.string(),
			v.url(),
			v.check((value) => /^https?:\/\/[^/]+$/.test(value.replace(/\/$/, '')))
		),
		undefined,
		'an http(s) origin without a path, such as https://hameau.example.org'
	);
	const databaseUrl = parse(
		env,
		'DATABASE_URL',
		v.pipe(v.string(), v.minLength(1)),
		'./data/hameau.db',
		'a path to a SQLite file'
	)!;
	const livekit = readLiveKit(env);
	return {
		livekit,
		mail: readMail(env, origin),
		// After mail: MAIL_FROM, which the subject may come from, has been checked.
		push: readPush(env, origin),
		port: parse(env, 'PORT', integer(0, 65535), '3000', 'a port number from 0 to 65535')!,
		host: parse(env, 'HOST', v.pipe(v.string(), v.minLength(1)), '0.0.0.0', 'a host name')!,
		origin: origin?.replace(/\/$/, ''),
		databasePath: databaseUrl.replace(/^file:/, ''),
		logLevel: parse(
			env,
			'LOG_LEVEL',
			v.picklist(logLevels),
			'info',
			`one of ${logLevels.join(', ')}`
		)!,
		authRateLimitPerIp: parse(
			env,
			'AUTH_RATE_LIMIT_PER_IP',
			integer(1, 1_000_000),
			'30',
			'a whole number of attempts, at least 1'
		)!
	};
}

function readLiveKit(env: NodeJS.ProcessEnv): LiveKitConfig {
	const text = v.pipe(v.string(), v.trim(), v.minLength(1));
	const url = parse(
		env,
		'LIVEKIT_URL',
		v.pipe(v.string(), v.url(), v.regex(/^(wss?|https?):\/\//)),
		undefined,
		'a ws(s):// or http(s):// URL of a LiveKit server'
	)?.replace(/\/$/, '');
	const apiKey = parse(env, 'LIVEKIT_API_KEY', text, undefined, 'a LiveKit API key');
	const apiSecret = parse(env, 'LIVEKIT_API_SECRET', text, undefined, 'a LiveKit API secret');
	if (url) {
		// An external deployment is useless without both keys: say which one is missing.
		if (!apiKey) throw new ConfigError('LIVEKIT_API_KEY', 'must be set when LIVEKIT_URL is set');
		if (!apiSecret) {
			throw new ConfigError('LIVEKIT_API_SECRET', 'must be set when LIVEKIT_URL is set');
		}
	}
	const mediaApiUrl = parse(
		env,
		'HAMEAU_MEDIA_API_URL',
		v.pipe(v.string(), v.url(), v.regex(/^https?:\/\//)),
		undefined,
		'an http(s):// URL'
	)?.replace(/\/$/, '');
	return { url, apiKey, apiSecret, mediaApiUrl };
}

function readMail(env: NodeJS.ProcessEnv, origin: string | undefined): MailConfig | undefined {
	const smtpUrl = parse(
		env,
		'SMTP_URL',
		v.pipe(v.string(), v.url(), v.regex(/^smtps?:\/\/[^/]/)),
		undefined,
		'an smtp:// or smtps:// URL, such as smtps://user:password@mail.example.org:465'
	);
	const from = parse(
		env,
		'MAIL_FROM',
		v.pipe(v.string(), v.trim(), v.regex(/^([^<>@\s][^<>]*<)?[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>?$/)),
		undefined,
		'an email address, or a name and an address such as Hameau <hameau@example.org>'
	);
	if (!smtpUrl) return undefined;
	if (!from) throw new ConfigError('MAIL_FROM', 'must be set when SMTP_URL is set');
	// The Host header of whoever asks for a reset must not choose where the emailed link points.
	if (!origin)
		throw new ConfigError('ORIGIN', 'must be set when SMTP_URL is set (emailed links use it)');
	return { smtpUrl, from };
}

/** Without a contact of its own, push services are told this one (they may refuse it: Apple does). */
export const FALLBACK_VAPID_SUBJECT = 'mailto:hameau@localhost';

function readPush(env: NodeJS.ProcessEnv, origin: string | undefined): PushConfig {
	const publicKey = parse(
		env,
		'VAPID_PUBLIC_KEY',
		v.pipe(v.string(), v.trim(), v.regex(/^[A-Za-z0-9_-]{87}$/)),
		undefined,
		'an uncompressed P-256 public key in base64url (87 characters), as web-push generates it'
	);
	const privateKey = parse(
		env,
		'VAPID_PRIVATE_KEY',
		v.pipe(v.string(), v.trim(), v.regex(/^[A-Za-z0-9_-]{43}$/)),
		undefined,
		'a P-256 private key in base64url (43 characters), as web-push generates it'
	);
	if (publicKey && !privateKey) {
		throw new ConfigError('VAPID_PRIVATE_KEY', 'must be set when VAPID_PUBLIC_KEY is set');
	}
	if (privateKey && !publicKey) {
		throw new ConfigError('VAPID_PUBLIC_KEY', 'must be set when VAPID_PRIVATE_KEY is set');
	}
	if (publicKey && privateKey && derivedPublicKey(privateKey) !== publicKey) {
		// Browsers subscribed with the public key; signing with another key would fail silently.
		throw new ConfigError('VAPID_PRIVATE_KEY', 'is not the private key of VAPID_PUBLIC_KEY');
	}
	const subject = parse(
		env,
		'VAPID_SUBJECT',
		v.pipe(v.string(), v.trim(), v.url(), v.regex(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/)),
		undefined,
		'a mailto: address or an https:// URL where the push services can reach whoever runs Hameau'
	);
	return {
		keys: publicKey && privateKey ? { publicKey, privateKey } : undefined,
		subject: subject ?? defaultVapidSubject(env.MAIL_FROM, origin)
	};
}

/** The public key (uncompressed point, base64url) of a P-256 private key, or null if it is none. */
export function derivedPublicKey(privateKey: string): string | null {
	try {
		const ecdh = createECDH('prime256v1');
		ecdh.setPrivateKey(Buffer.from(privateKey, 'base64url'));
		return ecdh.getPublicKey().toString('base64url');
	} catch {
		// Not a valid scalar for the curve (zero, or not below its order): no public key.
		return null;
	}
}

/** The MAIL_FROM address (already checked by readMail), else an https ORIGIN, else the fallback. */
function defaultVapidSubject(mailFrom: string | undefined, origin: string | undefined): string {
	const address = mailFrom?.trim().match(/<([^<>]+)>$/)?.[1] ?? mailFrom?.trim();
	if (address) return `mailto:${address}`;
	if (origin?.startsWith('https://')) return origin.replace(/\/$/, '');
	return FALLBACK_VAPID_SUBJECT;
}

let current: Config | undefined;

/** The process's configuration, read on first use. */
export function config(): Config {
	current ??= readConfig();
	return current;
}

/**
 * Forgets the configuration read so far: the next config() reads the environment again. For the
 * benchmarks, whose parts run one after another in one process, each on a database of its own.
 */
export function forgetConfig(): void {
	current = undefined;
}
