// The real Node entry (server/index.ts + the adapter-node build), spawned on a free port.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { HttpClient, explain, strongPassword, uniqueEmail } from '../helpers/client';
import { exited, spawnEntry, startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
});

afterAll(async () => {
	await server?.stop();
});

describe('GET /healthz', () => {
	it('answers 200 {"status":"ok"}, with the embedded media process running', async () => {
		const response = await fetch(`${server.url}/healthz`);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({
			status: 'ok',
			media: { state: 'running', restarts: 0 }
		});
	});
});

describe('WebSocket upgrades', () => {
	it('answers an unknown upgrade path with HTTP 404', async () => {
		const status = await new Promise<number | undefined>((resolve, reject) => {
			const socket = new WebSocket(`${server.url.replace('http', 'ws')}/no-such-socket`);
			socket.once('unexpected-response', (_req, res) => {
				res.resume();
				resolve(res.statusCode);
			});
			socket.once('open', () => reject(new Error('the upgrade was accepted')));
			socket.once('error', reject);
		});
		expect(status).toBe(404);
	});
});

describe('accounts', () => {
	it('signs up with an httpOnly, SameSite=Lax session cookie that signs the user in', async () => {
		const client = new HttpClient(server.url);
		const response = await client.postForm('/signup', {
			name: 'Louise Michel',
			email: uniqueEmail('louise'),
			password: strongPassword('louise')
		});
		expect(response.status, await explain(response)).toBe(303);
		expect(response.headers.get('location')).toBe('/companies');

		const cookie = client.lastSetCookies.find((c) => c.startsWith('hameau_session='));
		expect(cookie).toBeDefined();
		expect(cookie).toMatch(/;\s*HttpOnly/i);
		expect(cookie).toMatch(/;\s*SameSite=Lax/i);
		expect(cookie).toMatch(/;\s*Path=\//i);
		// Plain http on loopback: a Secure cookie would never come back.
		expect(cookie).not.toMatch(/;\s*Secure/i);

		const companies = await client.get('/companies');
		expect(companies.status).toBe(200);
		expect(await companies.text()).toContain('Louise Michel');
	});

	it('refuses a wrong password with 400 and one generic message', async () => {
		const client = new HttpClient(server.url);
		const email = uniqueEmail('jules');
		await client.signUp('Jules Vallès', email, strongPassword('jules'));

		const stranger = new HttpClient(server.url);
		const wrong = await stranger.logIn(email, 'not-the-right-password');
		expect(wrong.status).toBe(400);
		const wrongBody = await wrong.text();
		expect(wrongBody).toContain('That email and password do not match an account.');
		expect(stranger.cookies.has('hameau_session')).toBe(false);

		// An unknown email gets exactly the same message: the form does not reveal accounts.
		const unknown = await stranger.logIn(uniqueEmail('nobody'), 'not-the-right-password');
		expect(unknown.status).toBe(400);
		expect(await unknown.text()).toContain('That email and password do not match an account.');

		const right = await stranger.logIn(email, strongPassword('jules'));
		expect(right.status, await explain(right)).toBe(303);
		expect(stranger.cookies.has('hameau_session')).toBe(true);
	});

	it('refuses a weak password at sign-up with 400 and creates no session', async () => {
		const client = new HttpClient(server.url);
		const response = await client.postForm('/signup', {
			name: 'Weak',
			email: uniqueEmail('weak'),
			password: 'short'
		});
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('Use at least 10 characters.');
		expect(client.cookies.has('hameau_session')).toBe(false);
	});

	it('refuses a form post from another origin (CSRF)', async () => {
		const response = await fetch(`${server.url}/signup`, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				origin: 'https://evil.example.com',
				accept: 'text/html'
			},
			body: new URLSearchParams({
				name: 'Mallory',
				email: uniqueEmail('mallory'),
				password: strongPassword('mallory')
			}).toString(),
			redirect: 'manual'
		});
		expect(response.status).toBe(403);
		expect(response.headers.getSetCookie().some((c) => c.startsWith('hameau_session='))).toBe(
			false
		);
	});

	it('shows a friendly 404 page to a signed-in user on an unknown route', async () => {
		const client = new HttpClient(server.url);
		await client.signUp('Élisée Reclus', uniqueEmail('elisee'), strongPassword('elisee'));

		for (const path of ['/no-such-company', '/no-such-company/members', '/companies/nope/deeper']) {
			const response = await client.get(path);
			expect(response.status, path).toBe(404);
			const html = await response.text();
			expect(html).toContain('<html');
			expect(html).toContain('Page not found');
			expect(html).toContain('This page does not exist, or you do not have access to it.');
			expect(html).toMatch(/<a[^>]*href="\/"[^>]*>\s*Back to the home page/);
			// Rendered inside the app (the user is still shown as signed in), not a bare error.
			expect(html).toContain('Élisée Reclus');
		}
	});

	it('sends a signed-out visitor of a company page to log-in', async () => {
		const response = await new HttpClient(server.url).get('/some-company?tab=1');
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe(
			`/login?next=${encodeURIComponent('/some-company?tab=1')}`
		);
	});
});

