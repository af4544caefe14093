import { describe, expect, it } from 'vitest';
import { isLoadFailure } from './load-failure';

describe('isLoadFailure', () => {
	it("knows each browser's words for a module or data that could not be fetched", () => {
		for (const message of [
			'Failed to fetch dynamically imported module: http://localhost/_app/immutable/nodes/4.js',
			'Importing a module script failed.',
			'error loading dynamically imported module: http://localhost/_app/immutable/nodes/4.js',
			'Failed to fetch',
			'NetworkError when attempting to fetch resource.',
			'Load failed'
		]) {
			expect(isLoadFailure(new TypeError(message)), message).toBe(true);
		}
	});

	it('leaves the app’s own errors alone', () => {
		expect(isLoadFailure(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(
			false
		);
		expect(isLoadFailure(new Error('Failed to fetch'))).toBe(false);
		expect(isLoadFailure('Failed to fetch')).toBe(false);
	});
});
