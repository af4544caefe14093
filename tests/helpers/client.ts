// A cookie-keeping HTTP client for the spawned server, behaving like a browser without
// JavaScript: it never follows redirects (tests read the 303 and its Location) and it posts forms
// with `accept: text/html`. SvelteKit then answers form actions the way a plain <form> sees them:
//   redirect()   → 303 with a Location header
//   fail(400)    → the page rendered as HTML with status 400 (field errors in the markup)
//   error(404)   → the error page with status 404
// (With `accept: */*`, fetch's default, SvelteKit would answer JSON {type, status, data} instead.)
import { expect } from 'vitest';

export class HttpClient {
	/** Cookie name → value, as a browser would keep them for this origin. */
	readonly cookies = new Map<string, string>();
	/** The raw Set-Cookie headers of the last response, for checking attributes. */
	lastSetCookies: string[] = [];

	constructor(readonly baseUrl: string) {}

	/** The Cookie header a browser would send now (for tools such as autocannon). */
	cookieHeader(): string {
		return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
	}

	private keepCookies(response: Response): void {
		this.lastSetCookies = response.headers.getSetCookie();
		for (const header of this.lastSetCookies) {
			const [pair, ...attributes] = header.split(';').map((part) => part.trim());
			const eq = pair.indexOf('=');
			const name = pair.slice(0, eq);
			const value = pair.slice(eq + 1);
			const expired = attributes.some((attribute) => {
				const [key, val = ''] = attribute.split('=');
				if (key.toLowerCase() === 'max-age') return Number(val) <= 0;
				if (key.toLowerCase() === 'expires') return Date.parse(val) <= Date.now();
				return false;
			});
			if (expired || value === '') this.cookies.delete(name);
			else this.cookies.set(name, value);
		}
	}

	async request(path: string, init: RequestInit = {}): Promise<Response> {
		const headers = new Headers(init.headers);
		headers.set('accept', headers.get('accept') ?? 'text/html');
		if (this.cookies.size > 0) headers.set('cookie', this.cookieHeader());
		const response = await fetch(new URL(path, this.baseUrl), {
			...init,
			headers,
			redirect: 'manual'
		});
		this.keepCookies(response);
		return response;
	}

	get(path: string): Promise<Response> {
		return this.request(path);
	}

	/** A urlencoded POST with the Origin header SvelteKit's CSRF check expects from a browser. */
	postForm(path: string, fields: Record<string, string> = {}): Promise<Response> {
		return this.request(path, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				origin: this.baseUrl
			},
			body: new URLSearchParams(fields).toString()
		});
	}

	/** Signs up (and so in) through the real form; fails the test unless it redirects. */
	async signUp(name: string, email: string, password: string): Promise<void> {
		const response = await this.postForm('/signup', { name, email, password });
		expect(response.status, await explain(response)).toBe(303);
	}

	async logIn(email: string, password: string): Promise<Response> {
		return this.postForm('/login', { email, password });
	}

	/** Creates a company through POST /companies?/create and returns its slug. */
	async createCompany(name: string): Promise<string> {
		const response = await this.postForm('/companies?/create', { name });
		expect(response.status, await explain(response)).toBe(303);
		const location = response.headers.get('location') ?? '';
		expect(location).toMatch(/^\/[a-z0-9-]+$/);
		return location.slice(1);
	}
}

/** Status plus the start of the body, as a failure message for expect(). */
export async function explain(response: Response): Promise<string> {
	if (response.status === 303) return `303 → ${response.headers.get('location')}`;
	const body = await response.clone().text();
	return `${response.status}: ${body.slice(0, 500)}`;
}

/** A password that passes the rules, distinct per call site when `tag` differs. */
export function strongPassword(tag = ''): string {
	return `grange-ouverte-${tag}-2026`;
}

let counter = 0;
/** An email nobody used yet in this test run. */
export function uniqueEmail(name = 'person'): string {
	counter += 1;
	return `${name}-${process.pid}-${Date.now().toString(36)}-${counter}@example.org`;
}