describe('rate limiting', () => {
	it('refuses log-in attempts beyond AUTH_RATE_LIMIT_PER_IP with a clear message', async () => {
		const limited = await startServer({ env: { AUTH_RATE_LIMIT_PER_IP: '3' } });
		try {
			const client = new HttpClient(limited.url);
			for (let attempt = 1; attempt <= 3; attempt++) {
				const response = await client.logIn(uniqueEmail('guess'), `guess-number-${attempt}`);
				expect(response.status).toBe(400);
				expect(await response.text()).toContain('That email and password do not match an account.');
			}
			const blocked = await client.logIn(uniqueEmail('guess'), 'guess-number-4');
			// 429 Too Many Requests, with the page and its message for people without JavaScript.
			expect(blocked.status).toBe(429);
			const body = await blocked.text();
			expect(body).toMatch(/Too many attempts\. Try again in 15 minutes\./);
			expect(body).not.toContain('That email and password do not match an account.');

			// Sign-up is the other door and shares the address's budget.
			const signup = await client.postForm('/signup', {
				name: 'Late',
				email: uniqueEmail('late'),
				password: strongPassword('late')
			});
			expect(signup.status).toBe(429);
			expect(await signup.text()).toContain('Too many attempts');
		} finally {
			await limited.stop();
		}
	});
});

/** Node's default `server.keepAliveTimeout`, which the app leaves as it is. */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

describe('process lifecycle', () => {
	it('exits 0 on SIGTERM, closing an idle keep-alive connection at once', async () => {
		const running = await startServer();
		// Leave a keep-alive connection behind, as a browser would: one request answered, the
		// socket kept open and idle.
		const { port } = new URL(running.url);
		const socket = connect(Number(port), '127.0.0.1');
		const answered = new Promise<void>((resolve) => socket.once('data', () => resolve()));
		socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n');
		await answered;
		const serverClosedIt = new Promise<number>((resolve) =>
			socket.once('end', () => resolve(Date.now()))
		);
		const signalled = Date.now();
		const code = await running.stop();
		expect(code, running.output()).toBe(0);
		// Left to itself, the server would close the idle socket only when Node's keep-alive
		// timeout ran out (5 s), holding the process until then. The time is taken to the socket's
		// close, not to the exit: the media process's own stop, slower on a loaded machine, is not
		// what this checks.
		expect((await serverClosedIt) - signalled).toBeLessThan(KEEP_ALIVE_TIMEOUT_MS - 1_000);
		socket.destroy();
	});

	it('treats an empty ORIGIN as unset instead of crashing at start-up', async () => {
		const running = await startServer({ env: { ORIGIN: '' } });
		try {
			const response = await fetch(`${running.url}/healthz`);
			expect(response.status).toBe(200);
			// And form posts from the server's own origin pass the CSRF check.
			const client = new HttpClient(running.url);
			await client.signUp('Empty Origin', uniqueEmail('origin'), strongPassword('origin'));
			expect(client.cookies.has('hameau_session')).toBe(true);
		} finally {
			expect(await running.stop()).toBe(0);
		}
	});

	it('refuses to start, before listening, when the database cannot be opened', async () => {
		// A directory is not a database file.
		const dir = mkdtempSync(join(tmpdir(), 'hameau-not-a-db-'));
		try {
			const { child, output } = spawnEntry({
				PORT: '0',
				HOST: '127.0.0.1',
				LOG_LEVEL: 'info',
				DATABASE_URL: dir
			});
			const code = await exited(child);
			expect(code).not.toBe(0);
			expect(output()).toMatch(/unable to open database file/i);
			expect(output()).not.toContain('listening');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
