// Entry of the media process (compiled to build/node/media/main.js; tsx runs this file when the
// app runs from source), started and watched by MediaSupervisor in the app process.
//
// Why a process of its own: werift does SRTP, SCTP and RTP forwarding in JavaScript, a few
// thousand packets per second per stream. On the web process's event loop that would delay
// every page and collaboration frame while a call runs; a crash in the packet path would take
// the app down with it. Here it only costs a restart, which livekit-client rides out by joining
// again on its own. The app forwards /rtc*, /twirp/* to this process's loopback port.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { ConfigError } from '../../src/lib/server/config';
import { readMediaConfig } from './config';
import { loadOrCreateMediaKeys, mediaDataDir } from './keys';
import { MediaServer } from './media-server';
import {
	MEDIA_PID_FILE,
	type MediaProcessMessage,
	type SupervisorMessage
} from './process-protocol';
import { isAdmissionRevocation } from './revocations';
import { STOP_DEADLINE_MS, stopWithDeadline } from './stop-deadline';
import { createRoomServiceHandler } from './twirp';
import { createWebhookSender } from './webhooks';

async function main(): Promise<void> {
	const log = pino({
		level: process.env.LOG_LEVEL ?? 'info',
		base: { app: 'hameau', part: 'media' }
	});
	let server: MediaServer;
	let webhooks: ReturnType<typeof createWebhookSender>;
	const dataDir = mediaDataDir(process.env);
	try {
		const config = readMediaConfig(process.env);
		const keys = loadOrCreateMediaKeys(dataDir);
		webhooks = createWebhookSender({ url: config.webhookUrl, keys, log });
		server = new MediaServer({
			webhooks,
			keys,
			log,
			network: {
				udpPorts: config.udpPorts,
				announcedIp: config.announcedIp,
				announcedUdpPorts: config.announcedUdpPorts,
				announceMode: config.announceMode
			},
			limits: {
				maxParticipantsPerRoom: config.maxParticipantsPerRoom,
				maxTracksPerParticipant: config.maxTracksPerParticipant,
				emptyTimeoutSeconds: config.emptyRoomTimeoutSeconds
			},
			// /rtc/v1: one peer connection both ways, which livekit-client and the native SDKs try
			// first (docs/media.md, "The single peer connection").
			singlePeerConnection: true,
			twirp: (rooms) => createRoomServiceHandler({ backend: rooms, keys, log })
		});
	} catch (error) {
		if (error instanceof ConfigError) {
			console.error(error.message);
			process.exit(2);
		}
		throw error;
	}
	process.on('message', (message: SupervisorMessage) => {
		if (message?.type !== 'revoke-admission' || !Array.isArray(message.revocations)) return;
		for (const revocation of message.revocations) {
			if (isAdmissionRevocation(revocation)) server.revocations.add(revocation);
		}
	});
	const port = await server.listen(0, '127.0.0.1');
	log.info({ port, pid: process.pid }, 'media server listening');
	// Operators (and the restart test) find the media process by this file.
	const pidFile = join(dataDir, MEDIA_PID_FILE);
	writeFileSync(pidFile, `${process.pid}\n`);
	const ready: MediaProcessMessage = { type: 'ready', port };
	process.send?.(ready);

	let stopping = false;
	const stopCleanly = async () => {
		// Closing the rooms emits room_finished; the sender gets a moment to deliver it.
		await server.close();
		await webhooks.stop(5_000);
		// Only our own: a newer media process may have written its pid since.
		if (readPid(pidFile) === process.pid) rmSync(pidFile, { force: true });
		process.exit(0);
	};
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		await stopWithDeadline(stopCleanly, process.exit, () =>
			log.warn({ deadlineMs: STOP_DEADLINE_MS }, 'the media process did not stop in time: exiting')
		);
	};
	process.on('SIGTERM', () => void stop());
	process.on('SIGINT', () => void stop());
	// werift settles some promises nobody awaits (a candidate for a connection just closed, a
	// DTLS timeout): one call's hiccup is logged, not allowed to end everyone's calls.
	process.on('unhandledRejection', (reason) => {
		log.error({ err: reason }, 'unhandled rejection in the media process');
	});
	// The app went away (crash or kill -9): nothing forwards to us any more.
	process.on('disconnect', () => void stop());
}

function readPid(path: string): number | null {
	try {
		return Number(readFileSync(path, 'utf8'));
	} catch {
		// Already gone.
		return null;
	}
}

await main();
