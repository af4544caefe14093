// A house's photo: what the bytes are (read from the bytes, not the name), who may change it, who
// may see it (the endpoint answers everyone else as if there were no photo), its caching, and that
// it goes with its house.
import { isHttpError } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import {
	actingAs,
	createOwnedCompany,
	createTeam,
	makeHouse,
	makeUser
} from '../helpers/factories';
import {
	addOperatorMember,
	linkCompany,
	makeOperatedHouse,
	makeOperator
} from '../operators/helpers';
import { extendedWebp, flatJpeg, flatPng, flatWebp, lossyWebpHeader } from './photo-fixtures';
import { fitWithin, PHOTO_MAX_BYTES } from '../../src/lib/house-photo';
import { removeMember } from '../../src/lib/server/companies/members';
import {
	auditEvents,
	housePhotos,
	houses,
	operatorAuditEvents
} from '../../src/lib/server/db/schema';
import { readImageInfo } from '../../src/lib/server/houses/image-size';
import {
	checkPhoto,
	housePhotoFor,
	housePhotoUrls,
	removeHousePhoto,
	setHousePhoto
} from '../../src/lib/server/houses/photos';
import { removeOperatorMember } from '../../src/lib/server/operators/members';
import {
	setOperatorHouseArchived,
	updateOperatorHouse
} from '../../src/lib/server/operators/houses';
import { GET } from '../../src/routes/api/houses/[house]/photo/+server';
import type { House, User } from '../../src/lib/server/db/schema';

const { db } = useTempDatabase();

const jpeg = flatJpeg(120, 90);

describe('reading what the bytes are', () => {
	it('reads the type and size of a JPEG and of WebP in its three forms', () => {
		const cases: Array<[Uint8Array, string, number, number]> = [
			[jpeg, 'image/jpeg', 120, 90],
			[flatJpeg(1600, 1067), 'image/jpeg', 1600, 1067],
			[flatWebp(640, 480), 'image/webp', 640, 480],
			// Sizes beyond 16 bits exist only in the extended form.
			[extendedWebp(70_000, 300), 'image/webp', 70_000, 300],
			[lossyWebpHeader(1024, 768), 'image/webp', 1024, 768]
		];
		for (const [bytes, type, width, height] of cases) {
			expect(readImageInfo(bytes)).toEqual({ type, width, height });
		}
	});

	it('knows nothing else: a PNG, a text file named .jpg, a cut-off JPEG, a RIFF that is no WebP', () => {
		expect(readImageInfo(flatPng(64, 64))).toBeNull();
		expect(
			readImageInfo(new TextEncoder().encode('not a photo, just text named house.jpg'))
		).toBeNull();
		// The frame header is past the cut: no size to read.
		expect(readImageInfo(jpeg.subarray(0, 30))).toBeNull();
		const wave = flatWebp(64, 64);
		wave.set(new TextEncoder().encode('WAVE'), 8);
		expect(readImageInfo(wave)).toBeNull();
		expect(readImageInfo(new Uint8Array())).toBeNull();
	});
});

describe('resizing in the browser before upload', () => {
	it('fits the longest side within 1600 pixels, keeping the shape, never enlarging', () => {
		expect(fitWithin(4000, 3000)).toEqual({ width: 1600, height: 1200 });
		expect(fitWithin(3000, 4500)).toEqual({ width: 1067, height: 1600 });
		expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
	});
});

