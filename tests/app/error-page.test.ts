// SvelteKit's own error page (src/error.html), which a browser gets when a download's route fails
// (a member opening the report's CSV, a deleted document's export): the hooks put it in the
// reader's language and theme, in the words of the app's error page, and leave any other page be.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '../../src/lib/paraglide/runtime';
import { localizeErrorPage } from '../../src/lib/server/error-page';
import { visibleText } from './error-page-text';

const TEMPLATE = readFileSync(resolve(__dirname, '../../src/error.html'), 'utf8');

/** The template as SvelteKit fills it (static_error_page: the message escaped). */
const filled = (status: number, escapedMessage: string) =>
	TEMPLATE.replaceAll('%sveltekit.status%', String(status)).replace(
		'%sveltekit.error.message%',
		escapedMessage
	);

afterEach(() => overwriteGetLocale(() => 'en'));

describe('the error page outside the app', () => {
	it('reads in English as the template is, where the hooks never ran', () => {
		expect(visibleText(filled(404, 'Not Found'))).toBe(
			'404 · Hameau Hameau 404 Not Found Back to the home page'
		);
	});

	it('says a 404 in French with the app error page’s words, not the route’s "Not Found"', () => {
		overwriteGetLocale(() => 'fr');
		const page = localizeErrorPage(filled(404, 'Not Found'), 404, 'fr', 'theme-system');
		expect(page).toContain('<html lang="fr" class="theme-system">');
		expect(visibleText(page)).toBe(
			'404 · Hameau Hameau 404 Page introuvable Cette page n’existe pas, ou vous n’y avez pas accès. Retour à l’accueil'
		);
	});

	it('keeps a 403’s reason under the heading, and the reader’s theme', () => {
		const reason = 'Your role in this company does not allow this.';
		const page = localizeErrorPage(filled(403, reason), 403, 'en', 'dark');
		expect(page).toContain('<html lang="en" class="dark">');
		expect(visibleText(page)).toContain(`403 Not allowed ${reason} Back to the home page`);
	});

	it('keeps the message as SvelteKit escaped it (no markup from a route’s text)', () => {
		const page = localizeErrorPage(filled(400, 'month &lt;b&gt;'), 400, 'en', 'light');
		expect(page).toContain('<h1>month &lt;b&gt;</h1>');
	});

	it('shows no internal message for a server error', () => {
		overwriteGetLocale(() => 'fr');
		const page = localizeErrorPage(filled(500, 'Internal Error'), 500, 'fr', 'light');
		expect(visibleText(page)).toContain('500 Une erreur est survenue Une erreur inattendue');
		expect(page).not.toContain('Internal Error');
	});

	it('leaves any other page as it is', () => {
		const other = '<!doctype html><html lang="en" class="theme-system"><h1>Export</h1></html>';
		expect(localizeErrorPage(other, 404, 'fr', 'dark')).toBe(other);
	});
});
