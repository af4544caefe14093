import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { cookieName, getLocale } from '$lib/paraglide/runtime';
import { isConfirmed } from '$lib/forms/confirm';
import {
	deleteAccount,
	deletionPlan,
	type DeletionBlocker,
	type Space
} from '$lib/server/account/deletion';
import { nameField, passwordMessage } from '$lib/server/auth/account-forms';
import { passwordCheckWait } from '$lib/server/auth/attempts';
import { deleteSessionCookie } from '$lib/server/auth/cookie';
import { requireUser } from '$lib/server/auth/guard';
import { passwordProblem, verifyPassword } from '$lib/server/auth/password';
import {
	invalidateOtherSessions,
	invalidateUserSession,
	listUserSessions
} from '$lib/server/auth/session';
import { getUserById, setPassword, setTheme, updateProfile } from '$lib/server/auth/user';
import {
	deleteFeed,
	endFeedWithSessions,
	feedOf,
	issueFeedToken,
	setFeedIncludesPlans
} from '$lib/server/calendar/feeds';
import { config } from '$lib/server/config';
import { locales, themes } from '$lib/server/db/schema';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { isInHouseDirectory, setHouseDirectory } from '$lib/server/operators/directory';
import { publishProfileChanged } from '$lib/server/presence/events';
import { timeZonesOfPersonHouses } from '$lib/server/houses/person-time-zone';
import { isTimeZone, timeZoneGroups } from '$lib/server/time-zones';
import { describeUserAgent } from '$lib/user-agent';
import type { Actions, PageServerLoad } from './$types';

/** The signed-in user and the id of the session making this request. */
function signedIn(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const user = requireUser(event);
	// requireUser passed, so the hook has set both; a user without a session would be a bug.
	const session = event.locals.session;
	if (!session) throw new Error('Signed-in user without a session');
	return { user, sessionId: session.id };
}

/** What the page needs of a space: its name and where to act on it (never its id). */
const shown = ({ name, slug }: Space) => ({ name, slug });
const shownBlockers = (blockers: DeletionBlocker[]) =>
	blockers.map(({ kind, space }) => ({ kind, space: shown(space) }));

/** The zone the picker offers someone with none saved, until the page knows the device's. */
const DEFAULT_PROFILE_TIME_ZONE = 'Europe/Paris';

/** The page a deleted account lands on: the log-in page, saying so. */
const ACCOUNT_DELETED_PATH = '/login?account=deleted';

export const load: PageServerLoad = (event) => {
	const { user, sessionId } = signedIn(event);
	const sessions = listUserSessions(user.id)
		.map((session) => ({
			id: session.id,
			...describeUserAgent(session.userAgent),
			createdAt: session.createdAt,
			lastSeenAt: session.lastSeenAt,
			current: session.id === sessionId
		}))
		// This device first, then the others by last activity (as listed).
		.sort((a, b) => Number(b.current) - Number(a.current));
	return {
		profile: {
			name: user.name,
			email: user.email,
			locale: user.locale ?? getLocale(),
			timeZone: getUserById(user.id)?.timeZone ?? null
		},
		timeZones: {
			fallback: DEFAULT_PROFILE_TIME_ZONE,
			// The zones of their houses, the app's usual one and UTC; every zone (32 kB with its
			// options) only when asked for: a zone is chosen once, the page is loaded often.
			suggested: [...timeZonesOfPersonHouses(user.id), DEFAULT_PROFILE_TIME_ZONE, 'UTC'],
			groups: event.url.searchParams.get('zones') === 'all' ? timeZoneGroups : null
		},
		houseDirectory: isInHouseDirectory(user.id),
		theme: user.theme ?? ('system' as const),
		calendarFeed: feedOf(user.id),
		sessions,
		deletion: (() => {
			const plan = deletionPlan(user.id);
			return {
				blockers: shownBlockers(plan.blockers),
				companiesGoing: plan.companiesGoing.map(shown),
				operatorsGoing: plan.operatorsGoing.map(shown)
			};
		})()
	};
};

