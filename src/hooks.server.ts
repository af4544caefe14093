import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import {
	cookieName,
	defineCustomServerStrategy,
	extractLocaleFromRequestAsync,
	overwriteServerAsyncLocalStorage,
	type Locale
} from '$lib/paraglide/runtime';
import { deleteSessionCookie, setSessionCookie } from '$lib/server/auth/cookie';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session';
import { config } from '$lib/server/config';
import { refuseUnreadableForms } from '$lib/server/forms';
import { isClientAbort } from '$lib/server/client-abort';
import { logger } from '$lib/server/logger';
import {
	connectSources,
	PERMISSIONS_POLICY,
	STRICT_TRANSPORT_SECURITY,
	withConnectSources
} from '$lib/server/security-headers';
import { ensureAgreementEndSweeper } from '$lib/server/agreements/agreements';
import { ensureNotificationEmails } from '$lib/server/notifications/email';
import { ensureStandupNotices } from '$lib/server/notifications/standups';
import { vapidDetails } from '$lib/server/notifications/push-keys';
import { registerStandupRooms } from '$lib/server/standups/video-rooms';
import { showRoomsOnBoard } from '$lib/server/video/board';
import { followParticipantHouses } from '$lib/server/video/follow-house';
import { followLinkBudgets } from '$lib/server/video/link-budget';
import { startReconciliation } from '$lib/server/video/reconcile';
import { endCallsWithAccess } from '$lib/server/video/revocation';
import { resumeKnockTimers } from '$lib/server/knocks/knocks';
import { setReaderTimeZoneSource } from '$lib/reader-zone';
import { themeClass, type ThemeClass } from '$lib/theme';
import { localizeErrorPage } from '$lib/server/error-page';

// The signed-in user's saved language, handed from the auth step to Paraglide's strategy.
const userLocales = new WeakMap<Request, Locale>();
defineCustomServerStrategy('custom-user', {
	getLocale: (request) => request && userLocales.get(request)
});

const handleAuth: Handle = async ({ event, resolve }) => {
	event.locals.requestId = randomUUID();
	event.locals.user = null;
	event.locals.session = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const { session, user, fresh } = validateSessionToken(token);
		if (session) {
			event.locals.user = user;
			event.locals.session = session;
			if (fresh) setSessionCookie(event.cookies, event.url, token, session.expiresAt);
			if (user.locale) {
				userLocales.set(event.request, user.locale);
				// Keep the client-side runtime (which reads the cookie) in step with the setting.
				if (event.cookies.get(cookieName) !== user.locale) {
					event.cookies.set(cookieName, user.locale, {
						path: '/',
						httpOnly: false,
						sameSite: 'lax',
						maxAge: 400 * 24 * 3600
					});
				}
			}
		} else {
			deleteSessionCookie(event.cookies, event.url);
		}
	}
	return resolve(event);
};

// Each request's language, read by every message function through Paraglide's runtime.
const localeStorage = new AsyncLocalStorage<{
	locale?: Locale;
	origin?: string;
	messageCalls?: Set<string>;
	/** The signed-in person's time zone, which times are written in (reader-zone.ts). */
	timeZone?: string;
}>();
overwriteServerAsyncLocalStorage(localeStorage);
setReaderTimeZoneSource(() => localeStorage.getStore()?.timeZone);

/**
 * What Paraglide's `paraglideMiddleware` does for this app, without what it is there for in
 * others: it copied every request (`new Request(request.clone())`, for URL-prefixed locales,
 * which Hameau does not use) and parsed its URL twice more: 10–20% of a page's CPU
 * (bench/results/2026-12-04-pages-locale.md).
 */
const handleLocale: Handle = async ({ event, resolve }) => {
	const locale = await extractLocaleFromRequestAsync(event.request);
	const timeZone = event.locals.user?.timeZone ?? undefined;
	const store = { locale, origin: event.url.origin, messageCalls: new Set<string>(), timeZone };
	const theme = themeClass(event.locals.user?.theme);
	return localeStorage.run(store, async () => {
		const response = await resolve(event, {
			// The theme class too, so the first paint is already light or dark (no flash).
			transformPageChunk: ({ html }) => fillHtmlTag(html, locale, theme)
		});
		return errorPageInLanguage(response, locale, theme);
	});
};

