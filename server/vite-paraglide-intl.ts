// Paraglide's generated registry builds a new Intl.PluralRules (NumberFormat, RelativeTimeFormat)
// at every call of a message with a plural or a number, and a board renders hundreds of them:
// building one costs far more than using it. This plugin rewrites the registry as Vite loads it
// so that it keeps one formatter per kind, locale and options (a few languages, a few option
// sets), as src/lib/format.ts does for ours. The generated file itself is left as Paraglide
// wrote it; when a new Paraglide writes it otherwise, the build says so and goes on uncached.
import type { Plugin } from 'vite';

const REGISTRY = /[/\\]paraglide[/\\]registry\.js$/;
const CONSTRUCTION = /new Intl\.(PluralRules|NumberFormat|RelativeTimeFormat)\(locale, (\w+)\)/g;

const CACHE = `
const hameauIntlCache = new Map();
function hameauIntl(Kind, locale, options) {
	const key = Kind.name + ' ' + locale + ' ' + JSON.stringify(options ?? null);
	let made = hameauIntlCache.get(key);
	if (!made) hameauIntlCache.set(key, (made = new Kind(locale, options)));
	return made;
}
`;

/** Rewrites the registry's `new Intl.X(locale, options)` into a cached one (null: not the registry). */
export function cachedIntlRegistry(code: string, id: string): string | null {
	if (!REGISTRY.test(id.split('?')[0])) return null;
	const rewritten = code.replace(
		CONSTRUCTION,
		(_, kind: string, options: string) => `hameauIntl(Intl.${kind}, locale, ${options})`
	);
	return rewritten === code ? code : rewritten + CACHE;
}

export function paraglideIntlCachePlugin(): Plugin {
	return {
		name: 'hameau-paraglide-intl-cache',
		transform(code, id) {
			const rewritten = cachedIntlRegistry(code, id);
			if (rewritten === null) return null;
			if (rewritten === code) {
				this.warn('Paraglide registry: no Intl construction found to cache (new Paraglide?)');
				return null;
			}
			return { code: rewritten, map: null };
		}
	};
}
