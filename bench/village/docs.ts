// The `village` part's documents: two people of the house co-edit its document, one (the typist)
// in a browser behind the link, the other (the watcher) on this machine's loopback. The typist
// types at typing speed (5 keys a second: a numbered word every two seconds) for 5 s, then for 30 s more
// while the link is cut (on the village link; the unimpaired run keeps it up), and stops as the
// link comes back; the watcher types a word every 3 s in another paragraph all along. Measured:
// edits lost (words typed by either that are missing from the typist's text, the watcher's text
// or the document the server stored, must be 0) and the time from the link's return (the typing's
// end) to the typist's editor saying "Saved", and to the watcher seeing the typist's last word.
import { chromium, type Browser, type Page } from '@playwright/test';
import { performance } from 'node:perf_hooks';
import { CHROMIUM_ARGS, findChromium } from '../../tests/setup/chromium.mjs';
import {
	CUT_MS,
	EmulatedLink,
	UNIMPAIRED,
	VILLAGE,
	type LinkProfile
} from '../../tests/e2e/village-link';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session';
import type { RunningServer } from '../../tests/helpers/server';
import type { VillageHouse } from './house';

/** Typing before the cut, ms. */
const BEFORE_CUT_MS = 5_000;
/** A key every 200 ms: 5 keys a second, a brisk typist. */
const KEY_DELAY_MS = 200;
const WATCHER_EVERY_MS = 3_000;
/** Longest wait for "Saved" and for both sides and the server to agree. */
const SETTLE_TIMEOUT_MS = 120_000;

type DocsRun = {
	typed: { typist: number; watcher: number };
	lost: { typist: number; watcher: number; server: number };
	identical: boolean;
	/** From the link's return (the typing's end) to "Saved" on the typist's page, ms. */
	savedMs: number | null;
	/** From the same moment to the watcher showing the typist's last word, ms. */
	seenMs: number | null;
	/** What the typist's status said during the cut (each distinct label, in order). */
	statuses: string[];
};

const editorOf = (page: Page, title: string) =>
	page.getByRole('textbox', { name: `Content of ${title}` });
const statusOf = (page: Page) => page.getByTestId('sync-status');

/** The document's text, without the other people's caret labels drawn inside the editor. */
function documentText(page: Page, title: string): Promise<string> {
	return editorOf(page, title).evaluate((editor) => {
		const copy = editor.cloneNode(true) as HTMLElement;
		for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
		return copy.innerText;
	});
}

async function openDocument(browser: Browser, origin: string, token: string, path: string) {
	const context = await browser.newContext();
	await context.addCookies([{ name: SESSION_COOKIE, value: token, url: origin }]);
	const page = await context.newPage();
	await page.goto(`${origin}${path}`);
	try {
		await statusOf(page)
			.filter({ hasText: /^Saved$/ })
			.waitFor({ timeout: 60_000 });
	} catch (error) {
		const shots = process.env.BENCH_VILLAGE_SHOTS;
		if (shots) await page.screenshot({ path: `${shots}/document.png`, fullPage: true });
		const said = await statusOf(page).allInnerTexts();
		throw new Error(`the document said ${JSON.stringify(said)}, never "Saved"`, { cause: error });
	}
	return page;
}

/** Polls `read` every 100 ms until it holds; the ms from `from`, or null after the timeout. */
async function msUntil(from: number, read: () => Promise<boolean>): Promise<number | null> {
	while (performance.now() - from < SETTLE_TIMEOUT_MS) {
		if (await read()) return performance.now() - from;
		await new Promise((tick) => setTimeout(tick, 100));
	}
	return null;
}