describe('what a house may have as its photo', () => {
	it('takes a JPEG or a WebP up to the size limit, and nothing heavier', () => {
		expect(checkPhoto(jpeg)).toMatchObject({ ok: true, info: { type: 'image/jpeg' } });
		expect(checkPhoto(flatWebp(800, 600))).toMatchObject({
			ok: true,
			info: { type: 'image/webp' }
		});
		const heaviest = flatJpeg(120, 90, PHOTO_MAX_BYTES - jpeg.length);
		expect(heaviest.length).toBe(PHOTO_MAX_BYTES);
		expect(checkPhoto(heaviest).ok).toBe(true);
		expect(checkPhoto(flatJpeg(120, 90, PHOTO_MAX_BYTES - jpeg.length + 4))).toEqual({
			ok: false,
			problem: 'too_large'
		});
	});

	it('refuses other types, no file at all, and sizes no photo has', () => {
		expect(checkPhoto(flatPng(200, 200))).toEqual({ ok: false, problem: 'type' });
		expect(checkPhoto(new TextEncoder().encode('hello'))).toEqual({ ok: false, problem: 'type' });
		expect(checkPhoto(new Uint8Array())).toEqual({ ok: false, problem: 'missing' });
		expect(checkPhoto(flatJpeg(16, 16))).toEqual({ ok: false, problem: 'dimensions' });
		expect(checkPhoto(extendedWebp(9000, 6000))).toEqual({ ok: false, problem: 'dimensions' });
		expect(checkPhoto(flatJpeg(2000, 100))).toEqual({ ok: false, problem: 'dimensions' });
	});
});

async function operatedHouse(overrides: { listed?: boolean } = {}) {
	const admin = await makeUser('Admin');
	const operator = makeOperator(admin);
	const house = makeOperatedHouse(operator, admin, overrides);
	return {
		admin,
		operator,
		house,
		asAdmin: { operatorId: operator.id, userId: admin.id, role: 'admin' as const }
	};
}

function storedPhoto(houseId: string) {
	return db().select().from(housePhotos).where(eq(housePhotos.houseId, houseId)).get();
}

describe('changing the photo', () => {
	it('is for the operator’s admins on a house it runs, logged in the operator’s audit', async () => {
		const { admin, operator, house, asAdmin } = await operatedHouse();
		const staff = await makeUser('Staff');
		addOperatorMember(operator, admin, staff, 'staff');
		const other = await operatedHouse();

		const asStaff = { operatorId: operator.id, userId: staff.id, role: 'staff' as const };
		expect(setHousePhoto(asStaff, house.id, jpeg)).toEqual({ ok: false, problem: 'not_found' });
		expect(setHousePhoto(other.asAdmin, house.id, jpeg)).toEqual({
			ok: false,
			problem: 'not_found'
		});
		expect(storedPhoto(house.id)).toBeUndefined();

		expect(setHousePhoto(asAdmin, house.id, jpeg)).toEqual({ ok: true });
		expect(storedPhoto(house.id)).toMatchObject({
			contentType: 'image/jpeg',
			width: 120,
			height: 90,
			updatedBy: admin.id
		});
		const webp = flatWebp(800, 600);
		expect(setHousePhoto(asAdmin, house.id, webp)).toEqual({ ok: true });
		expect(storedPhoto(house.id)).toMatchObject({ contentType: 'image/webp', width: 800 });
		expect(Buffer.compare(storedPhoto(house.id)!.data, Buffer.from(webp))).toBe(0);

		expect(removeHousePhoto(asStaff, house.id).ok).toBe(false);
		expect(removeHousePhoto(asAdmin, house.id)).toEqual({ ok: true });
		expect(storedPhoto(house.id)).toBeUndefined();

		const log = db()
			.select({ action: operatorAuditEvents.action, details: operatorAuditEvents.details })
			.from(operatorAuditEvents)
			.where(
				and(
					eq(operatorAuditEvents.operatorId, operator.id),
					eq(operatorAuditEvents.subject, house.name)
				)
			)
			.all()
			.filter((event) => event.details?.photo);
		expect(log.map((event) => event.details?.photo)).toEqual(['set', 'set', 'removed']);
	});

	it('is for a company’s owners and managers on its private house, not on an operated one', async () => {
		const team = await createTeam();
		const privateHouse = makeHouse(team.company, team.owner);
		const { operator, house: operated } = await operatedHouse();
		linkCompany(operator, operated, team.company.id);
		const as = (user: User, role: 'manager' | 'member') => ({
			companyId: team.company.id,
			userId: user.id,
			role
		});

		expect(setHousePhoto(as(team.member, 'member'), privateHouse.id, jpeg).ok).toBe(false);
		expect(setHousePhoto(as(team.manager, 'manager'), operated.id, jpeg)).toEqual({
			ok: false,
			problem: 'not_found'
		});
		expect(setHousePhoto(as(team.manager, 'manager'), privateHouse.id, jpeg)).toEqual({
			ok: true
		});
		// The bytes are checked whoever sends them.
		expect(setHousePhoto(as(team.manager, 'manager'), privateHouse.id, flatPng(100, 100))).toEqual({
			ok: false,
			problem: 'type'
		});
		expect(storedPhoto(privateHouse.id)?.contentType).toBe('image/jpeg');

		const log = db()
			.select({ details: auditEvents.details })
			.from(auditEvents)
			.where(
				and(eq(auditEvents.companyId, team.company.id), eq(auditEvents.action, 'house.updated'))
			)
			.all();
		expect(log.map((event) => event.details?.photo)).toEqual(['set']);
	});
});

