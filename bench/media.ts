// The embedded media server under load: headless Chromium pages publish 360p simulcast cameras
// (and microphones) through the real livekit-client, others only watch. Prints forwarded RTP
// packets per second, the media process's CPU, packets per second per core, CPU per forwarded
// video stream, the frame rate viewers get (flagging below 20 fps), and the time from joining to
// the first remote video frame (p50 of 10 joins). No asserts.
//
// Then (or alone, BENCH_MEDIA=generator) the packet generator of bench/media-load drives the
// server to saturation without browsers. BENCH_MEDIA=browsers runs only the Chromium part.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { AccessToken } from 'livekit-server-sdk';
import { startHarness } from '../tests/e2e/media-harness';
import { findChromium } from '../tests/setup/chromium.mjs';
import { benchPacketGenerator } from './media-load';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
/** Publishers × viewers per scenario; every publisher also watches the others. */
const SCENARIOS: Array<[publishers: number, viewers: number]> = [
	[1, 2],
	[2, 3],
	[3, 4]
];
const JOINS = 10;
const CLOCK_TICKS = 100;

const keys = { apiKey: 'APIbenchmedia1', apiSecret: randomBytes(32).toString('base64url') };

type Media = { url: string; pid: number; port: number; stop: () => Promise<void> };

