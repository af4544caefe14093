// No script from stored content: a raw Yjs client may write any href into a link mark; every
// place a document is rendered (version preview, HTML and Markdown exports) keeps the text and
// drops an address a browser would run as script, however it is disguised.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { documentHtml, documentMarkdown } from '../../src/lib/server/documents/export';
import { safeLinkHref } from '../../src/lib/safe-url';
import { synced, webSocketWith } from '../collab/support';
import { HttpClient, explain, strongPassword, uniqueEmail } from '../helpers/client';
import { appendLinkedParagraph } from '../helpers/linked-text';
import { startServer, type RunningServer } from '../helpers/server';

/** Link text → href: the three tricks of the issue, their cousins, and two links that must stay. */
const LINKS: Array<[string, string]> = [
	['tab trick', 'java\tscript:alert(1)'],
	['newline trick', 'java\nscript:alert(2)'],
	['control trick', '\x01javascript:alert(3)'],
	['carriage trick', ' \r\nJaVaScRiPt:alert(4)'],
	['data trick', 'data:text/html,<script>alert(5)</script>'],
	['vbscript trick', 'VBScript:msgbox(6)'],
	['nul trick', 'java\x00script:alert(7)'],
	['safe site', 'https://example.org/plan?a=1&b=2'],
	['safe mail', 'mailto:equipe@example.org']
];
const UNSAFE = LINKS.filter(([text]) => text.endsWith('trick'));

/** Writes one paragraph per link into TipTap's fragment of `doc`. */
function writeLinks(doc: Y.Doc): void {
	doc.transact(() => {
		for (const link of LINKS) appendLinkedParagraph(doc, [link]);
	});
}

function linkedState(): Uint8Array {
	const doc = new Y.Doc();
	writeLinks(doc);
	const state = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return state;
}

/** The href values of every <a> in `html`, as the browser's URL parser would read them. */
function browserHrefs(html: string): string[] {
	return [...html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/gi)].map(([, raw]) =>
		raw
			.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
			.replace(/&quot;/g, '"')
			.replace(/&lt;/g, '<')
			.replace(/&gt;/g, '>')
			.replace(/&amp;/g, '&')
			.replace(/[\t\n\r]/g, '')
			// eslint-disable-next-line no-control-regex
			.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '')
			.toLowerCase()
	);
}

/** Link destinations of a Markdown text, as a CommonMark reader would hand them to a browser. */
function markdownDestinations(markdown: string): string[] {
	return [...markdown.matchAll(/\]\(<((?:\\.|[^>\\])*)>\)/g)].map(([, raw]) =>
		raw.replace(/\\(.)/g, '$1').replace(/%20/g, ' ').toLowerCase()
	);
}

function expectOnlySafeLinks(hrefs: string[]): void {
	expect(hrefs).toEqual(['https://example.org/plan?a=1&b=2', 'mailto:equipe@example.org']);
}

function expectEveryLinkText(text: string): void {
	for (const [linkText] of LINKS) expect(text).toContain(linkText);
}

describe('the link address check', () => {
	it('reads addresses the way a browser does before judging their scheme', () => {
		for (const [, href] of UNSAFE) expect(safeLinkHref(href), JSON.stringify(href)).toBeNull();
		expect(safeLinkHref(' https://example.org/a ')).toBe('https://example.org/a');
		expect(safeLinkHref('HTTPS://example.org')).toBe('HTTPS://example.org');
		expect(safeLinkHref('mailto:a@example.org')).toBe('mailto:a@example.org');
		// Relative addresses are links too; a colon after the first slash is no scheme.
		for (const relative of ['/x', '#top', '?q=1', 'example.org', './a:b']) {
			expect(safeLinkHref(relative)).toBe(relative);
		}
		for (const refused of ['tel:+33', 'file:///etc/passwd', 'blob:x', '', '\t', 42, null]) {
			expect(safeLinkHref(refused), JSON.stringify(refused)).toBeNull();
		}
	});
});

