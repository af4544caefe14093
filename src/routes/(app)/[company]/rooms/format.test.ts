// What each room's card says it is. Found on a tour: a stand-up's room read "Meeting", and in French
// the all-hands card said "Toute l’entreprise" twice, as its name and as its kind.
import { afterEach, describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { roomKindLabel, roomTitle } from './format';

afterEach(() => overwriteGetLocale(() => 'en'));

describe('a room card’s kind', () => {
	it('calls a stand-up’s room a stand-up room, not a meeting', () => {
		expect(roomKindLabel('standup')).toBe('Stand-up room');
		overwriteGetLocale(() => 'fr');
		expect(roomKindLabel('standup')).toBe('Salle du stand-up');
		expect(roomKindLabel('meeting')).toBe('Réunion');
	});

	it('does not repeat the all-hands room’s name, in either language', () => {
		for (const locale of ['en', 'fr'] as const) {
			overwriteGetLocale(() => locale);
			const allHands = { kind: 'all_hands' as const, name: '' };
			expect(roomKindLabel('all_hands')).not.toBe(roomTitle(allHands));
		}
	});
});
