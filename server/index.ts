// The one Node process: HTTP (the SvelteKit app built by adapter-node) plus the WebSocket
// upgrade router that the realtime servers plug into.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { config, ConfigError, type Config } from '../src/lib/server/config';
import { closeDb, getDb } from '../src/lib/server/db';
import { logger } from '../src/lib/server/logger';
import { compressResponses } from './compress-responses';
import { ownAddress, settleEmbeddedMediaEnv } from './embedded-media-env';
import { isMediaPath, MediaSupervisor } from './media/supervisor';
import { createRealtime } from './realtime';

type NodeHandler = (
	req: import('node:http').IncomingMessage,
	res: import('node:http').ServerResponse,
	next: () => void
) => void;

const PROTOCOL_HEADER = 'x-hameau-protocol';

/** How long shutdown waits for open requests before cutting connections. */
const SHUTDOWN_GRACE_MS = 10_000;

function readConfigOrExit(): Config {
	try {
		return config();
	} catch (error) {
		if (error instanceof ConfigError) {
			console.error(error.message);
			process.exit(1);
		}
		throw error;
	}
}

async function loadAppHandler(): Promise<NodeHandler> {
	const handlerPath = resolve(process.cwd(), 'build/handler.js');
	if (!existsSync(handlerPath)) {
		console.error('The app is not built: run `npm run build` (or `npm start`, which builds).');
		process.exit(1);
	}
	return ((await import(pathToFileURL(handlerPath).href)) as { handler: NodeHandler }).handler;
}

/**
 * Without LIVEKIT_URL, Hameau runs its own LiveKit-compatible media server (docs/media.md): its
 * environment is settled before the app loads (the app signs tokens with its key pair), and the
 * app reaches the RoomService through its own port, which forwards /twirp/* to the media process.
 */
function startEmbeddedMedia(cfg: Config): MediaSupervisor | null {
	if (process.env.LIVEKIT_URL) return null;
	try {
		settleEmbeddedMediaEnv(ownAddress(cfg.host, cfg.port));
	} catch (error) {
		if (error instanceof ConfigError) {
			console.error(error.message);
			process.exit(1);
		}
		throw error;
	}
	return new MediaSupervisor({ log: logger() });
}

export async function main(): Promise<Server> {
	const cfg = readConfigOrExit();
	const log = logger();
	// Open and migrate before listening, so a broken database stops start-up, not a request.
	getDb();
	// Without ORIGIN, adapter-node assumes https. Tell it the real scheme of each connection
	// through a header we always overwrite, so a client cannot spoof it.
	if (!cfg.origin) {
		process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;
		// config() treats ORIGIN= as unset; adapter-node reads the variable itself and would
		// refuse the empty string at import.
		delete process.env.ORIGIN;
	}
	const media = startEmbeddedMedia(cfg);
	const handler = await loadAppHandler();
	const realtime = createRealtime({ media });
	const compress = compressResponses();

	const server = createServer((req, res) => {
		if (media && isMediaPath(req.url)) {
			media.forwardRequest(req, res);
			return;
		}
		if (!cfg.origin) req.headers[PROTOCOL_HEADER] = 'encrypted' in req.socket ? 'https' : 'http';
		// Static files (served before SvelteKit's hooks run) must not be sniffed into another type.
		res.setHeader('X-Content-Type-Options', 'nosniff');
		compress(req, res, () =>
			handler(req, res, () => {
				res.statusCode = 404;
				res.end('Not Found');
			})
		);
	});
	server.on('upgrade', (request, socket, head) => {
		realtime.router.route(request, socket, head);
	});

	let stopping = false;
	const shutdown = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		log.info({ signal }, 'shutting down');
		const closed = new Promise<void>((done) => server.close(() => done()));
		server.closeIdleConnections();
		const cutOff = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
		cutOff.unref();
		// Realtime servers write their documents out before the database closes.
		await realtime.stop();
		await media?.stop();
		await closed;
		closeDb();
		log.info('stopped');
		process.exit(0);
	};
	process.on('SIGTERM', () => void shutdown('SIGTERM'));
	process.on('SIGINT', () => void shutdown('SIGINT'));

	// Video works from the first request: the media process listens before the app does.
	await media?.start();
	await new Promise<void>((done) => server.listen(cfg.port, cfg.host, done));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : cfg.port;
	log.info(
		{ port, host: cfg.host, database: cfg.databasePath },
		`Hameau listening on http://localhost:${port}`
	);
	return server;
}

await main();
