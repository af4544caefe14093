// Security headers over real HTTP: a Content-Security-Policy with a nonce on every page, the
// LiveKit server the browser connects to allowed in connect-src, Permissions-Policy, nosniff on
// static files as well as pages, and HSTS only when the configured ORIGIN is https.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, strongPassword, uniqueEmail } from '../helpers/client';
import { startServer, type RunningServer } from '../helpers/server';

/** The policy as directive name → sources. */
function directives(policy: string | null): Map<string, string[]> {
	const parsed = new Map<string, string[]>();
	for (const directive of (policy ?? '').split(';')) {
		const [name, ...sources] = directive.trim().split(/\s+/);
		if (name) parsed.set(name, sources);
	}
	return parsed;
}

function expectStrictPolicy(response: Response, html: string, what: string): Map<string, string[]> {
	const policy = directives(response.headers.get('content-security-policy'));
	const scripts = policy.get('script-src') ?? policy.get('default-src') ?? [];
	expect(scripts, what).not.toContain("'unsafe-inline'");
	expect(scripts, what).not.toContain("'unsafe-eval'");
	expect(policy.get('object-src'), what).toEqual(["'none'"]);
	expect(policy.get('base-uri'), what).toEqual(["'self'"]);
	expect(policy.get('frame-ancestors'), what).toEqual(["'none'"]);
	// Every inline script SvelteKit writes carries the nonce the header allows.
	const nonce = scripts.find((source) => source.startsWith("'nonce-"))?.slice(7, -1);
	expect(nonce, what).toBeTruthy();
	// (JSON data islands are not run, so they need none.)
	const inline = [...html.matchAll(/<script\b([^>]*)>/g)]
		.map(([, attributes]) => attributes)
		.filter((attributes) => !attributes.includes('application/json'));
	expect(inline.length, what).toBeGreaterThan(0);
	for (const attributes of inline) expect(attributes, what).toContain(`nonce="${nonce}"`);
	return policy;
}

function expectCommonHeaders(response: Response, what: string): void {
	expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
	const permissions = response.headers.get('permissions-policy') ?? '';
	expect(permissions, what).toContain('camera=(self)');
	expect(permissions, what).toContain('microphone=(self)');
}

/** A page, and a static file from the build (the first asset the page links to). */
async function pageAndAsset(server: RunningServer, path: string) {
	const client = new HttpClient(server.url);
	const page = await client.get(path);
	const html = await page.text();
	const asset = /_app\/immutable\/[^"]+\.js/.exec(html)?.[0];
	expect(asset, 'an asset linked from the page').toBeDefined();
	return { client, page, html, asset: await client.get(`/${asset}`) };
}

describe('over plain http with the embedded media server', () => {
	let server: RunningServer;

	beforeAll(async () => {
		server = await startServer();
	});

	afterAll(async () => {
		await server?.stop();
	});

	it('pages carry a strict policy, static files and the icon are not sniffed, no HSTS', async () => {
		const { page, html, asset } = await pageAndAsset(server, '/login');
		expect(page.status).toBe(200);
		const policy = expectStrictPolicy(page, html, 'GET /login');
		// The collaboration socket and the embedded media server are on the page's own host.
		expect(policy.get('connect-src')).toEqual(
			expect.arrayContaining(["'self'", `ws://${new URL(server.url).host}`])
		);
		expectCommonHeaders(page, 'GET /login');
		expect(page.headers.get('strict-transport-security')).toBeNull();

		expect(asset.status).toBe(200);
		expect(asset.headers.get('x-content-type-options'), 'a static script').toBe('nosniff');
		const icon = await fetch(`${server.url}/favicon.svg`);
		expect(icon.status).toBe(200);
		expect(icon.headers.get('x-content-type-options'), 'a static file').toBe('nosniff');
		expect(icon.headers.get('strict-transport-security')).toBeNull();
	});

	it('a signed-in page and the HTML export are locked down too', async () => {
		const client = new HttpClient(server.url);
		await client.signUp('Hélène', uniqueEmail('helene'), strongPassword('helene'));
		const slug = await client.createCompany('Entêtes');
		const created = await client.postForm(`/${slug}/documents?/create`, {
			title: 'Entêtes',
			kind: 'blank'
		});
		const documentPath = created.headers.get('location')!;
		const page = await client.get(documentPath);
		expectStrictPolicy(page, await page.text(), `GET ${documentPath}`);
		expectCommonHeaders(page, `GET ${documentPath}`);

		// The export is a standalone page of its own: no script at all, only its inline styles.
		const exported = await client.get(`${documentPath}/export.html`);
		expect(exported.status).toBe(200);
		const policy = directives(exported.headers.get('content-security-policy'));
		expect(policy.get('default-src')).toEqual(["'none'"]);
		expect(policy.get('script-src')).toBeUndefined();
		expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
		expectCommonHeaders(exported, 'GET export.html');
	});
});

describe('behind an https ORIGIN with an external LiveKit server', () => {
	let server: RunningServer;

	beforeAll(async () => {
		server = await startServer({
			env: {
				ORIGIN: 'https://hameau.example.test',
				// Nothing listens there: the policy only has to name it.
				LIVEKIT_URL: 'wss://livekit.example.test:7443',
				LIVEKIT_API_KEY: 'APIheaders',
				LIVEKIT_API_SECRET: 'secret-for-the-headers-test-only-000000'
			}
		});
	});

	afterAll(async () => {
		await server?.stop();
	});

	it('sends HSTS and allows the LiveKit server in connect-src', async () => {
		const { page, html, asset } = await pageAndAsset(server, '/login');
		expect(page.status).toBe(200);
		const policy = expectStrictPolicy(page, html, 'GET /login');
		expect(policy.get('connect-src')).toEqual(
			expect.arrayContaining([
				"'self'",
				'wss://hameau.example.test',
				'wss://livekit.example.test:7443',
				'https://livekit.example.test:7443'
			])
		);
		expectCommonHeaders(page, 'GET /login');
		expect(page.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/);
		expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
	});
});
