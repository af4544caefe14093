// Video rooms: what the rooms page and a call page cost to download (gzipped JS, from the build's
// manifest; livekit-client must not be part of any page but the call), and join → first remote
// frame through the real call UI against the embedded media server (p50 over BENCH_VIDEO_JOINS
// joins). Prints figures, asserts nothing.
import { chromium, type Page } from '@playwright/test';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { HttpClient } from '../tests/helpers/client';
import { startServer } from '../tests/helpers/server';
import { findChromium } from '../tests/setup/chromium.mjs';

const CLIENT_DIR = join(process.cwd(), '.svelte-kit/output/client');
const NODES_DIR = join(process.cwd(), '.svelte-kit/generated/client-optimized/nodes');
const JOINS = Number(process.env.BENCH_VIDEO_JOINS ?? 10);
/** A string only livekit-client's code contains (one of its event names). */
const LIVEKIT_MARKER = 'signalReconnecting';

type ManifestEntry = {
	file: string;
	imports?: string[];
	dynamicImports?: string[];
	isEntry?: boolean;
};
type Manifest = Record<string, ManifestEntry>;

function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The manifest key of the node whose component is `component` (a path under src/routes). */
function nodeKey(component: string): string {
	for (const file of readdirSync(NODES_DIR)) {
		if (readFileSync(join(NODES_DIR, file), 'utf8').includes(`/${component}"`)) {
			return `.svelte-kit/generated/client-optimized/nodes/${file}`;
		}
	}
	throw new Error(`no client node for ${component}`);
}

/** Every chunk a page loads from `keys`: static imports always, dynamic ones when asked. */
function closure(manifest: Manifest, keys: string[], dynamic: boolean): Set<string> {
	const files = new Set<string>();
	const seen = new Set<string>();
	const visit = (key: string) => {
		if (seen.has(key)) return;
		seen.add(key);
		const entry = manifest[key];
		if (!entry) throw new Error(`not in the manifest: ${key}`);
		files.add(entry.file);
		for (const next of entry.imports ?? []) visit(next);
		if (dynamic) for (const next of entry.dynamicImports ?? []) visit(next);
	};
	keys.forEach(visit);
	return files;
}

function measure(files: Set<string>) {
	let gzip = 0;
	let livekit = false;
	for (const file of files) {
		const bytes = readFileSync(join(CLIENT_DIR, file));
		gzip += gzipSync(bytes).length;
		if (bytes.includes(LIVEKIT_MARKER)) livekit = true;
	}
	return { kib: (gzip / 1024).toFixed(1), livekit };
}

function benchBundles(): void {
	const manifestPath = join(CLIENT_DIR, '.vite/manifest.json');
	if (!existsSync(manifestPath)) throw new Error('no client manifest: run `vite build` first');
	const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
	// SvelteKit's start and app entries (route nodes are entries too, loaded per page).
	const entries = Object.keys(manifest).filter(
		(key) => manifest[key].isEntry && !key.includes('/nodes/')
	);
	const layouts = [
		nodeKey('src/routes/+layout.svelte'),
		nodeKey('src/routes/(app)/[company]/+layout.svelte')
	];
	const pages = {
		'rooms page': nodeKey('src/routes/(app)/[company]/rooms/+page.svelte'),
		'call page': nodeKey('src/routes/(app)/[company]/rooms/[room]/+page.svelte'),
		'presence board': nodeKey('src/routes/(app)/[company]/+page.svelte'),
		'documents page': nodeKey('src/routes/(app)/[company]/documents/+page.svelte')
	};
	console.log(
		'\nVideo rooms: gzipped JS per page (entry + layouts + page, from the build manifest)'
	);
	for (const [name, key] of Object.entries(pages)) {
		const initial = measure(closure(manifest, [...entries, ...layouts, key], false));
		// What the page itself imports later (the call UI), not every other route of the app.
		const all = measure(
			new Set([
				...closure(manifest, [...entries, ...layouts], false),
				...closure(manifest, [key], true)
			])
		);
		console.log(
			`  ${name.padEnd(16)} ${initial.kib.padStart(7)} KiB at load, livekit-client ${initial.livekit ? 'PRESENT' : 'absent'}` +
				` · ${all.kib.padStart(7)} KiB with what it imports later, livekit-client ${all.livekit ? 'present' : 'absent'}`
		);
	}
}