/** What the endpoint answers `user` (null: signed out), with the request's headers. */
async function fetchPhoto(user: User | null, houseId: string, headers: HeadersInit = {}) {
	const event = {
		locals: { user },
		params: { house: houseId },
		request: new Request(`http://hameau.test/api/houses/${houseId}/photo`, { headers })
	};
	try {
		return await GET(event as unknown as Parameters<typeof GET>[0]);
	} catch (error) {
		if (isHttpError(error)) return new Response(null, { status: error.status });
		throw error;
	}
}

describe('who sees the photo', () => {
	async function withPhoto(listed = false) {
		const setup = await operatedHouse({ listed });
		expect(setHousePhoto(setup.asAdmin, setup.house.id, jpeg).ok).toBe(true);
		return setup;
	}

	it('the operator’s members and the people of a company working there, until they leave', async () => {
		const { admin, operator, house } = await withPhoto();
		const staff = await makeUser('Staff');
		addOperatorMember(operator, admin, staff, 'staff');
		const team = await createTeam();
		linkCompany(operator, house, team.company.id);

		for (const user of [admin, staff, team.member, team.owner]) {
			expect(housePhotoFor(user.id, house.id), user.name).toBeDefined();
		}
		expect((await fetchPhoto(team.member, house.id)).status).toBe(200);

		// Removed: refused on the very next request.
		expect(removeMember(team.company.id, team.asOwner, team.member.id).ok).toBe(true);
		expect(housePhotoFor(team.member.id, house.id)).toBeUndefined();
		expect((await fetchPhoto(team.member, house.id)).status).toBe(404);
		expect(
			removeOperatorMember(operator.id, { userId: admin.id, role: 'admin' }, staff.id).ok
		).toBe(true);
		expect(housePhotoFor(staff.id, house.id)).toBeUndefined();
	});

	it('a company whose agreement has ended no longer sees it', async () => {
		const { operator, house } = await withPhoto();
		const { owner, company } = await createOwnedCompany();
		linkCompany(operator, house, company.id, '2020-01-01', '2020-12-31');
		expect(housePhotoFor(owner.id, house.id)).toBeUndefined();
	});

	it('a listed house: whoever may ask to join it, while it is listed', async () => {
		const { admin, operator, house } = await withPhoto(true);
		const browsing = await createTeam();
		const loner = await makeUser('Loner');

		expect(housePhotoFor(browsing.owner.id, house.id)).toBeDefined();
		expect(housePhotoFor(browsing.manager.id, house.id)).toBeDefined();
		// A plain member cannot ask to join, and a person without a company browses nothing.
		expect(housePhotoFor(browsing.member.id, house.id)).toBeUndefined();
		expect(housePhotoFor(loner.id, house.id)).toBeUndefined();

		const asAdmin = { userId: admin.id, role: 'admin' as const };
		updateOperatorHouse(operator.id, asAdmin, house.id, { ...houseFields(house), listed: false });
		expect(housePhotoFor(browsing.owner.id, house.id)).toBeUndefined();
		updateOperatorHouse(operator.id, asAdmin, house.id, { ...houseFields(house), listed: true });
		setOperatorHouseArchived(operator.id, asAdmin, house.id, true);
		expect(housePhotoFor(browsing.owner.id, house.id)).toBeUndefined();
	});

	it('a private house: its company’s members only', async () => {
		const team = await createTeam();
		const house = makeHouse(team.company, team.owner);
		expect(
			setHousePhoto(
				{ companyId: team.company.id, ...actingAs(team.owner, 'owner') },
				house.id,
				jpeg
			).ok
		).toBe(true);
		const stranger = await createOwnedCompany();
		const { admin } = await operatedHouse();

		expect(housePhotoFor(team.member.id, house.id)).toBeDefined();
		expect(housePhotoFor(stranger.owner.id, house.id)).toBeUndefined();
		expect(housePhotoFor(admin.id, house.id)).toBeUndefined();
	});

	it('answers an outsider exactly as it answers for a house without a photo', async () => {
		const { house } = await withPhoto();
		const { admin: noPhotoAdmin, house: bare } = await operatedHouse();
		const outsider = await makeUser('Outsider');

		const refused = await fetchPhoto(outsider, house.id);
		const none = await fetchPhoto(noPhotoAdmin, bare.id);
		const unknown = await fetchPhoto(outsider, 'no-such-house');
		const signedOut = await fetchPhoto(null, house.id);
		for (const response of [refused, none, unknown, signedOut]) {
			expect(response.status).toBe(404);
			expect(response.headers.get('etag')).toBeNull();
		}
	});
});

