// A house's photo: stored (one per house, replaced whole), removed, and read back only by those
// who may know the house. Who changes it mirrors who edits the house: the operator's admins for
// a house it runs, the company's owners and managers for its private house. The bytes are checked
// here whatever the browser did first: JPEG or WebP by their signature, the size from their own
// headers.
import { and, eq, inArray } from 'drizzle-orm';
import { housePhotoUrl, PHOTO_MAX_BYTES } from '../../house-photo';
import { todayIn } from '../../zoned-time';
import { userCompaniesInForce } from '../agreements/in-force';
import { recordAudit } from '../audit/audit';
import { hasRole } from '../companies/companies';
import { getDb, type Executor } from '../db';
import {
	companyHouses,
	housePhotos,
	houses,
	memberships,
	operatorMembers,
	type HousePhoto,
	type OperatorRole,
	type Role
} from '../db/schema';
import { recordOperatorAudit } from '../operators/audit';
import { hasOperatorRole } from '../operators/operators';
import { announceHouseChange } from './houses';
import { readImageInfo, type ImageInfo } from './image-size';

/** Smallest and largest side accepted: below is no photo, above no browser resize made it. */
export const PHOTO_MIN_SIDE = 32;
export const PHOTO_MAX_SIDE_STORED = 8000;
/** A banner of 1 × 5000 pixels is no photo of a house either. */
const PHOTO_MAX_RATIO = 10;

export type PhotoProblem = 'missing' | 'too_large' | 'type' | 'dimensions';

/** Whether the bytes are a photo the house may have; what is wrong with them otherwise. */
export function checkPhoto(
	bytes: Uint8Array
): { ok: true; info: ImageInfo } | { ok: false; problem: PhotoProblem } {
	if (bytes.length === 0) return { ok: false, problem: 'missing' };
	if (bytes.length > PHOTO_MAX_BYTES) return { ok: false, problem: 'too_large' };
	const info = readImageInfo(bytes);
	if (!info) return { ok: false, problem: 'type' };
	const [short, long] = [info.width, info.height].sort((a, b) => a - b);
	if (short < PHOTO_MIN_SIDE || long > PHOTO_MAX_SIDE_STORED || long / short > PHOTO_MAX_RATIO) {
		return { ok: false, problem: 'dimensions' };
	}
	return { ok: true, info };
}

/**
 * Who changes the photo, and of which house: an operator's member for a house it runs, or a
 * company's member for its private house. Each is checked against the house in the transaction.
 */
export type PhotoEditor =
	| { operatorId: string; userId: string; role: OperatorRole }
	| { companyId: string; userId: string; role: Role };

export type PhotoResult = { ok: true } | { ok: false; problem: PhotoProblem | 'not_found' };

/** The house's name when `editor` may change its photo. */
function editableHouse(tx: Executor, editor: PhotoEditor, houseId: string): string | undefined {
	if ('operatorId' in editor) {
		if (!hasOperatorRole(editor.role, 'admin')) return undefined;
		return tx
			.select({ name: houses.name })
			.from(houses)
			.where(and(eq(houses.id, houseId), eq(houses.operatorId, editor.operatorId)))
			.get()?.name;
	}
	if (!hasRole(editor.role, 'manager')) return undefined;
	const house = tx
		.select({ name: houses.name, operatorId: houses.operatorId })
		.from(companyHouses)
		.innerJoin(houses, eq(companyHouses.houseId, houses.id))
		.where(and(eq(companyHouses.companyId, editor.companyId), eq(houses.id, houseId)))
		.get();
	// An operated house's photo is its operator's, like the rest of the house.
	return house && house.operatorId === null ? house.name : undefined;
}

function audit(
	tx: Executor,
	editor: PhotoEditor,
	subject: string,
	details: Record<string, string | number>
) {
	// The house's own log: the operator's for a house it runs, the company's for its own.
	const event = { actorId: editor.userId, action: 'house.updated' as const, subject, details };
	if ('operatorId' in editor) recordOperatorAudit(tx, { operatorId: editor.operatorId, ...event });
	else recordAudit(tx, { companyId: editor.companyId, ...event });
}

