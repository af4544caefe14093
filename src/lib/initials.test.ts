import { describe, expect, it } from 'vitest';
import { initialsOf } from './initials';

describe('initialsOf', () => {
	it('takes the first letters of the first and last words', () => {
		expect(initialsOf('Alice Martin')).toBe('AM');
		expect(initialsOf('Jean de La Fontaine')).toBe('JF');
		expect(initialsOf('  élodie   roux ')).toBe('ÉR');
		expect(initialsOf('Person 1')).toBe('P1');
	});

	it('keeps a one-word name to one letter, and an empty one empty', () => {
		expect(initialsOf('Zoé')).toBe('Z');
		expect(initialsOf('')).toBe('');
	});

	it('never splits a character outside the basic plane', () => {
		expect(initialsOf('𝒜da Lovelace')).toBe('𝒜L');
	});
});
