// The one place that reads the environment. Both the SvelteKit app and the Node entry in
// `server/` import it (by relative path, so it works outside Vite), and it is validated once.
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

let current: Config | undefined;

/** The process's configuration, read on first use. */
export function config(): Config {
	current ??= readConfig();
	return current;
}