/** Stores the photo in place of any earlier one, after checking its bytes. */
export function setHousePhoto(
	editor: PhotoEditor,
	houseId: string,
	bytes: Uint8Array,
	now = new Date()
): PhotoResult {
	const checked = checkPhoto(bytes);
	if (!checked.ok) return checked;
	const { type, width, height } = checked.info;
	const saved = getDb().transaction((tx) => {
		const name = editableHouse(tx, editor, houseId);
		if (name === undefined) return false;
		const row = {
			contentType: type,
			data: Buffer.from(bytes),
			width,
			height,
			updatedBy: editor.userId,
			updatedAt: now
		};
		tx.insert(housePhotos)
			.values({ houseId, ...row })
			.onConflictDoUpdate({ target: housePhotos.houseId, set: row })
			.run();
		audit(tx, editor, name, { photo: 'set', width, height });
		return true;
	});
	if (!saved) return { ok: false, problem: 'not_found' };
	announceHouseChange(houseId);
	return { ok: true };
}

/** Removes the photo; removing none is no change (and no audit entry). */
export function removeHousePhoto(editor: PhotoEditor, houseId: string): PhotoResult {
	const removed = getDb().transaction((tx) => {
		const name = editableHouse(tx, editor, houseId);
		if (name === undefined) return undefined;
		const result = tx.delete(housePhotos).where(eq(housePhotos.houseId, houseId)).run();
		if (result.changes > 0) audit(tx, editor, name, { photo: 'removed' });
		return result.changes > 0;
	});
	if (removed === undefined) return { ok: false, problem: 'not_found' };
	if (removed) announceHouseChange(houseId);
	return { ok: true };
}

/**
 * Whether the user may see the house at all: a member of its operator; a member of a company
 * working there (linked, or with an agreement in force today); for a house its operator lists,
 * anyone who may ask to join it (an owner or manager of some company). Nobody else, archived
 * listings included.
 */
export function maySeeHouse(
	userId: string,
	house: {
		id: string;
		operatorId: string | null;
		listed: boolean;
		archivedAt: Date | null;
		timeZone: string;
	}
): boolean {
	const db = getDb();
	if (house.operatorId) {
		const operatorMember = db
			.select({ role: operatorMembers.role })
			.from(operatorMembers)
			.where(
				and(eq(operatorMembers.operatorId, house.operatorId), eq(operatorMembers.userId, userId))
			)
			.get();
		if (operatorMember) return true;
	}
	const linked = db
		.select({ companyId: companyHouses.companyId })
		.from(companyHouses)
		.innerJoin(memberships, eq(memberships.companyId, companyHouses.companyId))
		.where(and(eq(companyHouses.houseId, house.id), eq(memberships.userId, userId)))
		.get();
	if (linked) return true;
	if (!house.operatorId) return false;
	if (userCompaniesInForce(house.id, userId, todayIn(house.timeZone)).length > 0) return true;
	if (!house.listed || house.archivedAt !== null) return false;
	const canAskToJoin = db
		.select({ role: memberships.role })
		.from(memberships)
		.where(and(eq(memberships.userId, userId), inArray(memberships.role, ['owner', 'manager'])))
		.get();
	return canAskToJoin !== undefined;
}

/**
 * The photo, when there is one and the user may see the house; undefined otherwise, whichever
 * reason, so the answer tells an outsider nothing about the house.
 */
export function housePhotoFor(userId: string, houseId: string): HousePhoto | undefined {
	const db = getDb();
	const house = db.select().from(houses).where(eq(houses.id, houseId)).get();
	if (!house) return undefined;
	const photo = db.select().from(housePhotos).where(eq(housePhotos.houseId, houseId)).get();
	if (!photo || !maySeeHouse(userId, house)) return undefined;
	return photo;
}

/**
 * The photo's address for each of the houses that has one (absent otherwise), versioned by its
 * last change. The pages list only houses their reader may see.
 */
export function housePhotoUrls(houseIds: readonly string[]): Map<string, string> {
	if (houseIds.length === 0) return new Map();
	const rows = getDb()
		.select({ houseId: housePhotos.houseId, updatedAt: housePhotos.updatedAt })
		.from(housePhotos)
		.where(inArray(housePhotos.houseId, [...houseIds]))
		.all();
	return new Map(
		rows.map((row) => [row.houseId, housePhotoUrl(row.houseId, row.updatedAt.getTime())])
	);
}
