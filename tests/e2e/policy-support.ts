// Watches a browser context for what the page's security headers forbid: every CSP violation
// (reported by the browser as an event and on the console) and every console complaint about the
// Permissions-Policy header, so a test fails when the policy breaks something it did not expect.
import { expect, type BrowserContext, type Page, type Response } from '@playwright/test';
import type { Fixtures } from './fixtures';
import { createCompany, signUp, uniqueEmail } from './support';

declare global {
	interface Window {
		__policyViolations?: string[];
	}
}

/** Starts recording in every page of `context`; call before opening pages. */
export async function watchPolicyViolations(context: BrowserContext): Promise<() => string[]> {
	const seen: string[] = [];
	await context.addInitScript(() => {
		window.__policyViolations = [];
		document.addEventListener('securitypolicyviolation', (event) => {
			window.__policyViolations!.push(
				`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`
			);
		});
	});
	const listen = (page: Page) =>
		page.on('console', (message) => {
			if (/Content[ -]Security[ -]Policy|Permissions[ -]Policy|Refused to/i.test(message.text())) {
				seen.push(`console ${message.type()}: ${message.text()}`);
			}
		});
	context.pages().forEach(listen);
	context.on('page', listen);
	return () => seen;
}

/** Fails unless no page of the context reported a violation (console or event). */
export async function expectNoPolicyViolations(pages: Page[], consoleSeen: () => string[]) {
	const reported: string[] = [...consoleSeen()];
	for (const page of pages) {
		reported.push(...(await page.evaluate(() => window.__policyViolations ?? [])));
	}
	expect(reported).toEqual([]);
}

/** The document response carries a Content-Security-Policy with a script nonce. */
export function expectNoncePolicy(response: Response | null) {
	const policy = response?.headers()['content-security-policy'] ?? '';
	expect(policy).toMatch(/script-src [^;]*'nonce-[^']+'/);
	expect(policy).toContain("object-src 'none'");
}

/** Someone signed up with a company of their own, in a context watched from its first page. */
export async function watchedOwner(
	openProfile: Fixtures['openProfile'],
	name: string,
	company: string
) {
	// Nothing has loaded in the new profile yet: watching from here sees its first page whole.
	const page = await openProfile();
	const context = page.context();
	const consoleSeen = await watchPolicyViolations(context);
	await signUp(page, name, uniqueEmail('policy'));
	await createCompany(page, company);
	const slug = new URL(page.url()).pathname.slice(1);
	return { context, consoleSeen, page, slug };
}
