// What a person reads when the app refuses a call's token or a moderation fails: a reason in the
// page's language, never the answer's status and raw body ("404 {"message":"Not Found"}") or the
// browser's English ("TypeError: Failed to fetch").
import { afterEach, describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import { moderationFailure, refusalReason } from './api';

afterEach(() => overwriteGetLocale(() => 'en'));

describe('a refused token', () => {
	it('says why in words, in English and in French', () => {
		expect(m.video_state_failed({ reason: refusalReason(404) })).toBe(
			'Could not join the room: this room is archived, or you no longer have access to it.'
		);
		expect(refusalReason(403)).toBe(refusalReason(404));
		expect(refusalReason(401)).toBe('you are signed out; sign in again to join.');
		expect(refusalReason(500)).toBe(
			'the server did not answer as expected; try again in a moment.'
		);
		overwriteGetLocale(() => 'fr');
		expect(refusalReason(404)).toBe('cette salle est archivée, ou vous n’y avez plus accès.');
		expect(refusalReason(401)).toBe(
			'votre session est terminée\u202f; reconnectez-vous pour entrer.'
		);
	});
});

describe('a moderation that did not work', () => {
	it('names the cause by the answer, and says nothing when it worked', () => {
		expect(moderationFailure(new Response(null, { status: 200 }))).toBeNull();
		expect(moderationFailure(new Response('{"message":"Not in this room"}', { status: 404 }))).toBe(
			'they are no longer in the call.'
		);
		expect(moderationFailure(new Response(null, { status: 403 }))).toBe(
			'only managers can do this.'
		);
		expect(moderationFailure(new Response(null, { status: 503 }))).toBe(m.video_unavailable());
		expect(moderationFailure(new Response(null, { status: 502 }))).toBe(
			'the media server did not answer; try again.'
		);
		expect(moderationFailure(null)).toBe('the connection dropped; try again.');
		overwriteGetLocale(() => 'fr');
		expect(moderationFailure(null)).toBe('la connexion a été coupée\u202f; réessayez.');
	});
});
