// Redirects stay on the site, and malformed requests get a 4xx, never a 500: every return address
// (log-in and sign-up `next`, the language switcher's `redirectTo`) over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { safeReturnPath } from '../../src/lib/safe-url';
import { HttpClient, explain, strongPassword, uniqueEmail } from '../helpers/client';
import { startServer, type RunningServer } from '../helpers/server';

/** Return addresses that a browser would follow off the site, or that cannot be a header. */
const LEAVING: string[] = [
	'/\t/127.0.0.1:3499/landed',
	'/\n/127.0.0.1:3499/landed',
	'/\r\n/x',
	'/\x0b/x',
	'/\x00/x',
	'/\\127.0.0.1:3499',
	'/\\/127.0.0.1:3499',
	'//127.0.0.1:3499/landed',
	'///127.0.0.1:3499',
	'/..//127.0.0.1:3499',
	'/./%2e/..//127.0.0.1:3499',
	'https://127.0.0.1:3499/landed',
	'http:/127.0.0.1:3499',
	'javascript:alert(1)',
	' //127.0.0.1:3499',
	'\t/127.0.0.1:3499',
	''
];

/** Same-site addresses, and where each one leads. */
const STAYING: Array<[string, string]> = [
	['/companies', '/companies'],
	['/companies?tab=1#top', '/companies?tab=1#top'],
	['/profile/../companies', '/companies'],
	['/documents/été', '/documents/%C3%A9t%C3%A9']
];

describe('the return address check', () => {
	it('keeps same-site paths and falls back for everything else', () => {
		for (const target of LEAVING) expect(safeReturnPath(target), JSON.stringify(target)).toBe('/');
		for (const [target, path] of STAYING) expect(safeReturnPath(target)).toBe(path);
		expect(safeReturnPath(undefined, '/companies')).toBe('/companies');
	});
});

describe('return addresses over HTTP', () => {
	let server: RunningServer;
	let email: string;
	const password = strongPassword('redirect');

	beforeAll(async () => {
		server = await startServer();
		email = uniqueEmail('rosalie');
		await new HttpClient(server.url).signUp('Rosalie', email, password);
	});

	afterAll(async () => {
		await server?.stop();
	});

	async function expectRedirect(response: Response, location: string, what: string) {
		expect(response.status, `${what}: ${await explain(response)}`).toBe(303);
		expect(response.headers.get('location'), what).toBe(location);
	}

	it('log-in `next` stays on the site', async () => {
		for (const target of LEAVING) {
			const client = new HttpClient(server.url);
			const response = await client.postForm('/login', { email, password, next: target });
			await expectRedirect(response, '/', `POST /login next=${JSON.stringify(target)}`);
			// Already signed in, the log-in page sends the visitor on at once.
			const again = await client.get(`/login?next=${encodeURIComponent(target)}`);
			await expectRedirect(again, '/', `GET /login?next=${JSON.stringify(target)}`);
		}
		for (const [target, path] of STAYING) {
			const client = new HttpClient(server.url);
			const response = await client.postForm('/login', { email, password, next: target });
			await expectRedirect(response, path, `POST /login next=${JSON.stringify(target)}`);
		}
	});

	it('sign-up `next` stays on the site', async () => {
		for (const target of LEAVING) {
			const client = new HttpClient(server.url);
			const response = await client.postForm('/signup', {
				name: 'Sacha',
				email: uniqueEmail('sacha'),
				password: strongPassword('sacha'),
				next: target
			});
			await expectRedirect(response, '/companies', `POST /signup next=${JSON.stringify(target)}`);
			const again = await client.get(`/signup?next=${encodeURIComponent(target)}`);
			await expectRedirect(again, '/', `GET /signup?next=${JSON.stringify(target)}`);
		}
	});

	it('the language switcher `redirectTo` stays on the site', async () => {
		const client = new HttpClient(server.url);
		for (const target of LEAVING) {
			const response = await client.postForm('/locale', { locale: 'fr', redirectTo: target });
			await expectRedirect(response, '/', `POST /locale redirectTo=${JSON.stringify(target)}`);
		}
		for (const [target, path] of STAYING) {
			const response = await client.postForm('/locale', { locale: 'en', redirectTo: target });
			await expectRedirect(response, path, `POST /locale redirectTo=${JSON.stringify(target)}`);
		}
	});
});

/** POSTs each body to `path` and expects a 4xx answer (the error page, never a 500). */
async function expectClientErrors(
	client: HttpClient,
	path: string,
	bodies: Array<[string, string | undefined, string | undefined]>
) {
	for (const [what, type, body] of bodies) {
		const headers = new Headers({ origin: client.baseUrl });
		if (type) headers.set('content-type', type);
		const response = await client.request(path, { method: 'POST', headers, body });
		const text = await response.text();
		expect(response.status, `${path}, ${what}: ${text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
		expect(response.status, `${path}, ${what}`).toBeLessThan(500);
	}
}

describe('malformed requests', () => {
	let server: RunningServer;

	beforeAll(async () => {
		server = await startServer();
	});

	afterAll(async () => {
		await server?.stop();
	});

	it('POST /locale without a form gets a 4xx, not a 500', async () => {
		await expectClientErrors(new HttpClient(server.url), '/locale', [
			['no content type', undefined, undefined],
			['a JSON body', 'application/json', '{"locale":"fr"}'],
			['a broken multipart body', 'multipart/form-data; boundary=x', 'not multipart at all']
		]);
	});

	it('a form action sent a broken multipart body gets a 4xx, not a 500', async () => {
		const signedIn = new HttpClient(server.url);
		await signedIn.signUp('Maelle', uniqueEmail('maelle'), strongPassword('maelle'));
		const broken: Array<[string, string, string]> = [
			['multipart without a boundary', 'multipart/form-data', 'email=a'],
			['multipart with a boundary never used', 'multipart/form-data; boundary=zz', 'email=a'],
			['a multipart part cut short', 'multipart/form-data; boundary=zz', '--zz\r\nContent-Disp']
		];
		await expectClientErrors(new HttpClient(server.url), '/login', broken);
		await expectClientErrors(signedIn, '/companies?/create', broken);
	});

	it('a forged invitation address with a newline is sent back encoded, not as a 500', async () => {
		const client = new HttpClient(server.url);
		await client.signUp('Ines', uniqueEmail('ines'), strongPassword('ines'));
		const response = await client.postForm('/invite/%0A%0Dx%26y?/signup', {});
		expect(response.status, await explain(response)).toBe(303);
		expect(response.headers.get('location')).toBe('/invite/%0A%0Dx%26y');
	});

	it('an upload cut off by the client is not logged as an unexpected error', async () => {
		const before = server.output().length;
		for (const path of ['/login', '/locale']) {
			const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
			await new Promise((ready) => socket.once('connect', ready));
			socket.write(
				[
					`POST ${path} HTTP/1.1`,
					`Host: ${new URL(server.url).host}`,
					`Origin: ${server.url}`,
					'Content-Type: application/x-www-form-urlencoded',
					'Content-Length: 4096',
					'',
					'email=cut%40example.org&pass'
				].join('\r\n')
			);
			// Let the server start reading the body, then leave mid-way.
			await new Promise((tick) => setTimeout(tick, 300));
			socket.destroy();
		}
		// The server is still up and has had time to log what it would.
		await new Promise((tick) => setTimeout(tick, 300));
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
		const logged = server.output().slice(before);
		expect(logged).not.toContain('unexpected error');
		expect(logged).not.toContain('"level":50');
	});
});