describe('exports of a document written with disguised links', () => {
	it('HTML keeps the text of every link and the address of the safe ones only', () => {
		const html = documentHtml('Liens', linkedState());
		expectOnlySafeLinks(browserHrefs(html));
		expectEveryLinkText(html);
	});

	it('Markdown keeps the text of every link and the address of the safe ones only', () => {
		const markdown = documentMarkdown('Liens', linkedState());
		expectOnlySafeLinks(markdownDestinations(markdown));
		expectEveryLinkText(markdown);
	});

	it('Markdown escapes what a reader would decode back into a scheme', () => {
		const doc = new Y.Doc();
		appendLinkedParagraph(doc, [
			['entity', '&#106;avascript:alert(1)'],
			[' escape', 'javascript\\:alert(1)']
		]);
		const markdown = documentMarkdown('Liens', Y.encodeStateAsUpdate(doc));
		doc.destroy();
		// Read back, each destination is the relative address that was stored, not a scheme.
		expect(markdown).toContain('[entity](<\\&#106;avascript:alert(1)>)');
		expect(markdown).toContain('[escape](<javascript\\\\:alert(1)>)');
	});
});

describe('a document written by a raw Yjs client, over HTTP', () => {
	let server: RunningServer;
	let owner: HttpClient;
	let base: string;
	let provider: WebsocketProvider | undefined;

	beforeAll(async () => {
		server = await startServer();
		owner = new HttpClient(server.url);
		await owner.signUp('Odile', uniqueEmail('odile'), strongPassword('odile'));
		const slug = await owner.createCompany('Liens et Cie');
		const created = await owner.postForm(`/${slug}/documents?/create`, {
			title: 'Plan aux liens',
			kind: 'blank'
		});
		expect(created.status, await explain(created)).toBe(303);
		base = created.headers.get('location')!;
		const documentId = base.split('/').at(-1)!;

		const doc = new Y.Doc();
		provider = new WebsocketProvider(
			`${server.url.replace('http', 'ws')}/collab`,
			documentId,
			doc,
			{
				WebSocketPolyfill: webSocketWith({ cookie: owner.cookieHeader() }),
				disableBc: true
			}
		);
		await synced(provider);
		writeLinks(doc);
		// Stored once the export shows the last paragraph.
		const deadline = Date.now() + 5000;
		while (!(await (await owner.get(`${base}/export.md`)).text()).includes('safe mail')) {
			if (Date.now() > deadline) throw new Error('the links never reached the server');
			await new Promise((tick) => setTimeout(tick, 50));
		}
	});

	afterAll(async () => {
		provider?.doc.destroy();
		provider?.destroy();
		await server?.stop();
	});

	it('the version preview shows the text and never a script address', async () => {
		const saved = await owner.postForm(`${base}/history?/save`, { name: 'Avec liens' });
		expect(saved.status, await explain(saved)).toBe(200);
		const history = await (await owner.get(`${base}/history`)).text();
		const versionPath = new RegExp(`${base}/history/([a-z0-9]+)`).exec(history)?.[0];
		expect(versionPath).toBeDefined();
		const page = await owner.get(versionPath!);
		const html = await page.text();
		expect(page.status, html.slice(0, 300)).toBe(200);
		const article = /<article\b[\s\S]*<\/article>/.exec(html)?.[0] ?? '';
		expectOnlySafeLinks(browserHrefs(article));
		expectEveryLinkText(article);
	});

	it('the HTML export served to the browser drops the same addresses', async () => {
		const response = await owner.get(`${base}/export.html`);
		const html = await response.text();
		expect(response.status).toBe(200);
		expectOnlySafeLinks(browserHrefs(html));
		expectEveryLinkText(html);
	});

	it('the Markdown export served to the browser drops the same addresses', async () => {
		const response = await owner.get(`${base}/export.md`);
		const markdown = await response.text();
		expect(response.status).toBe(200);
		expectOnlySafeLinks(markdownDestinations(markdown));
		expectEveryLinkText(markdown);
	});
});