async function coEdit(
	server: RunningServer,
	house: VillageHouse,
	profile: LinkProfile,
	linkId: number,
	cut: boolean
): Promise<DocsRun> {
	const port = Number(new URL(server.url).port);
	const { loadDocumentState } = await import('../../src/lib/server/documents/store');
	const { documentMarkdown } = await import('../../src/lib/server/documents/export');
	const link = EmulatedLink.open(profile, linkId);
	let behind: Browser | null = null;
	let local: Browser | null = null;
	try {
		await link.relay(port);
		behind = await chromium.launch(link.browserLaunch());
		local = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
		const origin = `http://localhost:${port}`;
		const path = `/${house.slug}/documents/${house.documentId}`;
		const title = house.documentTitle;
		// Both are English speakers: the statuses are read in English.
		const [typistPerson, watcherPerson] = house.people.filter((person) => person.locale === 'en');
		const typist = await openDocument(behind, origin, typistPerson.token, path);
		const watcher = await openDocument(local, origin, watcherPerson.token, path);

		// Each writes in a paragraph of their own (the typist at the end, the watcher at the very
		// start), so that their words never interleave.
		const run = cut ? 'cut' : 'clean';
		await editorOf(watcher, title).click();
		await editorOf(typist, title).click();
		await typist.keyboard.press('Control+End');
		await typist.keyboard.press('Enter');
		await typist.keyboard.type(`${run}-typist: `);
		await editorOf(watcher, title).getByText(`${run}-typist:`).waitFor();
		await watcher.keyboard.press('Control+Home');

		const words = { typist: [] as string[], watcher: [] as string[] };
		const statuses: string[] = [];
		let typing = true;
		const typistDone = (async () => {
			for (let n = 1; typing; n += 1) {
				const word = `${run}t${String(n).padStart(3, '0')}`;
				await typist.keyboard.type(`${word} `, { delay: KEY_DELAY_MS });
				words.typist.push(word);
			}
		})();
		const watcherDone = (async () => {
			for (let n = 1; typing; n += 1) {
				const word = `${run}w${String(n).padStart(3, '0')}`;
				await watcher.keyboard.type(`${word} `);
				words.watcher.push(word);
				await watcher.waitForTimeout(WATCHER_EVERY_MS);
			}
		})();
		await typist.waitForTimeout(BEFORE_CUT_MS);
		if (cut) link.cut();
		const cutAt = performance.now();
		while (performance.now() - cutAt < CUT_MS) {
			const label = (await statusOf(typist).innerText()).trim();
			if (statuses.at(-1) !== label) statuses.push(label);
			await typist.waitForTimeout(500);
		}
		typing = false;
		// The word being typed ends first (at most a second).
		await Promise.all([typistDone, watcherDone]);
		if (cut) link.restore();
		const back = performance.now();
		const lastWord = words.typist.at(-1)!;
		const savedMs = await msUntil(
			back,
			async () => (await statusOf(typist).innerText()).trim() === 'Saved'
		);
		const seenMs = await msUntil(back, async () =>
			(await documentText(watcher, title)).includes(lastWord)
		);
		const all = [...words.typist, ...words.watcher];
		// Both sides and the server have had their time to agree (or not: then words are lost).
		await msUntil(performance.now(), async () => {
			const [a, b] = await Promise.all([documentText(typist, title), documentText(watcher, title)]);
			return a === b && all.every((word) => a.includes(word));
		});
		const stored = () => documentMarkdown(title, loadDocumentState(house.documentId).state);
		await msUntil(performance.now(), async () => all.every((word) => stored().includes(word)));
		const texts = {
			typist: await documentText(typist, title),
			watcher: await documentText(watcher, title),
			server: stored()
		};
		const missing = (text: string) => all.filter((word) => !text.includes(word)).length;
		return {
			typed: { typist: words.typist.length, watcher: words.watcher.length },
			lost: {
				typist: missing(texts.typist),
				watcher: missing(texts.watcher),
				server: missing(texts.server)
			},
			identical: texts.typist === texts.watcher,
			savedMs,
			seenMs,
			statuses
		};
	} finally {
		await behind?.close();
		await local?.close();
		await link.close();
	}
}

export async function benchVillageDocs(server: RunningServer, house: VillageHouse): Promise<void> {
	const port = Number(new URL(server.url).port);
	const clean = await coEdit(server, house, UNIMPAIRED, port + 2, false);
	const village = await coEdit(server, house, VILLAGE, port + 3, true);
	const ms = (value: number | null) =>
		value === null ? `> ${SETTLE_TIMEOUT_MS / 1000} s` : `${(value / 1000).toFixed(1)} s`;
	const rows: Array<[string, (run: DocsRun) => string]> = [
		['words typed: typist / watcher', (r) => `${r.typed.typist} / ${r.typed.watcher}`],
		[
			'edits lost: typist / watcher / server (words)',
			(r) => `${r.lost.typist} / ${r.lost.watcher} / ${r.lost.server}`
		],
		['both editors show the same text', (r) => (r.identical ? 'yes' : 'no')],
		['link back → typist "Saved"', (r) => ms(r.savedMs)],
		['link back → watcher sees the last word', (r) => ms(r.seenMs)]
	];
	console.log(
		`\nVillage link, documents: two people co-edit; the typist (${1000 / KEY_DELAY_MS} keys/s) ` +
			`types ${BEFORE_CUT_MS / 1000} s, then ${CUT_MS / 1000} s more while the link is cut ` +
			`(unimpaired: not cut), the watcher (loopback) a word every ${WATCHER_EVERY_MS / 1000} s`
	);
	console.log(`  ${''.padEnd(46)} ${'unimpaired'.padStart(12)} ${'village+cut'.padStart(12)}`);
	for (const [label, value] of rows) {
		console.log(
			`  ${label.padEnd(46)} ${value(clean).padStart(12)} ${value(village).padStart(12)}`
		);
	}
	console.log(`  typist's status during the cut: ${village.statuses.join(' → ')}`);
}
