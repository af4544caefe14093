// Every message that counts something reads as a sentence for every count, in both languages.
// French has a third plural form beside "one" and "other": "many", for exact millions (CLDR:
// 1 000 000 résultats, 2 000 000 personnes-jours). A message that named only "one" and "other"
// gave its own key ("search_result_count") for those counts; French messages now end on "*".
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { m } from '../../src/lib/paraglide/messages';

const MESSAGES = join(import.meta.dirname, '../../messages');

type Variant = { declarations?: string[]; match?: Record<string, string> };

/** Each message of a language file that selects on a plural, with all its inputs. */
function pluralMessages(language: 'en' | 'fr'): Array<{ key: string; inputs: string[] }> {
	const found: Array<{ key: string; inputs: string[] }> = [];
	for (const area of readdirSync(MESSAGES)) {
		const path = join(MESSAGES, area, `${language}.json`);
		const file = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
		for (const [key, value] of Object.entries(file)) {
			if (!Array.isArray(value)) continue;
			const declarations = (value as Variant[]).flatMap((variant) => variant.declarations ?? []);
			if (!declarations.some((declaration) => declaration.includes(': plural'))) continue;
			const inputs = declarations.flatMap((declaration) => {
				const input = /^input (\w+)$/.exec(declaration);
				return input ? [input[1]!] : [];
			});
			found.push({ key, inputs });
		}
	}
	return found;
}

// One, zero (one in French), two, and every CLDR form of both languages, "many" included.
const COUNTS = [0, 1, 2, 7, 1_000_000, 2_000_000];

describe('messages with a count', () => {
	for (const language of ['en', 'fr'] as const) {
		it(`read as a sentence for every count in ${language}`, () => {
			const messages = pluralMessages(language);
			expect(messages.length).toBeGreaterThan(40);
			const broken: string[] = [];
			for (const { key, inputs } of messages) {
				const message = (m as unknown as Record<string, (...args: unknown[]) => string>)[key];
				expect(message, key).toBeTypeOf('function');
				for (const count of COUNTS) {
					const values = Object.fromEntries(inputs.map((input) => [input, count]));
					const text = message!(values, { locale: language });
					if (text === key || text.includes(key)) broken.push(`${key} (${count})`);
				}
			}
			expect(broken).toEqual([]);
		});
	}

	it('says millions in French with the plural', () => {
		expect(m.search_result_count({ count: 1_000_000 }, { locale: 'fr' })).toBe('1000000 résultats');
	});
});
