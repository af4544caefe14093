import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { makeUser } from '../helpers/factories';
import { migrationsUpTo } from '../helpers/migrations';
import { createCompany } from '../../src/lib/server/companies/companies';
import { reservedSlugs, slugify } from '../../src/lib/server/companies/slug';

useTempDatabase();

describe('slugify', () => {
	it('drops accents and punctuation', () => {
		expect(slugify('Café des Écluses')).toBe('cafe-des-ecluses');
		expect(slugify('  L’Atelier — Sœurs & Frères !  ')).toBe('l-atelier-s-urs-freres');
		expect(slugify('Ça Göre Ñandú')).toBe('ca-gore-nandu');
	});

	it('never returns a reserved path', () => {
		for (const reserved of ['login', 'API', 'Healthz', 'invite', 'Profile', 'companies']) {
			const slug = slugify(reserved);
			expect(reservedSlugs.has(slug)).toBe(false);
			expect(slug).toBe(`${reserved.toLowerCase()}-company`);
		}
	});

	it('reserves every top-level path of the app, so no company page is hidden behind one', () => {
		const root = join(import.meta.dirname, '..', '..');
		// A route group's folders sit at the top level of the URL too: (auth)/login is /login.
		const topLevel = (dir: string): string[] =>
			readdirSync(dir, { withFileTypes: true })
				// A route named like a file (manifest.webmanifest) has a dot, which no slug has.
				.filter(
					(entry) => entry.isDirectory() && !entry.name.startsWith('[') && !entry.name.includes('.')
				)
				.flatMap((entry) =>
					entry.name.startsWith('(') ? topLevel(join(dir, entry.name)) : [entry.name]
				);
		const paths = [
			...topLevel(join(root, 'src', 'routes')),
			// Files are named with a dot, which no slug has; folders of static files are not.
			...topLevel(join(root, 'static'))
		];
		expect(paths).toContain('login');
		expect(paths).toContain('icons');
		for (const path of paths) expect(reservedSlugs, path).toContain(path);
	});

	it('makes something usable of names without letters', () => {
		expect(slugify('!!!')).toBe('company');
		expect(slugify('A')).toBe('a-company');
	});

	it('keeps slugs short and without a trailing dash', () => {
		const slug = slugify(`${'a'.repeat(47)} b c d`);
		expect(slug.length).toBeLessThanOrEqual(48);
		expect(slug).not.toMatch(/-$/);
	});
});

describe('createCompany slugs', () => {
	it('adds a numeric suffix when the slug is taken', async () => {
		const owner = await makeUser('Owner');
		const first = createCompany(owner.id, 'Café des Écluses');
		const second = createCompany(owner.id, 'Café des Écluses');
		const third = createCompany(owner.id, 'cafe des ecluses');
		expect(first.slug).toBe('cafe-des-ecluses');
		expect(second.slug).toBe('cafe-des-ecluses-2');
		expect(third.slug).toBe('cafe-des-ecluses-3');
		expect(second.name).toBe('Café des Écluses');
	});

	it('gives a reserved name a slug that does not shadow the route', async () => {
		const owner = await makeUser('Owner');
		expect(createCompany(owner.id, 'Login').slug).toBe('login-company');
	});
});

describe('the migration reserving more paths', () => {
	const dir = mkdtempSync(join(tmpdir(), 'hameau-slugs-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('renames the companies holding a newly reserved slug, and no other', () => {
		const sqlite = new Database(join(dir, 'old.db'));
		const db = drizzle(sqlite);
		migrate(db, { migrationsFolder: migrationsUpTo(dir, '0014_push_knocks_house_links') });
		sqlite.exec(`
			insert into companies (id, name, slug) values
				('a', 'Forgot password', 'forgot-password'),
				('b', 'Icons', 'icons'),
				('c', 'Icons Company', 'icons-company'),
				('d', 'Reset', 'reset'),
				('e', 'Atelier', 'atelier');
		`);
		migrate(db, { migrationsFolder: resolve('drizzle') });
		const slugs = Object.fromEntries(
			sqlite
				.prepare('select id, slug from companies')
				.all()
				.map((row) => {
					const { id, slug } = row as { id: string; slug: string };
					return [id, slug];
				})
		);
		sqlite.close();
		expect(slugs).toEqual({
			a: 'forgot-password-company',
			b: expect.stringMatching(/^icons-company-\d+$/),
			c: 'icons-company',
			d: 'reset',
			e: 'atelier'
		});
	});
});
