// Which addresses stored content may link to, and which return addresses a redirect may follow.
// Both are judged on what a browser would do with the string, not on how it looks: the URL
// parser drops tabs and newlines anywhere and C0 controls or spaces at either end, and reads the
// scheme case-insensitively, so `java\tscript:`, `\x01javascript:` and `JavaScript:` all run
// script on click. Shared by the exporters, the version preview, the editor and the auth routes.

/** Schemes a link in a document may use; anything else with a scheme is dropped. */
const LINK_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

const TAB_OR_NEWLINE = /[\t\n\r]/g;
// eslint-disable-next-line no-control-regex
const EDGE_CONTROLS_OR_SPACES = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * The link address as a browser would read it, or null when it must not be a link: a scheme
 * other than http, https or mailto, or a control character left inside. Relative addresses
 * (`/x`, `#top`, `example.org`) are kept.
 */
export function safeLinkHref(href: unknown): string | null {
	if (typeof href !== 'string') return null;
	const normalised = href.replace(TAB_OR_NEWLINE, '').replace(EDGE_CONTROLS_OR_SPACES, '');
	if (normalised === '' || CONTROL.test(normalised)) return null;
	const scheme = SCHEME.exec(normalised)?.[1];
	if (scheme !== undefined && !LINK_SCHEMES.has(`${scheme.toLowerCase()}:`)) return null;
	return normalised;
}

// Resolving against a host that cannot exist shows whether a path would leave the site.
const PROBE_ORIGIN = 'http://x.invalid';

/**
 * A same-site path (with its query and fragment) to go to after a form, or `fallback`. Refused
 * before parsing: backslashes and control characters, which browsers drop or turn into `/`
 * (`/\host`, `/\t/host` become `//host`, another site). Refused after parsing: anything that
 * resolves to another origin or to a path starting with `//`.
 */
export function safeReturnPath(value: string | null | undefined, fallback = '/'): string {
	if (!value || !value.startsWith('/') || value.includes('\\') || CONTROL.test(value)) {
		return fallback;
	}
	let url: URL;
	try {
		url = new URL(value, PROBE_ORIGIN);
	} catch {
		// Not a URL a browser could follow either: the fallback is where they would end up.
		return fallback;
	}
	if (url.origin !== PROBE_ORIGIN || url.pathname.startsWith('//')) return fallback;
	return `${url.pathname}${url.search}${url.hash}`;
}
