// SvelteKit's own error page (src/error.html) in the reader's language and theme. It is what a
// browser gets when no page can be rendered: an error in a download opened as a page (a member
// opening the report's CSV, a deleted document's export), where the routes' message is short
// ("Not Found") or already in the reader's language. The template's English stays as it is where
// the hooks never ran. The same texts as the app's error page (+error.svelte).
import { m } from '$lib/paraglide/messages';
import type { ThemeClass } from '$lib/theme';
import { escapeHtml } from './documents/export';

const MESSAGE = /<!--hameau:message-->\s*<h1>([\s\S]*?)<\/h1>\s*<!--\/hameau:message-->/;
const BACK = /<!--hameau:back-->[\s\S]*?<!--\/hameau:back-->/;
const HTML_TAG = /<html lang="en" class="theme-system">/;

/**
 * The error page for `status`: its heading and text in the current language, as +error.svelte
 * words them. `message` is the route's, as SvelteKit escaped it into the template; a 404's is
 * replaced (the routes say "Not Found"), a 403's is kept as the reason.
 */
function messageBlock(status: number, message: string): string {
	const h1 = (text: string) => `<h1>${text}</h1>`;
	const p = (text: string) => `<p>${text}</p>`;
	if (status === 404) {
		return h1(escapeHtml(m.error_not_found_title())) + p(escapeHtml(m.error_not_found_text()));
	}
	if (status === 403) return h1(escapeHtml(m.error_forbidden_title())) + p(message);
	if (status < 500) return h1(message);
	return h1(escapeHtml(m.error_server_title())) + p(escapeHtml(m.error_server_text_plain()));
}

/** src/error.html as SvelteKit filled it, in `locale` and `theme`; any other page as it is. */
export function localizeErrorPage(
	html: string,
	status: number,
	locale: string,
	theme: ThemeClass
): string {
	const found = MESSAGE.exec(html);
	if (!found) return html;
	return html
		.replace(HTML_TAG, `<html lang="${escapeHtml(locale)}" class="${theme}">`)
		.replace(MESSAGE, () => messageBlock(status, found[1]))
		.replace(BACK, () => escapeHtml(m.error_back_home()));
}