async function startMedia(): Promise<Media> {
	const dir = mkdtempSync(joinPath(tmpdir(), 'hameau-bench-media-'));
	// BENCH_MEDIA_PROFILE=<dir> writes a V8 CPU profile of the media process there on exit.
	const profileDir = process.env.BENCH_MEDIA_PROFILE;
	const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
	const child: ChildProcess = spawn(
		process.execPath,
		// The compiled media process, as the app starts it (`npm run bench` builds first).
		[...profile, 'build/node/media/main.js'],
		{
			env: {
				...process.env,
				DATABASE_URL: joinPath(dir, 'hameau.db'),
				LIVEKIT_API_KEY: keys.apiKey,
				LIVEKIT_API_SECRET: keys.apiSecret,
				MEDIA_WEBHOOK_URL: 'off',
				// The packet generator puts a hundred participants in one room.
				MEDIA_MAX_PARTICIPANTS_PER_ROOM: '200',
				LOG_LEVEL: 'error'
			},
			stdio: ['ignore', 'inherit', 'inherit', 'ipc']
		}
	);
	const port = await new Promise<number>((resolve, reject) => {
		child.on('message', (message: { type: string; port: number }) => {
			if (message.type === 'ready') resolve(message.port);
		});
		child.once('exit', (code) => reject(new Error(`media process exited (${code})`)));
	});
	return {
		url: `ws://127.0.0.1:${port}`,
		pid: child.pid!,
		port,
		async stop() {
			const exited = new Promise((done) => child.once('exit', done));
			child.kill('SIGTERM');
			await exited;
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** User + system CPU seconds of a process so far. */
function cpuSeconds(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

async function forwardedPackets(media: Media): Promise<number> {
	const status = (await (await fetch(`http://127.0.0.1:${media.port}/status`)).json()) as {
		forwardedPackets: number;
	};
	return status.forwardedPackets;
}

async function token(identity: string, room: string): Promise<string> {
	const at = new AccessToken(keys.apiKey, keys.apiSecret, { identity });
	at.addGrant({ roomJoin: true, room });
	return at.toJwt();
}

async function openPage(browser: Browser, harnessUrl: string): Promise<Page> {
	const page = await (await browser.newContext()).newPage();
	await page.goto(harnessUrl);
	return page;
}

async function join(page: Page, media: Media, identity: string, room: string, publish: boolean) {
	const jwt = await token(identity, room);
	await page.evaluate(([url, t, p]) => window.joinRoom(url, t, p), [
		media.url,
		jwt,
		publish
	] as const);
}

/** Frames shown per second by each remote video of the page over `seconds`. */
async function frameRates(page: Page, seconds: number): Promise<number[]> {
	const count = () =>
		page.evaluate(() =>
			[...document.querySelectorAll('video')].map(
				(video) => video.getVideoPlaybackQuality().totalVideoFrames
			)
		);
	const before = await count();
	await new Promise((done) => setTimeout(done, seconds * 1000));
	const after = await count();
	return after.slice(0, before.length).map((frames, i) => (frames - before[i]) / seconds);
}

async function scenario(
	browser: Browser,
	media: Media,
	harnessUrl: string,
	publishers: number,
	viewers: number
) {
	const room = `bench-${publishers}x${viewers}-${Date.now()}`;
	const pages: Page[] = [];
	for (let i = 0; i < publishers; i++) {
		const page = await openPage(browser, harnessUrl);
		await join(page, media, `pub-${i}`, room, true);
		pages.push(page);
	}
	for (let i = 0; i < viewers; i++) {
		const page = await openPage(browser, harnessUrl);
		await join(page, media, `view-${i}`, room, false);
		pages.push(page);
	}
	// Every page plays every other publisher's video before measuring.
	const deadline = Date.now() + 30_000;
	for (const [index, page] of pages.entries()) {
		const expected = index < publishers ? publishers - 1 : publishers;
		while (Date.now() < deadline) {
			const playing = await page.evaluate(
				() => [...document.querySelectorAll('video')].filter((video) => video.videoWidth > 0).length
			);
			if (playing >= expected) break;
			await new Promise((done) => setTimeout(done, 200));
		}
	}
	const streams = publishers * (publishers - 1) + publishers * viewers;
	const cpuBefore = cpuSeconds(media.pid);
	const packetsBefore = await forwardedPackets(media);
	const startedAt = Date.now();
	const rates = (await Promise.all(pages.map((page) => frameRates(page, DURATION_S)))).flat();
	const elapsed = (Date.now() - startedAt) / 1000;
	const cpu = (cpuSeconds(media.pid) - cpuBefore) / elapsed;
	const packetsPerSecond = ((await forwardedPackets(media)) - packetsBefore) / elapsed;
	const sorted = [...rates].sort((a, b) => a - b);
	const minFps = sorted[0] ?? 0;
	const medianFps = sorted[Math.floor(sorted.length / 2)] ?? 0;
	console.log(
		`  ${publishers} publishers × ${viewers} viewers: ${streams} video streams forwarded, ` +
			`${Math.round(packetsPerSecond)} packets/s at ${(cpu * 100).toFixed(0)}% of a core ` +
			`→ ${Math.round(packetsPerSecond / Math.max(cpu, 0.01))} packets/s per core, ` +
			`${((cpu * 100) / Math.max(streams, 1)).toFixed(1)}% of a core per stream; ` +
			`viewers' fps median ${medianFps.toFixed(1)}, min ${minFps.toFixed(1)}` +
			(minFps < 20 ? '  ← below 20 fps' : '')
	);
	await Promise.all(pages.map((page) => page.context().close()));
}

async function joinToFirstFrame(browser: Browser, media: Media, harnessUrl: string) {
	const room = `bench-join-${Date.now()}`;
	const publisher = await openPage(browser, harnessUrl);
	await join(publisher, media, 'presenter', room, true);
	const times: number[] = [];
	for (let i = 0; i < JOINS; i++) {
		const page = await openPage(browser, harnessUrl);
		await join(page, media, `joiner-${i}`, room, false);
		const handle = await page.waitForFunction(() => window.firstFrameAfterMs, undefined, {
			timeout: 30_000
		});
		times.push(Number(await handle.jsonValue()));
		await page.context().close();
	}
	times.sort((a, b) => a - b);
	console.log(
		`  join → first remote video frame over ${JOINS} joins: p50 ${Math.round(times[Math.floor(times.length / 2)])} ms, ` +
			`max ${Math.round(times[times.length - 1])} ms (target ≤ 1000 ms)`
	);
	await publisher.context().close();
}

export async function benchMedia(): Promise<void> {
	console.log(
		`\nEmbedded media server (werift), 640×360 simulcast cameras, ${DURATION_S} s per run`
	);
	const mode = process.env.BENCH_MEDIA ?? 'all';
	const media = await startMedia();
	if (mode === 'generator') {
		try {
			await benchPacketGenerator({ ...media, keys });
		} finally {
			await media.stop();
		}
		return;
	}
	const harness = await startHarness();
	const browser = await chromium.launch({
		executablePath: findChromium(),
		args: [
			'--no-sandbox',
			'--use-fake-device-for-media-stream',
			'--use-fake-ui-for-media-stream',
			'--autoplay-policy=no-user-gesture-required'
		]
	});
	try {
		for (const [publishers, viewers] of SCENARIOS)
			await scenario(browser, media, harness.url, publishers, viewers);
		await joinToFirstFrame(browser, media, harness.url);
	} finally {
		await browser.close();
		await harness.close();
	}
	console.log(
		'  (Chromium encodes and decodes every stream on the same two cores: the frame rates and CPU\n' +
			'   figures include that contention; the media process CPU is measured from /proc.)'
	);
	try {
		if (mode === 'all') await benchPacketGenerator({ ...media, keys });
	} finally {
		await media.stop();
	}
}