/**
 * SvelteKit's own error page (src/error.html: a download's error opened in the browser) in the
 * reader's language and theme. A rendered page carries its policy; this one has none yet.
 */
async function errorPageInLanguage(
	response: Response,
	locale: string,
	theme: ThemeClass
): Promise<Response> {
	if (
		response.status < 400 ||
		response.headers.has('Content-Security-Policy') ||
		!response.headers.get('Content-Type')?.startsWith('text/html')
	) {
		return response;
	}
	const html = localizeErrorPage(await response.text(), response.status, locale, theme);
	const headers = new Headers(response.headers);
	headers.delete('Content-Length');
	return new Response(html, { status: response.status, headers });
}

/**
 * Fills the `<html>` tag's placeholders (app.html): only that tag is searched and copied, not a
 * board's hundreds of kilobytes after it. A chunk without the tag (a streamed page's later ones)
 * is left as it is.
 */
function fillHtmlTag(html: string, locale: string, theme: string): string {
	const start = html.indexOf('<html');
	if (start < 0) return html;
	const end = html.indexOf('>', start) + 1;
	const tag = html
		.slice(0, end)
		.replace('%paraglide.lang%', locale)
		.replace('%hameau.theme%', theme);
	return tag + html.slice(end);
}

// Anything HTML that SvelteKit did not render as a page (the HTML export, the fallback error
// page): no script, no plugin, no form, no framing; its own inline styles only.
const LOCKED_DOWN_POLICY =
	"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const handleHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	// Invitation tokens travel in URLs: never leak them to other sites through the Referer.
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('X-Frame-Options', 'DENY');
	response.headers.set('Permissions-Policy', PERMISSIONS_POLICY);
	if (config().origin?.startsWith('https://')) {
		response.headers.set('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
	}
	const policy = response.headers.get('Content-Security-Policy');
	if (policy) {
		const sources = connectSources(event.url, config().livekit.url);
		response.headers.set('Content-Security-Policy', withConnectSources(policy, sources));
	} else if (response.headers.get('Content-Type')?.startsWith('text/html')) {
		response.headers.set('Content-Security-Policy', LOCKED_DOWN_POLICY);
	}
	return response;
};

// Room occupancy is checked against the media server at start and every few minutes, the
// presence board shows who is in which room, stand-ups say who may enter their rooms and follow
// who does, houses' link budgets follow calls and places, so does the house each participant
// stands for, and calls end with the access (membership, session) they were joined with.
export const init: ServerInit = () => {
	registerStandupRooms();
	startReconciliation();
	showRoomsOnBoard();
	followLinkBudgets();
	followParticipantHouses();
	endCallsWithAccess();
	ensureAgreementEndSweeper();
	// The knocks that rang when the process stopped lost their one-minute timers.
	resumeKnockTimers();
	// Answers-open notifications need a clock: stand-up runs are only created when someone looks.
	ensureStandupNotices();
	// Unread notifications gathered into one email per person, where SMTP is configured.
	ensureNotificationEmails();
	// The Web Push key pair is settled at start: a damaged keys file stops start-up, not a send.
	vapidDetails();
};

// Last, on the request the routes will see (Paraglide may hand on a new one).
const handleForms: Handle = ({ event, resolve }) => {
	refuseUnreadableForms(event.request);
	return resolve(event);
};

export const handle = sequence(handleHeaders, handleAuth, handleLocale, handleForms);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const requestId = event.locals.requestId ?? randomUUID();
	// 4xx raised by SvelteKit itself (unknown route, wrong content type) are the client's doing.
	if (status < 500) return { message, requestId };
	if (isClientAbort(error)) {
		logger().debug(
			{ requestId, method: event.request.method, path: event.url.pathname },
			'client left mid-request'
		);
		return { message, requestId };
	}
	logger().error(
		{ err: error, requestId, method: event.request.method, path: event.url.pathname, status },
		'unexpected error'
	);
	return { message: 'Internal Error', requestId };
};
