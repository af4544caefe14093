// A house's declared internet link, through the house pages' own form actions: the private
// house's managers and the operated house's admins set it (optional, bounded, errors beside the
// field), it is audited, and nobody else changes it.
import { isActionFailure, isHttpError, type ActionFailure } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';

const { db } = useTempDatabase();
const { addMember, makeCompany, makeHouse, makeUser } = await import('../helpers/factories');
const { auditEvents, houses, operatorAuditEvents } = await import('../../src/lib/server/db/schema');
const { createOperator } = await import('../../src/lib/server/operators/operators');
const { createOperatorHouse } = await import('../../src/lib/server/operators/houses');
const companyHousePage =
	await import('../../src/routes/(app)/[company]/houses/[house]/+page.server');
const operatorHousePage =
	await import('../../src/routes/operators/[operator]/houses/[house]/+page.server');

type User = Awaited<ReturnType<typeof makeUser>>;

/** A form post as SvelteKit hands it to an action. */
function post(
	user: User,
	params: Record<string, string>,
	fields: Record<string, string | string[]>
) {
	const form = new FormData();
	for (const [name, value] of Object.entries(fields)) {
		for (const one of Array.isArray(value) ? value : [value]) form.append(name, one);
	}
	const url = new URL('http://localhost/form');
	return {
		locals: {
			user: { id: user.id, email: user.email, name: user.name, locale: null, theme: null }
		},
		params,
		url,
		request: new Request(url, { method: 'POST', body: form })
	} as never;
}

const houseFields = {
	name: 'Maison Murat',
	commune: 'Murat',
	address: '',
	seats: '6',
	timeZone: 'Europe/Paris',
	monthlyCost: '900'
};

function linkOf(houseId: string) {
	return db()
		.select({ up: houses.uplinkKbps, down: houses.downlinkKbps })
		.from(houses)
		.where(eq(houses.id, houseId))
		.get();
}

async function refusal(run: () => unknown): Promise<number> {
	try {
		await run();
	} catch (error) {
		if (isHttpError(error)) return error.status;
		throw error;
	}
	throw new Error('not refused');
}

describe('a private house’s link', () => {
	it('is set by a manager, read as people write it, cleared when empty, and audited', async () => {
		const owner = await makeUser('Margaux Lefèvre');
		const company = makeCompany(owner);
		const house = makeHouse(company, owner);
		const params = { company: company.slug, house: house.id };
		const update = companyHousePage.actions.update!;

		const saved = await update(
			post(owner, params, { ...houseFields, uplink: '512', downlink: '2 000' })
		);
		expect(saved).toEqual({ action: 'update', success: true });
		expect(linkOf(house.id)).toEqual({ up: 512, down: 2000 });
		const audit = db()
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.companyId, company.id), eq(auditEvents.action, 'house.updated')))
			.all();
		expect(audit.at(-1)?.details).toEqual({ uplinkKbps: 512, downlinkKbps: 2000 });

		await update(post(owner, params, { ...houseFields, uplink: '', downlink: '' }));
		expect(linkOf(house.id)).toEqual({ up: null, down: null });
	});

	it('refuses figures out of bounds, beside the field, and keeps the saved link', async () => {
		const owner = await makeUser('Margaux Lefèvre');
		const company = makeCompany(owner);
		const house = makeHouse(company, owner, { uplinkKbps: 512 });
		const params = { company: company.slug, house: house.id };
		for (const [uplink, downlink] of [
			['12', ''],
			['512', '2000000'],
			['5,5', ''],
			['-512', '']
		]) {
			const result = await companyHousePage.actions.update!(
				post(owner, params, { ...houseFields, uplink, downlink })
			);
			expect(isActionFailure(result)).toBe(true);
			const { errors } = (result as ActionFailure<{ errors: Record<string, string> }>).data;
			const field = uplink === '512' ? 'downlink' : 'uplink';
			expect(Object.keys(errors)).toEqual([field]);
			expect(errors[field]).toContain('64');
		}
		expect(linkOf(house.id)).toEqual({ up: 512, down: null });
	});

	it('is not a member’s to change, nor another company’s', async () => {
		const owner = await makeUser('Margaux Lefèvre');
		const member = await makeUser('Bastien Roux');
		const company = makeCompany(owner);
		addMember(company, owner, member, 'member');
		const house = makeHouse(company, owner);
		const stranger = await makeUser('Chloé Martin');
		makeCompany(stranger);
		const fields = { ...houseFields, uplink: '512', downlink: '' };
		const params = { company: company.slug, house: house.id };
		const update = companyHousePage.actions.update!;
		expect(await refusal(() => update(post(member, params, fields)))).toBe(403);
		expect(await refusal(() => update(post(stranger, params, fields)))).toBe(404);
		expect(linkOf(house.id)).toEqual({ up: null, down: null });
	});
});

describe('an operated house’s link', () => {
	it('is set by the operator’s admin and audited in the operator’s log', async () => {
		const admin = await makeUser('Odile Admin');
		const operator = createOperator(admin.id, 'Tiers-lieux du Cantal');
		const house = createOperatorHouse(
			operator.id,
			{ userId: admin.id, role: 'admin' },
			{
				name: 'Maison Murat',
				commune: 'Murat',
				address: '',
				seats: 10,
				timeZone: 'Europe/Paris',
				openingDays: [1, 2, 3, 4, 5],
				opensAt: '08:30',
				closesAt: '18:30',
				listed: false,
				uplinkKbps: null,
				downlinkKbps: null
			}
		)!;
		const fields = {
			name: 'Maison Murat',
			commune: 'Murat',
			address: '',
			seats: '10',
			timeZone: 'Europe/Paris',
			openingDays: ['1', '2', '3', '4', '5'],
			opensAt: '08:30',
			closesAt: '18:30'
		};
		const params = { operator: operator.slug, house: house.id };
		const update = operatorHousePage.actions.update!;
		const failed = await update(post(admin, params, { ...fields, uplink: '63', downlink: '' }));
		expect(isActionFailure(failed)).toBe(true);
		await update(post(admin, params, { ...fields, uplink: '384', downlink: '4096' }));
		expect(linkOf(house.id)).toEqual({ up: 384, down: 4096 });
		const audit = db()
			.select()
			.from(operatorAuditEvents)
			.where(eq(operatorAuditEvents.operatorId, operator.id))
			.all();
		expect(audit.at(-1)).toMatchObject({
			action: 'house.updated',
			details: { uplinkKbps: 384, downlinkKbps: 4096 }
		});
		// Someone who is not the operator's: the house does not exist for them.
		const outsider = await makeUser('Bastien Roux');
		expect(
			await refusal(() => update(post(outsider, params, { ...fields, uplink: '64', downlink: '' })))
		).toBe(404);
	});
});
