// What the results page says of a search, in both languages: how many it found, that a kind
// listed to the page's limit may hold more, that it found nothing; nothing before a search.
import { afterEach, describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '../../src/lib/paraglide/runtime';
import { searchSummary, type SearchGroup } from '../../src/routes/(app)/[company]/search/results';

afterEach(() => overwriteGetLocale(() => 'en'));

function group(kind: SearchGroup['kind'], size: number): SearchGroup {
	return {
		kind,
		title: kind,
		items: Array.from({ length: size }, (_, index) => ({
			key: `${kind}-${index}`,
			href: `/atelier/${kind}/${index}`,
			label: [{ text: `${kind} ${index}`, hit: false }],
			detail: []
		}))
	};
}

describe('the search page’s summary', () => {
	it('counts every kind together, and says nothing before a search', () => {
		expect(searchSummary([group('people', 1)], 'inès', 25)).toBe('1 result for “inès”.');
		expect(searchSummary([group('people', 2), group('houses', 3)], 'cau', 25)).toBe(
			'5 results for “cau”.'
		);
		expect(searchSummary([], 'zzqx', 25)).toBe('Nothing found for “zzqx”.');
		expect(searchSummary([], '', 25)).toBe('');
	});

	it('says when a kind reached the page’s limit, so more may match', () => {
		expect(searchSummary([group('documents', 25), group('people', 2)], 'plan', 25)).toBe(
			'27 results for “plan”: the first 25 of each kind. Add a word to narrow the search.'
		);
	});

	it('speaks French', () => {
		overwriteGetLocale(() => 'fr');
		expect(searchSummary([group('people', 1)], 'inès', 25)).toBe(
			'1 résultat pour «\u202finès\u202f».'
		);
		expect(searchSummary([group('documents', 25)], 'plan', 25)).toBe(
			'25 résultats pour «\u202fplan\u202f»\u202f: les 25 premiers de chaque sorte. Ajoutez un mot pour affiner la recherche.'
		);
	});
});
