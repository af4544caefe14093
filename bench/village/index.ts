// `village` part: a four-person call of one house in headless Chromium (one browser, four
// profiles, fake camera and microphone, the unmodified livekit-client on the media harness page)
// against the compiled app and its embedded media server, once on an unimpaired link and once on
// the village link (tests/e2e/village-link.ts: 512 kbit/s up shared by the four, 2 Mbit/s down;
// its 300 ms round trip and 5% loss are not applied yet, see there), printed side by side:
// - join time (joinRoom → microphone and camera published) on the link;
// - audio kept per participant: the share of received audio samples that were really decoded
//   (not concealed), concealment events per minute, and a MOS estimate from the loss, jitter and
//   round trip the browser measured (the E-model score quality.ts uses);
// - video delivered: frames per second and height of the cameras received;
// - on the unimpaired link, time for the received video to step down once the rate limits of the
//   village link are put on, and to step back up once they are lifted.
// Needs root (`ip netns`, `tc`). Prints figures, asserts nothing.
import { chromium, type Browser, type Page } from '@playwright/test';
import { AccessToken } from 'livekit-server-sdk';
import { performance } from 'node:perf_hooks';
import { packetLossWeight, packetScore, scoreToMos } from '../../server/media/quality';
import { startHarness } from '../../tests/e2e/media-harness';
import { EmulatedLink, UNIMPAIRED, VILLAGE, type LinkProfile } from '../../tests/e2e/village-link';
import {
	generatedMediaKeys,
	startWithEmbeddedMedia,
	type RunningServer
} from '../../tests/helpers/server';

const PEOPLE = ['Anne', 'Bruno', 'Chloé', 'Denis'];
/** Steady-state window over which audio and video are measured. */
const WINDOW_MS = Number(process.env.BENCH_VILLAGE_WINDOW_MS ?? 20_000);
/** Longest wait for the video to step down or up. */
const STEP_TIMEOUT_MS = 60_000;

type Sample = {
	at: number;
	audio: Array<{ ssrc: number; samples: number; concealed: number; events: number }>;
	video: Array<{ ssrc: number; frames: number; height: number }>;
	lossRatio: number;
	jitterMs: number;
	rttMs: number;
};

/** Inbound statistics of every peer connection the harness page made (livekit's two). */
function sample(page: Page): Promise<Sample> {
	return page.evaluate(async () => {
		const room = window.room as unknown as
			| { engine?: { pcManager?: { subscriber?: { getStats(): Promise<RTCStatsReport> } } } }
			| undefined;
		const subscriber = room?.engine?.pcManager?.subscriber;
		const result: Sample = {
			at: performance.now(),
			audio: [],
			video: [],
			lossRatio: 0,
			jitterMs: 0,
			rttMs: 0
		};
		if (!subscriber) return result;
		let lost = 0;
		let received = 0;
		for (const stats of (await subscriber.getStats()).values()) {
			if (stats.type === 'inbound-rtp' && stats.kind === 'audio') {
				result.audio.push({
					ssrc: stats.ssrc,
					samples: stats.totalSamplesReceived ?? 0,
					concealed: stats.concealedSamples ?? 0,
					events: stats.concealmentEvents ?? 0
				});
				lost += stats.packetsLost ?? 0;
				received += stats.packetsReceived ?? 0;
				result.jitterMs = Math.max(result.jitterMs, (stats.jitter ?? 0) * 1000);
			} else if (stats.type === 'inbound-rtp' && stats.kind === 'video') {
				result.video.push({
					ssrc: stats.ssrc,
					frames: stats.framesDecoded ?? 0,
					height: stats.frameHeight ?? 0
				});
			} else if (stats.type === 'candidate-pair' && stats.nominated) {
				result.rttMs = Math.max(result.rttMs, (stats.currentRoundTripTime ?? 0) * 1000);
			}
		}
		result.lossRatio = lost + received > 0 ? lost / (lost + received) : 0;
		return result;
	});
}

type Figures = {
	joinMs: number[];
	/** Joins that failed (livekit-client gave up publishing), with its reason. */
	failures: string[];
	decodedShare: number[];
	concealmentsPerMinute: number[];
	mos: number[];
	fps: number[];
	height: number[];
};

function summarise(before: Sample, after: Sample, figures: Figures): void {
	const seconds = (after.at - before.at) / 1000;
	for (const stream of after.audio) {
		const earlier = before.audio.find((entry) => entry.ssrc === stream.ssrc);
		if (!earlier) continue;
		const samples = stream.samples - earlier.samples;
		if (samples <= 0) continue;
		figures.decodedShare.push(1 - (stream.concealed - earlier.concealed) / samples);
		figures.concealmentsPerMinute.push(((stream.events - earlier.events) * 60) / seconds);
	}
	for (const stream of after.video) {
		const earlier = before.video.find((entry) => entry.ssrc === stream.ssrc);
		if (!earlier) continue;
		figures.fps.push((stream.frames - earlier.frames) / seconds);
		figures.height.push(stream.height);
	}
	const window = {
		expected: 1000,
		lost: after.lossRatio * 1000,
		jitterMs: after.jitterMs,
		rttMs: after.rttMs,
		durationMs: seconds * 1000
	};
	figures.mos.push(scoreToMos(packetScore(window, packetLossWeight('audio', true))));
}

async function join(page: Page, harnessUrl: string, wsUrl: string, token: string): Promise<number> {
	await page.goto(harnessUrl);
	const started = performance.now();
	await page.evaluate(([url, jwt]) => window.joinRoom(url, jwt), [wsUrl, token]);
	return performance.now() - started;
}

