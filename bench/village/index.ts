// `village` part: a four-person call of one house in headless Chromium (one browser, four
// profiles, fake camera and microphone) through the app's own call page, against the compiled app
// and its embedded media server, once on an unimpaired link and once on the village link
// (tests/e2e/village-link.ts: 512 kbit/s up shared by the four, 2 Mbit/s down, and whatever delay
// and loss that module applies, to the pages through its TCP relay and to the media through its UDP
// relays), printed side by side. The four work from one house (house.ts),
// checked in there today; on the village link the house declares that link (512 up, 2000 down)
// through the manager's form, so the house budget (link-budget.ts) is in play; on the unimpaired
// link it declares none.
// - join times on the link: opening the call page → Join now usable, and Join now → the
//   microphone's first bytes sent;
// - audio kept per participant: the share of received audio samples that were really decoded
//   (not concealed), concealment events per minute, and a MOS estimate from the loss, jitter and
//   round trip the browser measured (the E-model score quality.ts uses);
// - video delivered: frames per second and height of the cameras received;
// - what the house really sends, kbit/s by kind and simulcast layer (outbound-rtp), beside what
//   the budget counts for it, and whether each person's page says video was reduced;
// - someone joining the call already going (the last person leaves and joins again): the audio the
//   others decode from each other over its first 10 s, and what its camera sent in them by layer;
// - the same on the village link with two people, whose budget leaves each camera its lowest layer;
// - on the unimpaired link, time for the received video to step down once the village rates are
//   put on and the house declares that link, and to step back up once both are lifted.
// Then the documents part (docs.ts). Needs root (`ip netns`, `tc`). Prints figures, asserts
// nothing. BENCH_VILLAGE=calls or docs runs only one of the two.
import { chromium, type Browser, type Page } from '@playwright/test';
import { appendFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { packetLossWeight, packetScore, scoreToMos } from '../../server/media/quality';
import { AUDIO_KBPS, SEND_KBPS } from '../../src/lib/server/video/link-allocation';
import { recordPeerConnections } from '../../tests/e2e/village-support';
import {
	EmulatedLink,
	UNIMPAIRED,
	VILLAGE,
	villageMediaEnv,
	type LinkProfile
} from '../../tests/e2e/village-link';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session';
import { startWithEmbeddedMedia, type RunningServer } from '../../tests/helpers/server';
import { benchVillageDocs } from './docs';
import { seedVillageHouse, type VillageHouse } from './house';

/** Steady-state window over which audio and video are measured. */
const WINDOW_MS = Number(process.env.BENCH_VILLAGE_WINDOW_MS ?? 20_000);
/** Longest wait for the video to step down or up, or for a join. */
const STEP_TIMEOUT_MS = 60_000;
/**
 * The village link's id (village-link.ts): its namespace, addresses, and the media server's ports
 * with the relay ports announced for them. Fixed, since the server is told them as it starts;
 * apart from the browser tests' links (their E2E_PORT) in id % 24 and id % 250.
 */
const VILLAGE_LINK_ID = 4480;
/** BENCH_VILLAGE_LOG=<dir>: the server's output and each page's console are written there. */
const LOG_DIR = process.env.BENCH_VILLAGE_LOG;
/** What the village house declares, kbit/s: its real link. */
const DECLARED = { up: VILLAGE.upKbps, down: VILLAGE.downKbps };

type Outbound = { kind: string; rid: string; bytes: number; packets: number; height: number };

type Sample = {
	at: number;
	audio: Array<{ ssrc: number; samples: number; concealed: number; events: number }>;
	video: Array<{ ssrc: number; frames: number; height: number }>;
	outbound: Outbound[];
	lossRatio: number;
	jitterMs: number;
	rttMs: number;
};

/** Statistics of every peer connection the page made (livekit's publisher and subscriber). */
function sample(page: Page): Promise<Sample> {
	return page.evaluate(async () => {
		const connections =
			(window as unknown as { peerConnections?: RTCPeerConnection[] }).peerConnections ?? [];
		const result: Sample = {
			at: performance.now(),
			audio: [],
			video: [],
			outbound: [],
			lossRatio: 0,
			jitterMs: 0,
			rttMs: 0
		};
		let lost = 0;
		let received = 0;
		for (const connection of connections) {
			if (connection.connectionState === 'closed') continue;
			for (const stats of (await connection.getStats()).values()) {
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
				} else if (stats.type === 'outbound-rtp') {
					result.outbound.push({
						kind: stats.kind,
						rid: stats.rid ?? '',
						// RTP headers and payload, retransmissions included: what the encoder costs.
						bytes: (stats.bytesSent ?? 0) + (stats.headerBytesSent ?? 0),
						packets: stats.packetsSent ?? 0,
						height: stats.frameHeight ?? 0
					});
				} else if (stats.type === 'candidate-pair' && stats.nominated) {
					result.rttMs = Math.max(result.rttMs, (stats.currentRoundTripTime ?? 0) * 1000);
				}
			}
		}
		result.lossRatio = lost + received > 0 ? lost / (lost + received) : 0;
		return result;
	});
}

