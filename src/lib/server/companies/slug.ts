/**
 * Paths at the top level that a company slug must never shadow (a route wins over [company], so
 * such a company's pages could not be reached). tests/companies/slug.test.ts checks that every
 * top-level route and static folder is here; a slug newly reserved also needs a migration renaming
 * the companies that already hold it (as drizzle/0015_reserved_slugs.sql did).
 */
export const reservedSlugs: ReadonlySet<string> = new Set([
	'api',
	'app',
	'auth',
	'calendar',
	'check-in',
	'admin',
	'collab',
	'companies',
	'events',
	'forgot-password',
	'healthz',
	'house-invite',
	'icons',
	'invite',
	'locale',
	'login',
	'logout',
	'new',
	'notifications',
	'offline',
	'operators',
	'profile',
	'reset-password',
	'rtc',
	'search',
	'service-worker',
	'settings',
	'signup',
	'static',
	'twirp',
	'_app'
]);

/** "Café des Écluses" → "cafe-des-ecluses": readable in a URL, stable, ASCII. */
export function slugify(name: string): string {
	const base = name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 48)
		.replace(/-+$/g, '');
	if (base.length < 2) return base ? `${base}-company` : 'company';
	return reservedSlugs.has(base) ? `${base}-company` : base;
}