async function check(response: Response, what: string): Promise<Response> {
	if (response.status >= 400) throw new Error(`${what} answered ${response.status}`);
	return response;
}

async function benchJoins(): Promise<void> {
	const server = await startServer({ env: { LOG_LEVEL: 'error' } });
	const browser = await chromium.launch({
		executablePath: findChromium(),
		args: ['--no-sandbox', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']
	});
	try {
		const host = new HttpClient(server.url);
		await host.signUp('Hôte Banc', 'host@video.bench', 'a long bench password');
		const slug = await host.createCompany('Video Bench');
		const invitation = await host.postForm(`/${slug}/invitations?/create`, {
			role: 'member',
			email: '',
			expiresInDays: '7',
			uses: 'multi'
		});
		const token = /\/invite\/([a-z0-9]+)/.exec(await invitation.text())?.[1];
		if (!token) throw new Error('no invitation link');
		const guest = new HttpClient(server.url);
		await check(
			await guest.postForm(`/invite/${token}?/signup`, {
				name: 'Invitée Banc',
				email: 'guest@video.bench',
				password: 'another long bench password'
			}),
			'joining'
		);
		const roomsPage = await (await check(await host.get(`/${slug}/rooms`), 'rooms')).text();
		const roomId = /data-room="([a-z0-9]+)"/.exec(roomsPage)?.[1];
		if (!roomId) throw new Error('no room on the rooms page');
		const roomUrl = `${server.url}/${slug}/rooms/${roomId}`;

		const open = async (client: HttpClient): Promise<Page> => {
			const context = await browser.newContext();
			await context.addCookies(
				[...client.cookies].map(([name, value]) => ({ name, value, url: server.url }))
			);
			return context.newPage();
		};
		const joinNow = async (page: Page) => {
			await page.goto(roomUrl);
			const button = page.getByRole('button', { name: 'Join now' });
			await button.waitFor();
			await page.waitForFunction(
				() => !(document.querySelector('form button[type=submit]') as HTMLButtonElement).disabled
			);
			return button;
		};

		// The host publishes camera and microphone and stays.
		const hostPage = await open(host);
		await (await joinNow(hostPage)).click();
		await hostPage.locator('[data-call-phase="connected"]').waitFor({ timeout: 30_000 });

		const guestPage = await open(guest);
		const times: number[] = [];
		for (let i = 0; i < JOINS; i += 1) {
			const button = await joinNow(guestPage);
			const started = performance.now();
			await button.click();
			// The first frame of the host's camera is decoded and shown in their tile.
			await guestPage.waitForFunction(
				() =>
					[...document.querySelectorAll('figure[aria-label="Hôte Banc"] video')].some(
						(video) => (video as HTMLVideoElement).videoWidth > 0
					),
				undefined,
				{ polling: 'raf', timeout: 30_000 }
			);
			times.push(performance.now() - started);
			await guestPage.getByRole('button', { name: 'Leave' }).click();
			await guestPage.getByText('You left the room.').waitFor();
		}
		times.sort((a, b) => a - b);
		console.log(
			`\nVideo rooms: join → first remote frame through the call UI, embedded media server, ${JOINS} joins` +
				`\n  p50 ${percentile(times, 50).toFixed(0)} ms · p90 ${percentile(times, 90).toFixed(0)} ms · min ${times[0].toFixed(0)} ms · max ${times[times.length - 1].toFixed(0)} ms`
		);
	} finally {
		await browser.close();
		await server.stop();
	}
}

export async function benchVideo(): Promise<void> {
	benchBundles();
	await benchJoins();
}
