// Browser tests on an emulated village link (village-link.ts): `test` whose browser runs inside
// the link's network namespace, and what a call's WebRTC statistics say about the media received.
import { chromium, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { test as base } from './fixtures';
import { joinToken, livekitUrl } from './media-harness';
import { EmulatedLink, VILLAGE } from './village-link';

export { expect } from './fixtures';

const port = Number(process.env.E2E_PORT ?? 4317);

/** The pages whose peer connections are recorded in the running test (recordPeerConnections). */
const recordedPages = new Set<Page>();

export const test = base.extend<{ diagnosis: void }, { link: EmulatedLink }>({
	link: [
		// Playwright reads a fixture's dependencies from its first parameter's pattern: none here.
		// eslint-disable-next-line no-empty-pattern
		async ({}, use) => {
			const link = EmulatedLink.open(VILLAGE, port);
			try {
				await link.relay(port);
				await link.relayMedia();
				await use(link);
			} finally {
				await link.close();
			}
		},
		{ scope: 'worker' }
	],
	browser: [
		async ({ link }, use) => {
			const browser = await chromium.launch(link.browserLaunch());
			await use(browser);
			await browser.close();
		},
		{ scope: 'worker' }
	],
	// A failed test prints what its pages' connections held and what the server logged meanwhile:
	// CI keeps a failed run's output only, and a failure on the link has been seen there alone.
	// It depends on openProfile so that it ends before the pages' profiles close.
	diagnosis: [
		// eslint-disable-next-line @typescript-eslint/no-unused-vars
		async ({ openProfile }, use, testInfo) => {
			const startedAt = Date.now();
			await use();
			const pages = [...recordedPages];
			recordedPages.clear();
			if (testInfo.status === testInfo.expectedStatus) return;
			for (const [index, page] of pages.entries()) {
				console.log(`page ${index + 1} (${page.url()}): ${await connectionsOf(page)}`);
			}
			console.log(serverLogSince(startedAt));
		},
		{ auto: true }
	]
});

/** A page's peer connections, their sections and what arrived on each, as one line of JSON. */
async function connectionsOf(page: Page): Promise<string> {
	const read = page.evaluate(async () => {
		const connections =
			(window as unknown as { peerConnections?: RTCPeerConnection[] }).peerConnections ?? [];
		return Promise.all(
			connections.map(async (connection) => {
				const inbound: Record<string, unknown>[] = [];
				const report = await connection.getStats();
				// Which path the browser took, and what crossed it each way.
				let path: Record<string, unknown> | null = null;
				for (const stats of report.values()) {
					if (stats.type !== 'transport' || !stats.selectedCandidatePairId) continue;
					const pair = report.get(stats.selectedCandidatePairId);
					const local = pair && report.get(pair.localCandidateId);
					const remote = pair && report.get(pair.remoteCandidateId);
					path = {
						local: local && `${local.address}:${local.port} ${local.candidateType}`,
						remote: remote && `${remote.address}:${remote.port} ${remote.candidateType}`,
						sent: pair?.bytesSent,
						received: pair?.bytesReceived,
						dtls: stats.dtlsState,
						srtpCipher: stats.srtpCipher
					};
				}
				for (const stats of report.values()) {
					if (stats.type !== 'inbound-rtp') continue;
					inbound.push({
						kind: stats.kind,
						mid: stats.mid,
						packets: stats.packetsReceived,
						samples: stats.totalSamplesReceived,
						frames: stats.framesDecoded
					});
				}
				return {
					path,
					state: connection.connectionState,
					signaling: connection.signalingState,
					sections: connection.getTransceivers().map((transceiver) => ({
						mid: transceiver.mid,
						kind: transceiver.receiver.track.kind,
						direction: transceiver.direction,
						current: transceiver.currentDirection,
						track: transceiver.receiver.track.readyState,
						muted: transceiver.receiver.track.muted
					})),
					inbound
				};
			})
		);
	});
	const timeout = new Promise<string>((done) => setTimeout(() => done('(no answer)'), 5_000));
	try {
		return await Promise.race([read.then((result) => JSON.stringify(result)), timeout]);
	} catch (error) {
		return `(unreadable: ${String(error)})`;
	}
}

/** What the app and its media process logged since `since` (ms), one short line an entry. */
function serverLogSince(since: number): string {
	// playwright.config.ts: E2E_SERVER_LOG, in Playwright's output directory.
	const file = 'test-results/server.log';
	if (!existsSync(file)) return `(no ${file})`;
	const lines: string[] = [];
	for (const line of readFileSync(file, 'utf8').split('\n')) {
		try {
			const { time, level, msg, app, pid, hostname, ...rest } = JSON.parse(line);
			void [app, pid, hostname];
			if (time < since - 1_000) continue;
			const at = new Date(time).toISOString().slice(11, 23);
			lines.push(`${at} ${level} ${msg} ${JSON.stringify(rest)}`);
		} catch {
			if (line.trim()) lines.push(line);
		}
	}
	return `server log since the test started (${lines.length} lines, last 300):\n${lines.slice(-300).join('\n')}`;
}

/**
 * Records every RTCPeerConnection a page makes (before its scripts run), so a test can read the
 * statistics of what really arrived, whatever the page's code does with them.
 */
export async function recordPeerConnections(page: Page): Promise<void> {
	recordedPages.add(page);
	await page.addInitScript(() => {
		const Native = window.RTCPeerConnection;
		const connections: RTCPeerConnection[] = [];
		(window as unknown as { peerConnections: RTCPeerConnection[] }).peerConnections = connections;
		window.RTCPeerConnection = class extends Native {
			constructor(config?: RTCConfiguration) {
				super(config);
				connections.push(this);
			}
		} as typeof RTCPeerConnection;
	});
}

/** What a page received so far, summed over its peer connections' inbound-rtp statistics. */
export interface Received {
	videoBytes: number;
	audio: Array<{
		ssrc: number;
		mimeType: string;
		energy: number;
		samples: number;
		concealed: number;
		/** RTP packets of the stream received and lost on the way (never resent, unlike video's). */
		packets: number;
		lost: number;
	}>;
	/**
	 * Round trips the page measured, ms: RTCP's for what it sends (remote-inbound-rtp, from the
	 * server's receiver reports) and ICE's on its connections' selected pairs.
	 */
	roundTripsMs: { rtcp: number[]; ice: number[] };
}

export function received(page: Page): Promise<Received> {
	return page.evaluate(async () => {
		const connections =
			(window as unknown as { peerConnections?: RTCPeerConnection[] }).peerConnections ?? [];
		const result: Received = { videoBytes: 0, audio: [], roundTripsMs: { rtcp: [], ice: [] } };
		for (const connection of connections) {
			if (connection.connectionState === 'closed') continue;
			const report = await connection.getStats();
			for (const stats of report.values()) {
				if (stats.type === 'remote-inbound-rtp' && stats.roundTripTime !== undefined) {
					result.roundTripsMs.rtcp.push(stats.roundTripTime * 1000);
				}
				if (stats.type === 'transport' && stats.selectedCandidatePairId) {
					const pair = report.get(stats.selectedCandidatePairId);
					if (pair?.currentRoundTripTime !== undefined) {
						result.roundTripsMs.ice.push(pair.currentRoundTripTime * 1000);
					}
				}
				if (stats.type !== 'inbound-rtp') continue;
				if (stats.kind === 'video') result.videoBytes += stats.bytesReceived ?? 0;
				else
					result.audio.push({
						ssrc: stats.ssrc,
						mimeType: report.get(stats.codecId)?.mimeType ?? '',
						energy: stats.totalAudioEnergy ?? 0,
						samples: stats.totalSamplesReceived ?? 0,
						concealed: stats.concealedSamples ?? 0,
						packets: stats.packetsReceived ?? 0,
						lost: stats.packetsLost ?? 0
					});
			}
		}
		return result;
	});
}

/**
 * `person` joins `room` on the media harness page (served at localhost:`harnessPort`) with their
 * microphone only: four cameras at their default quality swamp a shared 512 kbit/s uplink until
 * the signalling itself times out (the house budget's job, not these tests').
 */
export async function joinWithMicrophone(
	page: Page,
	harnessPort: number,
	person: string,
	room: string
): Promise<void> {
	await recordPeerConnections(page);
	await page.goto(`http://localhost:${harnessPort}/`);
	const token = await joinToken(person, room);
	await page.evaluate(
		async ([url, jwt]) => {
			await window.joinRoom(url, jwt, false);
			await window.room.localParticipant.setMicrophoneEnabled(true);
		},
		[livekitUrl(), token]
	);
}

/**
 * What the link did to the media of `pages`, as their browsers measured it: the median round trip
 * (RTCP's and ICE's, ms) and the share of audio packets lost on the way to them (percent).
 */
export async function measuredLink(
	pages: Page[]
): Promise<{ rtcpRttMs: number; iceRttMs: number; audioLossPercent: number }> {
	const all = await Promise.all(pages.map(received));
	const median = (values: number[]) =>
		values.length === 0 ? NaN : values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
	const packets = all.flatMap((page) => page.audio);
	const lost = packets.reduce((sum, stream) => sum + stream.lost, 0);
	const total = lost + packets.reduce((sum, stream) => sum + stream.packets, 0);
	return {
		rtcpRttMs: median(all.flatMap((page) => page.roundTripsMs.rtcp)),
		iceRttMs: median(all.flatMap((page) => page.roundTripsMs.ice)),
		audioLossPercent: total === 0 ? NaN : (100 * lost) / total
	};
}