type Figures = {
	/** People in the call. */
	people: number;
	/** Opening the call page → Join now usable. */
	openMs: number[];
	/** Join now pressed → the microphone's first bytes sent. */
	joinMs: number[];
	/** Joins that did not get their microphone out, with the reason. */
	failures: string[];
	decodedShare: number[];
	concealmentsPerMinute: number[];
	mos: number[];
	fps: number[];
	height: number[];
	/** kbit/s the whole house sent, by `kind layer` (audio: ''), UDP/IP and SRTP included. */
	sentKbps: Map<string, number>;
	/** Packets a second the whole house sent, by the same keys. */
	sentPackets: Map<string, number>;
	/** How many pages said video was reduced, and what. */
	reducedNotices: string[];
	/** The camera layer the house's budget left each person ('any': no limit). */
	sendCaps: string[];
	/**
	 * Someone joining the call already going (the last person leaves, then joins again): the
	 * share of audio the others decoded from each other over the newcomer's first seconds…
	 */
	lateJoinDecodedShare: number[];
	/** …the share of the newcomer's own audio they decoded, from its microphone's first bytes… */
	lateJoinNewcomerDecoded: number[];
	/** …and what the newcomer's camera sent in them, kB by layer (q, h, f). */
	lateJoinCameraKB: Map<string, number>;
};

/** How long after pressing Join now the late join is watched. */
const LATE_JOIN_MS = 10_000;

/** IPv4 + UDP headers and the SRTP authentication tag, per packet. */
const PACKET_OVERHEAD_BYTES = 20 + 8 + 10;

type AudioIn = Sample['audio'][number];

/** Share of an audio stream's samples decoded, not concealed, between two readings; null: none. */
function decodedShare(from: AudioIn, to: AudioIn): number | null {
	const samples = to.samples - from.samples;
	return samples > 0 ? 1 - (to.concealed - from.concealed) / samples : null;
}

/** Bytes on the wire for `bytes` of RTP in `packets` packets (IPv4, UDP, SRTP tag added). */
const wireBytes = (bytes: number, packets: number) => bytes + packets * PACKET_OVERHEAD_BYTES;

