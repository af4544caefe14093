// Sign-up and log-in as form actions share: validation, throttling, session cookie.
import type { RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { FieldErrors } from '../forms';
import {
	logInWait,
	recordLogInFailure,
	recordLogInSuccess,
	signUpWait,
	type LogInWait
} from './attempts';
import { setSessionCookie } from './cookie';
import { passwordProblem, type PasswordProblem } from './password';
import { createSession, generateSessionToken } from './session';
import { authenticate, createUser, EmailTakenError, updateProfile } from './user';
import { isTimeZone } from '../time-zones';
import type { User } from '../db/schema';
import { publishProfileChanged } from '../presence/events';

export const emailField = () =>
	v.pipe(
		v.string(() => m.error_required()),
		v.trim(),
		v.nonEmpty(() => m.error_required()),
		v.maxLength(254, () => m.error_too_long({ max: 254 })),
		v.email(() => m.error_email())
	);

export const nameField = (max = 80) =>
	v.pipe(
		v.string(() => m.error_required()),
		v.trim(),
		v.nonEmpty(() => m.error_required()),
		v.maxLength(max, () => m.error_too_long({ max }))
	);

// A field missing from the request altogether gets the same message as an empty one.
const required = () => m.error_required();

/**
 * The browser's zone, sent silently by the sign-up and log-in forms: an unknown or missing value
 * is dropped, never an error (the person did not type it).
 */
const browserTimeZone = v.optional(
	v.pipe(
		v.unknown(),
		v.transform((value) => (typeof value === 'string' && isTimeZone(value) ? value : undefined))
	)
);

export const signupSchema = v.object({
	name: nameField(),
	email: emailField(),
	password: v.pipe(v.string(required), v.nonEmpty(required)),
	timeZone: browserTimeZone
});

export const loginSchema = v.object({
	email: emailField(),
	password: v.pipe(v.string(required), v.nonEmpty(required)),
	timeZone: browserTimeZone
});

export function passwordMessage(problem: PasswordProblem): string {
	switch (problem) {
		case 'too_short':
			return m.auth_password_too_short();
		case 'too_long':
			return m.auth_password_too_long();
		case 'same_as_email':
			return m.auth_password_same_as_email();
		case 'too_common':
			return m.auth_password_too_common();
	}
}

export type AccountResult =
	{ ok: true; user: User } | { ok: false; errors: FieldErrors; status: 400 | 429 };

/** Signs the user in on this device: a new session and its cookie. */
export function startSession(event: RequestEvent, userId: string) {
	const token = generateSessionToken();
	const session = createSession(token, userId, {
		userAgent: event.request.headers.get('user-agent') ?? '',
		ipAddress: event.getClientAddress()
	});
	setSessionCookie(event.cookies, event.url, token, session.expiresAt);
}

/** Creates the account and signs the new user in; field errors otherwise. */
export async function signUp(
	event: RequestEvent,
	input: v.InferOutput<typeof signupSchema>
): Promise<AccountResult> {
	const wait = signUpWait(event.getClientAddress());
	if (wait > 0)
		return { ok: false, status: 429, errors: { form: m.auth_rate_limited({ minutes: wait }) } };
	const problem = passwordProblem(input.password, input.email);
	if (problem) return { ok: false, status: 400, errors: { password: passwordMessage(problem) } };
	try {
		const user = await createUser({
			...input,
			locale: getLocale(),
			timeZone: input.timeZone ?? null
		});
		startSession(event, user.id);
		return { ok: true, user };
	} catch (error) {
		if (error instanceof EmailTakenError) {
			return { ok: false, status: 400, errors: { email: m.auth_email_taken() } };
		}
		throw error;
	}
}

/** Checks the credentials and signs the user in; one message for any mismatch. */
export async function logIn(
	event: RequestEvent,
	input: v.InferOutput<typeof loginSchema>
): Promise<AccountResult> {
	const address = event.getClientAddress();
	const wait = logInWait(address, input.email);
	if (wait.kind !== 'none') return { ok: false, status: 429, errors: throttledErrors(wait) };
	const user = await authenticate(input.email, input.password);
	if (!user) {
		recordLogInFailure(address, input.email);
		return { ok: false, status: 400, errors: { form: m.auth_wrong_credentials() } };
	}
	recordLogInSuccess(address, input.email, wait.countedAt);
	// Someone who never chose a zone gets the one of the device they sign in from.
	if (user.timeZone === null && input.timeZone) {
		updateProfile(user.id, { timeZone: input.timeZone });
		user.timeZone = input.timeZone;
		// Their day on the boards of their companies is now read in that zone.
		publishProfileChanged(user.id);
	}
	startSession(event, user.id);
	return { ok: true, user };
}

// The account's wait sits by the password, the field it is about; seconds while they are few.
function throttledErrors(wait: Exclude<LogInWait, { kind: 'none' }>): FieldErrors {
	if (wait.kind === 'address') return { form: m.auth_rate_limited({ minutes: wait.minutes }) };
	const seconds = Math.ceil(wait.ms / 1000);
	return {
		password:
			seconds <= 90
				? m.trust_auth_account_wait_seconds({ seconds })
				: m.trust_auth_account_wait_minutes({ minutes: Math.ceil(seconds / 60) })
	};
}
