// Entry of the media process (`node --import tsx server/media/main.ts`), started and watched by
// MediaSupervisor in the app process.
//
// Why a process of its own: werift does SRTP, SCTP and RTP forwarding in JavaScript, a few
// thousand packets per second per stream. On the web process's event loop that would delay
// every page and collaboration frame while a call runs; a crash in the packet path would take
// the app down with it. Here it only costs a restart, which livekit-client rides out by joining
// again on its own. The app forwards /rtc*, /twirp/* to this process's loopback port.
import pino from 'pino';
import { ConfigError } from '../../src/lib/server/config';
import { readMediaConfig } from './config';
import { loadOrCreateMediaKeys, mediaDataDir } from './keys';
import { MediaServer } from './media-server';
import { createRoomServiceHandler } from './twirp';

/** Messages from this process to its supervisor (over the IPC channel). */
export type MediaProcessMessage = { type: 'ready'; port: number };

async function main(): Promise<void> {
	const log = pino({
		level: process.env.LOG_LEVEL ?? 'info',
		base: { app: 'hameau', part: 'media' }
	});
	let server: MediaServer;
	try {
		const config = readMediaConfig(process.env);
		const keys = loadOrCreateMediaKeys(mediaDataDir(process.env));
		server = new MediaServer({
			keys,
			log,
			network: { udpPorts: config.udpPorts, announcedIp: config.announcedIp },
			limits: {
				maxParticipantsPerRoom: config.maxParticipantsPerRoom,
				maxTracksPerParticipant: config.maxTracksPerParticipant,
				emptyTimeoutSeconds: config.emptyRoomTimeoutSeconds
			},
			twirp: (rooms) => createRoomServiceHandler({ backend: rooms, keys, log })
		});
	} catch (error) {
		if (error instanceof ConfigError) {
			console.error(error.message);
			process.exit(2);
		}
		throw error;
	}
	const port = await server.listen(Number(process.env.MEDIA_INTERNAL_PORT ?? 0), '127.0.0.1');
	log.info({ port, pid: process.pid }, 'media server listening');
	const ready: MediaProcessMessage = { type: 'ready', port };
	process.send?.(ready);

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		await server.close();
		process.exit(0);
	};
	process.on('SIGTERM', () => void stop());
	process.on('SIGINT', () => void stop());
	// The app went away (crash or kill -9): nothing forwards to us any more.
	process.on('disconnect', () => void stop());
}

await main();