/** The highest camera height `page` receives now (0 when none). */
async function receivedHeight(page: Page): Promise<number> {
	const now = await sample(page);
	return Math.max(0, ...now.video.map((stream) => stream.height));
}

/** Milliseconds until `condition` holds on the received height, or null after the timeout. */
async function timeUntil(page: Page, condition: (height: number) => boolean) {
	const started = performance.now();
	while (performance.now() - started < STEP_TIMEOUT_MS) {
		if (condition(await receivedHeight(page))) return performance.now() - started;
		await page.waitForTimeout(250);
	}
	return null;
}

async function callOn(
	server: RunningServer,
	profile: LinkProfile,
	linkId: number,
	measureSteps: boolean
): Promise<{ figures: Figures; stepDownMs: number | null; stepUpMs: number | null }> {
	const keys = generatedMediaKeys(server);
	const port = Number(new URL(server.url).port);
	const room = `village-bench-${profile.name}`;
	const token = (identity: string) => {
		const grant = new AccessToken(keys.apiKey, keys.apiSecret, { identity });
		grant.addGrant({ roomJoin: true, room, canPublish: true, canSubscribe: true });
		return grant.toJwt();
	};
	const link = EmulatedLink.open(profile, linkId);
	const harness = await startHarness();
	const harnessPort = Number(new URL(harness.url).port);
	let browser: Browser | null = null;
	const figures: Figures = {
		joinMs: [],
		failures: [],
		decodedShare: [],
		concealmentsPerMinute: [],
		mos: [],
		fps: [],
		height: []
	};
	let stepDownMs: number | null = null;
	let stepUpMs: number | null = null;
	try {
		await link.relay(port);
		await link.relay(harnessPort);
		browser = await chromium.launch(link.browserLaunch());
		const pages: Page[] = [];
		for (const person of PEOPLE) {
			const page = await (await browser.newContext()).newPage();
			try {
				figures.joinMs.push(
					await join(
						page,
						`http://localhost:${harnessPort}/`,
						`ws://localhost:${port}`,
						await token(person)
					)
				);
			} catch (error) {
				figures.failures.push(`${person}: ${(error as Error).message.split('\n')[0]}`);
			}
			pages.push(page);
		}
		// Everyone's media has settled (bandwidth estimation ramps up or down).
		await pages[0].waitForTimeout(10_000);
		const before = await Promise.all(pages.map(sample));
		await pages[0].waitForTimeout(WINDOW_MS);
		const after = await Promise.all(pages.map(sample));
		pages.forEach((_, index) => summarise(before[index], after[index], figures));
		if (measureSteps) {
			const initial = await receivedHeight(pages[0]);
			link.setRates(VILLAGE.upKbps, VILLAGE.downKbps);
			stepDownMs = await timeUntil(pages[0], (height) => height > 0 && height < initial);
			link.setRates(null, null);
			stepUpMs = await timeUntil(pages[0], (height) => height >= initial);
		}
	} finally {
		await browser?.close();
		await harness.close();
		await link.close();
	}
	return { figures, stepDownMs, stepUpMs };
}

const median = (values: number[]) => {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
};
const min = (values: number[]) => (values.length ? Math.min(...values) : NaN);

export async function benchVillage(): Promise<void> {
	const server = await startWithEmbeddedMedia('off');
	const port = Number(new URL(server.url).port);
	try {
		const clean = await callOn(server, UNIMPAIRED, port, true);
		const village = await callOn(server, VILLAGE, port + 1, false);
		const rows: Array<[string, (figures: Figures) => string]> = [
			['joined and published (of 4)', (f) => String(PEOPLE.length - f.failures.length)],
			['join → published, median (ms)', (f) => median(f.joinMs).toFixed(0)],
			[
				'audio decoded, not concealed: median',
				(f) => `${(median(f.decodedShare) * 100).toFixed(1)}%`
			],
			[
				'audio decoded, not concealed: worst stream',
				(f) => `${(min(f.decodedShare) * 100).toFixed(1)}%`
			],
			['concealment events per minute, median', (f) => median(f.concealmentsPerMinute).toFixed(1)],
			['MOS estimate (E-model), worst participant', (f) => min(f.mos).toFixed(2)],
			['video received: fps, median', (f) => median(f.fps).toFixed(1)],
			['video received: height, median (px)', (f) => median(f.height).toFixed(0)],
			['video received: height, lowest (px)', (f) => min(f.height).toFixed(0)]
		];
		console.log(
			`\nVillage link: a four-person call of one house, unimpaired vs village (${VILLAGE.upKbps} kbit/s up shared, ` +
				`${VILLAGE.downKbps} kbit/s down; its ${VILLAGE.rttMs} ms RTT and ${VILLAGE.lossPercent}% loss not applied yet), ` +
				`${WINDOW_MS / 1000} s window`
		);
		console.log(`  ${''.padEnd(44)} ${'unimpaired'.padStart(12)} ${'village'.padStart(12)}`);
		for (const [label, value] of rows) {
			console.log(
				`  ${label.padEnd(44)} ${value(clean.figures).padStart(12)} ${value(village.figures).padStart(12)}`
			);
		}
		for (const [name, run] of [
			['unimpaired', clean],
			['village', village]
		] as const) {
			for (const failure of run.figures.failures) console.log(`  ${name}: join failed: ${failure}`);
		}
		const ms = (value: number | null) =>
			value === null ? `> ${STEP_TIMEOUT_MS / 1000} s` : `${(value / 1000).toFixed(1)} s`;
		console.log(
			`  video steps down when the village rates are put on: ${ms(clean.stepDownMs)}; back up when lifted: ${ms(clean.stepUpMs)}`
		);
	} finally {
		await server.stop();
	}
}
