import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { makeUser } from '../helpers/factories';
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