describe('serving the photo', () => {
	it('sends the bytes with their type, nosniff and a validator, and 304 when unchanged', async () => {
		const { admin, house, asAdmin } = await operatedHouse();
		expect(setHousePhoto(asAdmin, house.id, jpeg, new Date('2026-11-02T10:00:00Z')).ok).toBe(true);

		const first = await fetchPhoto(admin, house.id);
		expect(first.status).toBe(200);
		expect(first.headers.get('content-type')).toBe('image/jpeg');
		expect(first.headers.get('x-content-type-options')).toBe('nosniff');
		expect(first.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
		expect(Buffer.from(await first.arrayBuffer()).equals(Buffer.from(jpeg))).toBe(true);
		const etag = first.headers.get('etag')!;
		expect(etag).toMatch(/^".+"$/);

		const again = await fetchPhoto(admin, house.id, { 'If-None-Match': etag });
		expect(again.status).toBe(304);
		expect(again.headers.get('etag')).toBe(etag);
		expect(await again.arrayBuffer()).toHaveProperty('byteLength', 0);
		expect((await fetchPhoto(admin, house.id, { 'If-None-Match': `"x", W/${etag}` })).status).toBe(
			304
		);

		// Replaced: the old validator no longer matches, and the pages' address changes too.
		const before = housePhotoUrls([house.id]).get(house.id);
		expect(setHousePhoto(asAdmin, house.id, flatWebp(300, 200)).ok).toBe(true);
		const replaced = await fetchPhoto(admin, house.id, { 'If-None-Match': etag });
		expect(replaced.status).toBe(200);
		expect(replaced.headers.get('content-type')).toBe('image/webp');
		expect(housePhotoUrls([house.id]).get(house.id)).not.toBe(before);
	});
});

describe('the photo goes with its house', () => {
	it('is deleted when the house is', async () => {
		const { house, asAdmin } = await operatedHouse();
		expect(setHousePhoto(asAdmin, house.id, jpeg).ok).toBe(true);
		db().delete(houses).where(eq(houses.id, house.id)).run();
		expect(storedPhoto(house.id)).toBeUndefined();
	});
});

function houseFields(house: House) {
	const { name, commune, address, seats, timeZone, openingDays, opensAt, closesAt, listed } = house;
	return { name, commune, address, seats, timeZone, openingDays, opensAt, closesAt, listed };
}