// The object's message is the one given for a field missing from the request altogether.
const profileSchema = v.object(
	{
		name: nameField(80),
		locale: v.picklist(locales, () => m.profile_locale_invalid()),
		// Optional so that a form without it (an older page) leaves the zone as it is.
		timeZone: v.optional(
			v.pipe(
				v.string(),
				v.check(isTimeZone, () => m.profile_time_zone_invalid())
			)
		)
	},
	() => m.error_required()
);

// 'system' is no theme of its own: the device's setting decides.
const themeSchema = v.object(
	{ theme: v.picklist([...themes, 'system'], () => m.app_theme_invalid()) },
	() => m.app_theme_invalid()
);

const required = () =>
	v.pipe(
		v.string(),
		v.nonEmpty(() => m.error_required())
	);
const passwordSchema = v.object(
	{ currentPassword: required(), newPassword: required(), confirmPassword: required() },
	() => m.error_required()
);

const sessionSchema = v.object(
	{
		sessionId: v.pipe(
			v.string(),
			v.nonEmpty(() => m.profile_session_not_found())
		)
	},
	() => m.profile_session_not_found()
);

export const actions: Actions = {
	profile: async (event) => {
		const { user } = signedIn(event);
		const parsed = parseForm(profileSchema, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, {
				action: 'profile' as const,
				values: parsed.values,
				errors: parsed.errors
			});
		}
		const { name, locale, timeZone } = parsed.data;
		updateProfile(user.id, { name, locale, ...(timeZone ? { timeZone } : {}) });
		// Open boards show the name and the day in the person's zone: their card follows.
		publishProfileChanged(user.id);
		// The browser's Paraglide runtime reads the language from this cookie, and it is what a
		// signed-out visitor on this device keeps: it must agree with the new setting at once.
		event.cookies.set(cookieName, locale, {
			path: '/',
			httpOnly: false,
			sameSite: 'lax',
			maxAge: 400 * 24 * 3600
		});
		// The layout load of this same request reads locals: show the new name there already.
		event.locals.user = { ...user, name, locale };
		return { action: 'profile' as const, success: true, locale };
	},

	theme: async (event) => {
		const { user } = signedIn(event);
		const parsed = parseForm(themeSchema, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { action: 'theme' as const, values: parsed.values, errors: parsed.errors });
		}
		const theme = parsed.data.theme === 'system' ? null : parsed.data.theme;
		setTheme(user.id, theme);
		// The layout load of this same request reads locals: its answer carries the new theme.
		event.locals.user = { ...user, theme };
		return { action: 'theme' as const, success: true };
	},

	password: async (event) => {
		const { user, sessionId } = signedIn(event);
		const parsed = parseForm(passwordSchema, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, {
				action: 'password' as const,
				values: parsed.values,
				errors: parsed.errors
			});
		}
		const wait = passwordCheckWait(user.id);
		if (wait > 0) {
			const errors: FieldErrors = { currentPassword: m.auth_rate_limited({ minutes: wait }) };
			return fail(429, { action: 'password' as const, values: parsed.values, errors });
		}
		const { currentPassword, newPassword, confirmPassword } = parsed.data;
		const account = getUserById(user.id);
		if (!account) error(404, 'Not Found');
		const errors: FieldErrors = {};
		const currentIsRight = await verifyPassword(account.passwordHash, currentPassword);
		if (!currentIsRight) errors.currentPassword = m.profile_wrong_password();
		const problem = passwordProblem(newPassword, account.email);
		if (problem) errors.newPassword = passwordMessage(problem);
		// The same password again changes nothing, though "Password changed" would say it did (and
		// sign out the other devices); "Sign out everywhere else" is the button for that.
		else if (currentIsRight && newPassword === currentPassword) {
			errors.newPassword = m.profile_password_unchanged();
		}
		if (confirmPassword !== newPassword) errors.confirmPassword = m.profile_password_mismatch();
		if (Object.keys(errors).length > 0) {
			return fail(400, { action: 'password' as const, values: parsed.values, errors });
		}
		await setPassword(user.id, newPassword);
		// Whoever might know the old password is signed out everywhere but here.
		const signedOut = invalidateOtherSessions(user.id, sessionId);
		const feedEnded = endFeedWithSessions(user.id);
		return { action: 'password' as const, success: true, signedOut, feedEnded };
	},

	revoke: async (event) => {
		const { user, sessionId } = signedIn(event);
		const parsed = parseForm(sessionSchema, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { action: 'revoke' as const, values: parsed.values, errors: parsed.errors });
		}
		const refuse = (message: string) => {
			const errors: FieldErrors = { sessionId: message };
			return fail(400, { action: 'revoke' as const, values: parsed.values, errors });
		};
		// This device signs out through "Log out", which also clears its cookie.
		if (parsed.data.sessionId === sessionId) return refuse(m.profile_session_is_current());
		if (!invalidateUserSession(user.id, parsed.data.sessionId)) {
			return refuse(m.profile_session_not_found());
		}
		return { action: 'revoke' as const, success: true };
	},

	// A checkbox: present ("on") means listed, absent means not.
	houseDirectory: async (event) => {
		const { user } = signedIn(event);
		const form = await event.request.formData();
		setHouseDirectory(user.id, form.get('houseDirectory') === 'on');
		return { action: 'houseDirectory' as const, success: true };
	},

	// Creating and resetting are the same act: a new secret URL, shown this once.
	calendarFeed: (event) => {
		const { user } = signedIn(event);
		const existed = feedOf(user.id) !== null;
		const token = issueFeedToken(user.id);
		const url = `${config().origin ?? event.url.origin}/calendar/${token}.ics`;
		return { action: 'calendarFeed' as const, success: true, reset: existed, url };
	},

	/** Turns the feed off: its address answers 404, as after a reset; a new one can be made later. */
	calendarFeedOff: (event) => {
		const { user } = signedIn(event);
		deleteFeed(user.id);
		return { action: 'calendarFeedOff' as const, success: true };
	},

	calendarPlans: async (event) => {
		const { user } = signedIn(event);
		const form = await event.request.formData();
		if (!setFeedIncludesPlans(user.id, form.get('includePlans') === 'on')) {
			return fail(404, { action: 'calendarPlans' as const, error: m.calendar_feed_missing() });
		}
		return { action: 'calendarPlans' as const, success: true };
	},

	/**
	 * Re-authentication first (the password, throttled as for a password change), then the rules
	 * (deletion.ts); posted without the dialog's confirmation, the page asks in place instead.
	 */
	deleteAccount: async (event) => {
		const { user } = signedIn(event);
		const formData = await event.request.formData();
		const password = formData.get('password');
		const refuse = (status: number, errors: FieldErrors, blockers: DeletionBlocker[] = []) =>
			fail(status, {
				action: 'deleteAccount' as const,
				errors,
				blockers: shownBlockers(blockers)
			});
		if (typeof password !== 'string' || password === '') {
			return refuse(400, { password: m.error_required() });
		}
		const wait = passwordCheckWait(user.id);
		if (wait > 0) return refuse(429, { password: m.auth_rate_limited({ minutes: wait }) });
		const account = getUserById(user.id);
		if (!account) error(404, 'Not Found');
		if (!(await verifyPassword(account.passwordHash, password))) {
			return refuse(400, { password: m.profile_wrong_password() });
		}
		const { blockers } = deletionPlan(user.id);
		if (blockers.length > 0) {
			return refuse(409, { password: m.profile_delete_blocked_field() }, blockers);
		}
		if (!isConfirmed(formData)) return { action: 'deleteAccount' as const, confirm: true };
		const result = deleteAccount(user.id);
		if (!result.ok) {
			// A role changed between the check above and the transaction: say what is left to do.
			if (result.reason === 'blocked') {
				return refuse(409, { password: m.profile_delete_blocked_field() }, result.blockers);
			}
			error(404, 'Not Found');
		}
		deleteSessionCookie(event.cookies, event.url);
		// The layout load of this same request must not show the account any more.
		event.locals.user = null;
		event.locals.session = null;
		redirect(303, ACCOUNT_DELETED_PATH);
	},

	revokeOthers: (event) => {
		const { user, sessionId } = signedIn(event);
		const signedOut = invalidateOtherSessions(user.id, sessionId);
		const feedEnded = endFeedWithSessions(user.id);
		return { action: 'revokeOthers' as const, success: true, signedOut, feedEnded };
	}
};
