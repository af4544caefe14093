import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cachedIntlRegistry } from '../../server/vite-paraglide-intl';
import { plural } from '../../src/lib/paraglide/registry.js';

describe('Paraglide’s registry with its Intl objects kept', () => {
	it('builds one PluralRules per locale and options however many messages ask', () => {
		const built: unknown[] = [];
		const Original = Intl.PluralRules;
		class Counting extends Original {
			constructor(...args: ConstructorParameters<typeof Intl.PluralRules>) {
				super(...args);
				built.push(args);
			}
		}
		const intl = Intl as { PluralRules: typeof Intl.PluralRules };
		intl.PluralRules = Counting as typeof Intl.PluralRules;
		try {
			const answers = [1, 2, 1, 5].map((count) => plural('en', count, {}));
			plural('fr', 0, {});
			plural('fr', 3, { type: 'ordinal' });
			expect(answers).toEqual(['one', 'other', 'one', 'other']);
			expect(plural('fr', 0, {})).toBe('one');
			// At most one per (locale, options) whatever the calls (none if an earlier test built them).
			expect(built.length).toBeLessThanOrEqual(3);
		} finally {
			intl.PluralRules = Original;
		}
	});

	it('rewrites every construction of the generated file, and leaves other files alone', () => {
		const path = 'src/lib/paraglide/registry.js';
		const rewritten = cachedIntlRegistry(readFileSync(path, 'utf8'), `/x/${path}`);
		expect(rewritten).not.toMatch(
			/new Intl\.(PluralRules|NumberFormat|RelativeTimeFormat)\(locale/
		);
		expect(rewritten).toContain('hameauIntl(Intl.PluralRules, locale, options)');
		expect(
			cachedIntlRegistry('new Intl.PluralRules(locale, options)', '/x/src/other.js')
		).toBeNull();
	});
});