function summarise(before: Sample, after: Sample, figures: Figures): void {
	const seconds = (after.at - before.at) / 1000;
	for (const stream of after.audio) {
		const earlier = before.audio.find((entry) => entry.ssrc === stream.ssrc);
		if (!earlier) continue;
		const share = decodedShare(earlier, stream);
		if (share === null) continue;
		figures.decodedShare.push(share);
		figures.concealmentsPerMinute.push(((stream.events - earlier.events) * 60) / seconds);
	}
	for (const stream of after.video) {
		const earlier = before.video.find((entry) => entry.ssrc === stream.ssrc);
		// A stream unsubscribed (the budget, or a camera gone) keeps its last statistics: not counted.
		if (!earlier || stream.frames === earlier.frames) continue;
		figures.fps.push((stream.frames - earlier.frames) / seconds);
		figures.height.push(stream.height);
	}
	for (const stream of after.outbound) {
		const earlier = before.outbound.find(
			(entry) => entry.kind === stream.kind && entry.rid === stream.rid
		);
		const bytes = stream.bytes - (earlier?.bytes ?? 0);
		const packets = stream.packets - (earlier?.packets ?? 0);
		const key = `${stream.kind} ${stream.rid}`.trim();
		const kbps = (wireBytes(bytes, packets) * 8) / 1000 / seconds;
		figures.sentKbps.set(key, (figures.sentKbps.get(key) ?? 0) + kbps);
		figures.sentPackets.set(key, (figures.sentPackets.get(key) ?? 0) + packets / seconds);
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

/** Polls `read` every `everyMs` until it holds; the milliseconds it took, or null after the timeout. */
async function timeUntil(
	page: Page,
	read: () => Promise<boolean>,
	everyMs = 250
): Promise<number | null> {
	const started = performance.now();
	while (performance.now() - started < STEP_TIMEOUT_MS) {
		if (await read()) return performance.now() - started;
		await page.waitForTimeout(everyMs);
	}
	return null;
}

/** The heights of the cameras whose frames advance on `page` now (over half a second). */
async function liveHeights(page: Page): Promise<number[]> {
	const before = await sample(page);
	await page.waitForTimeout(500);
	const after = await sample(page);
	return after.video
		.filter((stream) => {
			const earlier = before.video.find((entry) => entry.ssrc === stream.ssrc);
			return earlier !== undefined && stream.frames > earlier.frames;
		})
		.map((stream) => stream.height);
}

/** Appends what `page` says in its console (livekit-client's log among it) to `file`. */
function keepConsole(page: Page, file: string): void {
	const started = performance.now();
	const write = (line: string) =>
		appendFileSync(file, `${((performance.now() - started) / 1000).toFixed(3)} ${line}\n`);
	page.on('console', (message) => write(`${message.type()}: ${message.text()}`));
	page.on('pageerror', (error) => write(`pageerror: ${error.message}`));
	page.on('requestfailed', (request) =>
		write(`requestfailed: ${request.url()} ${request.failure()?.errorText ?? ''}`)
	);
}

/**
 * Opens the house's call as one of its people and joins it: the milliseconds from opening the page
 * to Join now being usable, and from pressing it to the microphone's first bytes sent.
 */
async function join(page: Page, url: string): Promise<{ openMs: number; joinMs: number }> {
	const opened = performance.now();
	await page.goto(url, { timeout: STEP_TIMEOUT_MS });
	const joinNow = page.getByRole('button', { name: /^(Join now|Entrer maintenant)$/ });
	await joinNow.waitFor({ timeout: STEP_TIMEOUT_MS });
	await page.waitForFunction(
		() =>
			[...document.querySelectorAll('button')].some(
				(button) =>
					/^(Join now|Entrer maintenant)$/.test(button.textContent?.trim() ?? '') &&
					!button.disabled
			),
		undefined,
		{ timeout: STEP_TIMEOUT_MS }
	);
	const started = performance.now();
	await joinNow.click();
	const sending = await timeUntil(
		page,
		async () =>
			(await sample(page)).outbound.some((stream) => stream.kind === 'audio' && stream.bytes > 0),
		50
	);
	if (sending === null) throw new Error('the microphone sent nothing');
	return { openMs: started - opened, joinMs: performance.now() - started };
}

async function callOn(
	server: RunningServer,
	house: VillageHouse,
	profile: LinkProfile,
	linkId: number,
	options: { declared: boolean; measureSteps: boolean; people?: number }
) {
	const port = Number(new URL(server.url).port);
	// The people of the last run left: the budget must not count them.
	const started = performance.now();
	while (house.inCalls() > 0 && performance.now() - started < STEP_TIMEOUT_MS) {
		await new Promise((tick) => setTimeout(tick, 250));
	}
	await house.declareLink(
		options.declared ? DECLARED.up : null,
		options.declared ? DECLARED.down : null
	);
	const people = house.people.slice(0, options.people);
	const link = EmulatedLink.open(profile, linkId);
	let browser: Browser | null = null;
	const figures: Figures = {
		people: people.length,
		openMs: [],
		joinMs: [],
		failures: [],
		decodedShare: [],
		concealmentsPerMinute: [],
		mos: [],
		fps: [],
		height: [],
		sentKbps: new Map(),
		sentPackets: new Map(),
		reducedNotices: [],
		sendCaps: [],
		lateJoinDecodedShare: [],
		lateJoinNewcomerDecoded: [],
		lateJoinCameraKB: new Map()
	};
	let stepDownMs: number | null = null;
	let stepUpMs: number | null = null;
	let noticeMs: number | null = null;
	try {
		await link.relay(port);
		// The media through the link's delay and loss too (the server announces these relays).
		if (profile.rttMs > 0 || profile.lossPercent > 0) await link.relayMedia();
		browser = await chromium.launch(link.browserLaunch());
		const origin = `http://localhost:${port}`;
		const pages: Page[] = [];
		for (const person of people) {
			const context = await browser.newContext();
			await context.addCookies([{ name: SESSION_COOKIE, value: person.token, url: origin }]);
			const page = await context.newPage();
			await recordPeerConnections(page);
			if (LOG_DIR) keepConsole(page, `${LOG_DIR}/${profile.name}-${pages.length}.log`);
			try {
				const times = await join(page, `${origin}/${house.slug}/rooms/${house.roomId}`);
				figures.openMs.push(times.openMs);
				figures.joinMs.push(times.joinMs);
			} catch (error) {
				figures.failures.push(`${person.locale}: ${(error as Error).message.split('\n')[0]}`);
				if (process.env.BENCH_VILLAGE_SHOTS) {
					await page.screenshot({
						path: `${process.env.BENCH_VILLAGE_SHOTS}/${profile.name}-${pages.length}.png`
					});
				}
			}
			pages.push(page);
		}
		// Everyone's media has settled (the budget told, bandwidth estimation ramped).
		await pages[0].waitForTimeout(10_000);
		const before = await Promise.all(pages.map(sample));
		await pages[0].waitForTimeout(WINDOW_MS);
		const after = await Promise.all(pages.map(sample));
		pages.forEach((_, index) => summarise(before[index], after[index], figures));
		for (const page of pages) {
			const notice = page.locator('[data-link-reduced]');
			if (await notice.count()) figures.reducedNotices.push((await notice.innerText()).trim());
			const call = page.locator('[data-link-send]');
			figures.sendCaps.push(
				(await call.count()) ? ((await call.getAttribute('data-link-send')) ?? '?') : '-'
			);
		}
		await lateJoin(pages, `${origin}/${house.slug}/rooms/${house.roomId}`, house, figures);
		if (options.measureSteps) {
			const initial = Math.max(0, ...(await liveHeights(pages[0])));
			// From the change on, whatever the polling costs.
			const since = (start: number, took: number | null) =>
				took === null ? null : performance.now() - start;
			const putOn = performance.now();
			link.setRates(VILLAGE.upKbps, VILLAGE.downKbps);
			await house.declareLink(DECLARED.up, DECLARED.down);
			stepDownMs = since(
				putOn,
				await timeUntil(pages[0], async () =>
					(await liveHeights(pages[0])).every((height) => height < initial)
				)
			);
			noticeMs = since(
				putOn,
				await timeUntil(
					pages[0],
					async () => (await pages[0].locator('[data-link-reduced]').count()) > 0
				)
			);
			const lifted = performance.now();
			link.setRates(null, null);
			await house.declareLink(null, null);
			stepUpMs = since(
				lifted,
				await timeUntil(pages[0], async () =>
					(await liveHeights(pages[0])).some((height) => height >= initial)
				)
			);
		}
	} finally {
		await browser?.close();
		await link.close();
	}
	return { figures, stepDownMs, stepUpMs, noticeMs };
}

/**
 * The last of `pages` leaves the call and, once the others are alone in it, joins again: what the
 * others decode from each other over its first seconds (a house's shared uplink is where a
 * newcomer's first packets queue), and what its camera sends in them, by layer.
 */
async function lateJoin(pages: Page[], url: string, house: VillageHouse, figures: Figures) {
	const newcomer = pages[pages.length - 1];
	const others = pages.slice(0, -1);
	await newcomer.getByRole('button', { name: /^(Leave|Quitter)$/ }).click();
	await newcomer.goto('about:blank');
	const left = performance.now();
	while (house.inCalls() >= pages.length && performance.now() - left < STEP_TIMEOUT_MS) {
		await new Promise((tick) => setTimeout(tick, 250));
	}
	// The others' media settles after the departure (their budget grows back).
	await others[0].waitForTimeout(4_000);
	// Which streams carry someone's voice now: a receiver whose sender left goes on producing
	// samples, all concealed, and may take the newcomer's audio again under the same number.
	const earliest = await Promise.all(others.map(sample));
	await others[0].waitForTimeout(1_000);
	const before = await Promise.all(others.map(sample));
	const pressed = performance.now();
	try {
		await join(newcomer, url);
	} catch (error) {
		figures.failures.push(`late join: ${(error as Error).message.split('\n')[0]}`);
	}
	// The newcomer's own audio is read from the moment its microphone sends, not before.
	const joined = await Promise.all(others.map(sample));
	await others[0].waitForTimeout(Math.max(0, LATE_JOIN_MS - (performance.now() - pressed)));
	const after = await Promise.all(others.map(sample));
	const sent = await sample(newcomer);
	others.forEach((_, index) => {
		for (const stream of after[index].audio) {
			const find = (at: Sample[]) => at[index].audio.find((entry) => entry.ssrc === stream.ssrc);
			const [first, earlier, since] = [find(earliest), find(before), find(joined)];
			const wasLive = first && earlier && (decodedShare(first, earlier) ?? 0) > 0.5;
			const share = wasLive ? decodedShare(earlier, stream) : since && decodedShare(since, stream);
			if (share === null || share === undefined) continue;
			(wasLive ? figures.lateJoinDecodedShare : figures.lateJoinNewcomerDecoded).push(share);
		}
	});
	for (const stream of sent.outbound) {
		if (stream.kind !== 'video') continue;
		const kB = wireBytes(stream.bytes, stream.packets) / 1000;
		figures.lateJoinCameraKB.set(stream.rid, (figures.lateJoinCameraKB.get(stream.rid) ?? 0) + kB);
	}
}

const median = (values: number[]) => {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
};
const min = (values: number[]) => (values.length ? Math.min(...values) : NaN);
const max = (values: number[]) => (values.length ? Math.max(...values) : NaN);

async function benchVillageCalls(server: RunningServer, house: VillageHouse): Promise<void> {
	const port = Number(new URL(server.url).port);
	const clean = await callOn(server, house, UNIMPAIRED, port, {
		declared: false,
		measureSteps: true
	});
	const village = await callOn(server, house, VILLAGE, VILLAGE_LINK_ID, {
		declared: true,
		measureSteps: false
	});
	// Two people on the same link: the budget leaves each camera its lowest layer (four have none).
	const pair = await callOn(server, house, VILLAGE, VILLAGE_LINK_ID, {
		declared: true,
		measureSteps: false,
		people: 2
	});
	const people = house.people.length;
	const kbps = (f: Figures, key: string) => (f.sentKbps.get(key) ?? 0).toFixed(0);
	const rows: Array<[string, (figures: Figures) => string]> = [
		[
			'house link declared (kbit/s up / down)',
			(f) => (f === clean.figures ? 'none' : `${DECLARED.up} / ${DECLARED.down}`)
		],
		[
			'joined and sending (of the people in the call)',
			(f) => `${f.people - f.failures.length} of ${f.people}`
		],
		['open the call → Join now usable, median (ms)', (f) => median(f.openMs).toFixed(0)],
		['open the call → Join now usable, slowest (ms)', (f) => max(f.openMs).toFixed(0)],
		['join → microphone sending, median (ms)', (f) => median(f.joinMs).toFixed(0)],
		['join → microphone sending, slowest (ms)', (f) => max(f.joinMs).toFixed(0)],
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
		['video received: streams live (all pages)', (f) => String(f.fps.length)],
		['video received: fps, median', (f) => median(f.fps).toFixed(1)],
		['video received: height, median (px)', (f) => median(f.height).toFixed(0)],
		['video received: height, lowest (px)', (f) => min(f.height).toFixed(0)],
		['camera layer the budget leaves (per page)', (f) => f.sendCaps.join(',')],
		[
			'"video reduced" shown (pages of the people in the call)',
			(f) => `${f.reducedNotices.length} of ${f.people}`
		],
		['house sends: audio (kbit/s)', (f) => kbps(f, 'audio')],
		['house sends: audio packets/s', (f) => (f.sentPackets.get('audio') ?? 0).toFixed(0)],
		[
			`late join: others' audio decoded over its first ${LATE_JOIN_MS / 1000} s, worst`,
			(f) => `${(min(f.lateJoinDecodedShare) * 100).toFixed(1)}%`
		],
		[
			`late join: others' audio decoded over its first ${LATE_JOIN_MS / 1000} s, median`,
			(f) => `${(median(f.lateJoinDecodedShare) * 100).toFixed(1)}%`
		],
		[
			`late join: its own audio as the others decode it, worst`,
			(f) => `${(min(f.lateJoinNewcomerDecoded) * 100).toFixed(1)}%`
		],
		[
			'late join: its camera sent q / h / f (kB)',
			(f) => ['q', 'h', 'f'].map((rid) => (f.lateJoinCameraKB.get(rid) ?? 0).toFixed(0)).join(' / ')
		],
		[
			'house sends: camera q / h / f (kbit/s)',
			(f) => ['q', 'h', 'f'].map((rid) => kbps(f, `video ${rid}`)).join(' / ')
		]
	];
	console.log(
		`\nVillage link: a four-person call of one house through the call page, unimpaired vs village, ` +
			`and two of them on the village link ` +
			`(${VILLAGE.upKbps} kbit/s up shared, ${VILLAGE.downKbps} kbit/s down, ${VILLAGE.rttMs} ms RTT and ` +
			`${VILLAGE.lossPercent}% loss as village-link.ts applies them), ${WINDOW_MS / 1000} s window`
	);
	const columns = [clean, village, pair].map((run) => run.figures);
	console.log(
		`  ${''.padEnd(56)} ${'unimpaired'.padStart(12)} ${'village'.padStart(12)} ${'village, 2'.padStart(12)}`
	);
	for (const [label, value] of rows) {
		console.log(`  ${label.padEnd(56)} ${columns.map((f) => value(f).padStart(12)).join(' ')}`);
	}
	console.log(
		`  the budget counts: audio ${AUDIO_KBPS} kbit/s a microphone (${people * AUDIO_KBPS} for ${people}), ` +
			`a camera ${SEND_KBPS.low} (low) / ${SEND_KBPS.medium} (up to medium) / ${SEND_KBPS.high} (up to high); ` +
			`sent figures: outbound-rtp bytes + ${PACKET_OVERHEAD_BYTES} bytes a packet (IPv4, UDP, SRTP tag)`
	);
	for (const notice of new Set([...village.figures.reducedNotices, ...pair.figures.reducedNotices]))
		console.log(`  village notice: "${notice}"`);
	for (const [name, run] of [
		['unimpaired', clean],
		['village', village],
		['village, 2', pair]
	] as const) {
		for (const failure of run.figures.failures) console.log(`  ${name}: join failed: ${failure}`);
	}
	const ms = (value: number | null) =>
		value === null ? `> ${STEP_TIMEOUT_MS / 1000} s` : `${(value / 1000).toFixed(1)} s`;
	console.log(
		`  video steps down when the village rates are put on and the house declares them: ${ms(clean.stepDownMs)} ` +
			`("video reduced" shown after ${ms(clean.noticeMs)}); back up when both are lifted: ${ms(clean.stepUpMs)}`
	);
}

export async function benchVillage(): Promise<void> {
	const only = process.env.BENCH_VILLAGE;
	// The media webhooks go to the app: who is in a call is what the house budget counts. The
	// village link's relays are announced beside the machine's own addresses (villageMediaEnv).
	const server = await startWithEmbeddedMedia(undefined, {
		...villageMediaEnv(VILLAGE_LINK_ID),
		...(LOG_DIR ? { LOG_LEVEL: 'info' } : {})
	});
	try {
		const house = await seedVillageHouse(server);
		if (only !== 'docs') await benchVillageCalls(server, house);
		if (only !== 'calls') await benchVillageDocs(server, house);
	} finally {
		await server.stop();
		if (LOG_DIR) writeFileSync(`${LOG_DIR}/server.log`, server.output());
	}
}
