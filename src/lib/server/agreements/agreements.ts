// Agreements between a house's operator and the companies that work in it: starting one (from an
// accepted invitation or join request), its versions of terms, ending it, and the company_houses
// link that lets the company's own features (board, check-in, rooms) use the shared house.
import { and, asc, desc, eq, isNotNull } from 'drizzle-orm';
import { addDays, todayIn } from '../../zoned-time';
import { recordAudit } from '../audit/audit';
import { getDb, type Executor } from '../db';
import {
	agreementTerms,
	agreements,
	companies,
	companyHouses,
	houseMonths,
	houses,
	memberships,
	operators,
	type Agreement,
	type AgreementTermsRow,
	type House,
	type ProposedTerms
} from '../db/schema';
import { newId } from '../ids';
import { m } from '$lib/paraglide/messages';
import { formatMonth, formatOfMonth } from '$lib/format';
import { shiftMonth } from '../billing/month';
import { logger } from '../logger';
import { processSingleton } from '../process-singleton';
import { publishLiveEvent } from '../live/hub';
import { announceAccessEnded } from '../auth/access-ended';
import { recordOperatorAudit } from '../operators/audit';
import { termsOn } from '../../billing/terms';
import { versionsByAgreement } from './in-force';
import { seatsRoom, type SeatsPeriod, type SeatsRefusal } from './seats';
import { compareNames } from '../../name-order';

export type AgreementVersion = AgreementTermsRow;

/** The month (`YYYY-MM`) of a date (`YYYY-MM-DD`). */
const monthOf = (date: string) => date.slice(0, 7);

/** The house's latest closed month, or null: terms and end dates never reach back into it. */
export function lastClosedMonth(db: Executor, houseId: string): string | null {
	return (
		db
			.select({ month: houseMonths.month })
			.from(houseMonths)
			.where(eq(houseMonths.houseId, houseId))
			.orderBy(desc(houseMonths.month))
			.limit(1)
			.get()?.month ?? null
	);
}

/** true when `date` falls in a month of the house already closed (or before one). */
export function inClosedMonth(db: Executor, houseId: string, date: string): boolean {
	const closed = lastClosedMonth(db, houseId);
	return closed !== null && monthOf(date) <= closed;
}

/**
 * true when no agreement may start at the house on `date`: its month is closed, or a later one is
 * (startAgreement refuses it). An invitation from such a date could never be accepted.
 */
export function startsInClosedMonth(houseId: string, date: string): boolean {
	return inClosedMonth(getDb(), houseId, date);
}

/**
 * What a person reads when a date is refused for a closed month (`inClosedMonth`): its own month
 * is closed, or it comes before the house's last closed month — then that month is named, and
 * the first month a date may be in, since "choose a date in an open month" would send someone
 * to the open month before it, refused too.
 */
export function closedMonthMessage(houseId: string, date: string, db: Executor = getDb()): string {
	const last = lastClosedMonth(db, houseId);
	const own = db
		.select({ month: houseMonths.month })
		.from(houseMonths)
		.where(and(eq(houseMonths.houseId, houseId), eq(houseMonths.month, monthOf(date))))
		.get();
	if (own || last === null || monthOf(date) > last) return m.agreements_error_month_closed();
	return m.agreements_error_before_closed_month({
		month: formatMonth(last),
		ofNext: formatOfMonth(shiftMonth(last, 1))
	});
}

/** Why an agreement cannot start (startAgreement's refusals, which startRefusal tells ahead). */
export type StartRefusal =
	{ ok: false; reason: 'already_joined' | 'overlap' | 'month_closed' } | SeatsRefusal;

export type StartAgreementResult = { ok: true; agreement: Agreement } | StartRefusal;

/** The company's agreements at the house, oldest first (several once it left and came back). */
export function agreementsOfPair(db: Executor, houseId: string, companyId: string): Agreement[] {
	return db
		.select()
		.from(agreements)
		.where(and(eq(agreements.houseId, houseId), eq(agreements.companyId, companyId)))
		.orderBy(asc(agreements.startDate))
		.all();
}

/**
 * Why startAgreement would refuse these terms for the company now, or null when it would start
 * them: so a page offers to accept only what can be accepted, and says why not otherwise.
 * `earlier`: the pair's agreements, when the caller has read them already (startAgreement).
 */
export function startRefusal(
	db: Executor,
	input: {
		house: Pick<House, 'id' | 'seats'>;
		companyId: string;
		startDate: string;
		terms: Pick<ProposedTerms, 'reservedSeats'>;
		/** The invitation being accepted, which holds its seats for this agreement, not against it. */
		invitationId?: string;
		now?: Date | number;
	},
	earlier: Agreement[] = agreementsOfPair(db, input.house.id, input.companyId)
): StartRefusal | null {
	if (earlier.some((agreement) => agreement.endDate === null)) {
		return { ok: false, reason: 'already_joined' };
	}
	if (earlier.some((agreement) => agreement.endDate! >= input.startDate)) {
		return { ok: false, reason: 'overlap' };
	}
	if (inClosedMonth(db, input.house.id, input.startDate)) {
		return { ok: false, reason: 'month_closed' };
	}
	// The house may have shrunk, or others reserved, since the terms were proposed.
	const room = seatsRoom(
		input.house,
		{ from: input.startDate, to: null },
		{ exceptCompanyId: input.companyId, exceptInvitationId: input.invitationId, now: input.now }
	);
	if (input.terms.reservedSeats > room.free) return { ok: false, reason: 'seats', room };
	return null;
}

/**
 * Inside the caller's transaction: the agreement, its first version of terms (from the start
 * date) and the company_houses link, audited on both sides. A company whose agreement ended may
 * come back under a NEW agreement starting after the old one's last day; the old one, its terms
 * and its billed months stay as they are (they are the record of what was billed). Periods never
 * overlap: an open-ended agreement is 'already_joined', an ended one reaching the new start is
 * 'overlap'. A first agreement links the house at once (its people may plan ahead); a return
 * links it on its start date (unlinkEndedAgreements), so the gap between the two stays unlinked.
 */
export function startAgreement(
	tx: Executor,
	input: {
		operatorId: string;
		house: Pick<House, 'id' | 'name' | 'timeZone' | 'seats'>;
		company: { id: string; name: string };
		startDate: string;
		terms: ProposedTerms;
		actorId: string;
		/** How the company came: the operator's invitation or its own request. */
		via: 'invitation' | 'request';
		/** The invitation accepted, which holds its seats for this agreement, not against it. */
		invitationId?: string;
		now?: Date | number;
	}
): StartAgreementResult {
	const earlier = agreementsOfPair(tx, input.house.id, input.company.id);
	const refusal = startRefusal(tx, { ...input, companyId: input.company.id }, earlier);
	if (refusal) return refusal;
	const agreement: Agreement = {
		id: newId(),
		operatorId: input.operatorId,
		houseId: input.house.id,
		companyId: input.company.id,
		startDate: input.startDate,
		endDate: null,
		createdBy: input.actorId,
		createdAt: new Date()
	};
	tx.insert(agreements).values(agreement).run();
	tx.insert(agreementTerms)
		.values({
			id: newId(),
			agreementId: agreement.id,
			validFrom: input.startDate,
			...input.terms,
			createdBy: input.actorId
		})
		.run();
	const rejoining = earlier.length > 0;
	if (!rejoining || input.startDate <= todayIn(input.house.timeZone, input.now ?? Date.now())) {
		tx.insert(companyHouses)
			.values({ companyId: input.company.id, houseId: input.house.id })
			.onConflictDoNothing()
			.run();
	}
	const operator = tx
		.select({ name: operators.name })
		.from(operators)
		.where(eq(operators.id, input.operatorId))
		.get();
	recordOperatorAudit(tx, {
		operatorId: input.operatorId,
		actorId: input.actorId,
		action: input.via === 'invitation' ? 'company.joined' : 'join.accepted',
		subject: input.company.name,
		details: {
			house: input.house.name,
			startDate: input.startDate,
			model: input.terms.model,
			...(rejoining ? { previousEnd: earlier[earlier.length - 1].endDate } : {})
		}
	});
	recordAudit(tx, {
		companyId: input.company.id,
		actorId: input.actorId,
		action: 'house.joined',
		subject: input.house.name,
		details: {
			operator: operator?.name ?? null,
			agreementStart: input.startDate,
			...(rejoining ? { previousEnd: earlier[earlier.length - 1].endDate } : {})
		}
	});
	return { ok: true, agreement };
}

/** After a change of links: open boards of the company reload. */
export function announceCompanyHouses(companyId: string): void {
	publishLiveEvent(companyId, { type: 'company' });
}

/** All versions of an agreement, oldest first. */
export function agreementVersions(agreementId: string): AgreementVersion[] {
	return getDb()
		.select()
		.from(agreementTerms)
		.where(eq(agreementTerms.agreementId, agreementId))
		.orderBy(asc(agreementTerms.validFrom))
		.all();
}

/**
 * The terms in force on `date`; before the start, the first version (what the company will work
 * under); after the end, the last one.
 */
export function termsInForce(versions: readonly AgreementVersion[], date: string) {
	return termsOn(versions, date) ?? versions[0] ?? null;
}

/**
 * The companies of a house, one line each: its latest agreement (a company that came back has
 * several; the earlier ones are counted here and listed on the agreement's page), its terms today
 * and their versions.
 */
export function houseAgreements(house: Pick<House, 'id' | 'timeZone'>) {
	const rows = getDb()
		.select({ agreement: agreements, companyName: companies.name })
		.from(agreements)
		.innerJoin(companies, eq(agreements.companyId, companies.id))
		.where(eq(agreements.houseId, house.id))
		.orderBy(asc(companies.name), asc(agreements.companyId), desc(agreements.startDate))
		.all()
		// Reading order (a stable sort keeps each company's agreements newest first).
		.sort((a, b) => compareNames(a.companyName, b.companyName));
	const latest = new Map<string, (typeof rows)[number] & { earlier: number }>();
	for (const row of rows) {
		const seen = latest.get(row.agreement.companyId);
		if (seen) seen.earlier += 1;
		else latest.set(row.agreement.companyId, { ...row, earlier: 0 });
	}
	const versions = versionsByAgreement([...latest.values()].map((row) => row.agreement.id));
	const today = todayIn(house.timeZone);
	return [...latest.values()].map(({ agreement, companyName, earlier }) => {
		const history = versions.get(agreement.id) ?? [];
		return {
			...agreement,
			companyName,
			earlier,
			ended: agreement.endDate !== null && agreement.endDate <= today,
			current: termsInForce(history, today),
			versions: history
		};
	});
}

/** Every agreement of the company at the house, newest first (the agreement page's history). */
export function pairHistory(houseId: string, companyId: string) {
	return agreementsOfPair(getDb(), houseId, companyId)
		.reverse()
		.map(({ id, startDate, endDate }) => ({ id, startDate, endDate }));
}

/** One agreement of a house (any company) with the company's name, or undefined. */
export function houseAgreement(houseId: string, agreementId: string, db: Executor = getDb()) {
	return db
		.select({ agreement: agreements, companyName: companies.name })
		.from(agreements)
		.innerJoin(companies, eq(agreements.companyId, companies.id))
		.where(and(eq(agreements.id, agreementId), eq(agreements.houseId, houseId)))
		.get();
}

/**
 * For each of the company's houses run by an operator: the operator and its latest agreement
 * there (the one in force, or the one it is coming back under), with its terms today.
 */
export function companyAgreements(companyId: string) {
	const rows = getDb()
		.select({
			agreement: agreements,
			operatorName: operators.name,
			houseName: houses.name,
			timeZone: houses.timeZone
		})
		.from(agreements)
		.innerJoin(operators, eq(agreements.operatorId, operators.id))
		.innerJoin(houses, eq(agreements.houseId, houses.id))
		.where(eq(agreements.companyId, companyId))
		.orderBy(desc(agreements.startDate))
		.all();
	const latest = [...new Map(rows.reverse().map((row) => [row.agreement.houseId, row])).values()];
	const versions = versionsByAgreement(latest.map((row) => row.agreement.id));
	return latest.map(({ agreement, operatorName, houseName, timeZone }) => {
		const history = versions.get(agreement.id) ?? [];
		return {
			...agreement,
			operatorName,
			houseName,
			current: termsInForce(history, todayIn(timeZone)),
			versions: history
		};
	});
}

/**
 * The company's agreement for one house: `agreementId` if it is one of theirs there, else the
 * latest; undefined for a private house, no agreement, or someone else's id.
 */
export function companyHouseAgreement(companyId: string, houseId: string, agreementId?: string) {
	const pair = agreementsOfPair(getDb(), houseId, companyId);
	return agreementId === undefined
		? pair[pair.length - 1]
		: pair.find((agreement) => agreement.id === agreementId);
}

export type ChangeTermsResult =
	| { ok: true }
	| { ok: false; reason: 'not_found' | 'before_start' | 'after_end' | 'month_closed' | 'exists' }
	| SeatsRefusal;

/**
 * The days a version of terms from `validFrom` applies: until the day before the agreement's next
 * version, or its last day, or on and on.
 */
export function termsPeriod(
	agreement: Pick<Agreement, 'endDate'>,
	versions: readonly { validFrom: string }[],
	validFrom: string
): SeatsPeriod {
	const next = versions.find((version) => version.validFrom > validFrom);
	return { from: validFrom, to: next ? addDays(next.validFrom, -1) : agreement.endDate };
}

/**
 * A new version of the terms from `validFrom`: earlier versions stay as they are, and a date
 * inside a month already closed is refused (that month was billed under the terms it had).
 */
export function changeTerms(
	actor: { operatorId: string; userId: string },
	house: Pick<House, 'id' | 'name' | 'seats'>,
	agreementId: string,
	validFrom: string,
	terms: ProposedTerms
): ChangeTermsResult {
	return getDb().transaction((tx): ChangeTermsResult => {
		const row = houseAgreement(house.id, agreementId, tx);
		if (!row) return { ok: false, reason: 'not_found' };
		const { agreement } = row;
		if (validFrom < agreement.startDate) return { ok: false, reason: 'before_start' };
		if (agreement.endDate !== null && validFrom > agreement.endDate) {
			return { ok: false, reason: 'after_end' };
		}
		if (inClosedMonth(tx, house.id, validFrom)) return { ok: false, reason: 'month_closed' };
		const same = tx
			.select({ id: agreementTerms.id })
			.from(agreementTerms)
			.where(
				and(eq(agreementTerms.agreementId, agreementId), eq(agreementTerms.validFrom, validFrom))
			)
			.get();
		if (same) return { ok: false, reason: 'exists' };
		const versions = versionsByAgreement([agreementId], tx).get(agreementId) ?? [];
		const period = termsPeriod(agreement, versions, validFrom);
		const room = seatsRoom(house, period, { exceptCompanyId: agreement.companyId });
		if (terms.reservedSeats > room.free) return { ok: false, reason: 'seats', room };
		tx.insert(agreementTerms)
			.values({ id: newId(), agreementId, validFrom, ...terms, createdBy: actor.userId })
			.run();
		recordOperatorAudit(tx, {
			operatorId: actor.operatorId,
			actorId: actor.userId,
			action: 'agreement.terms_changed',
			subject: row.companyName,
			details: { house: house.name, validFrom, model: terms.model }
		});
		return { ok: true };
	});
}

export type EndAgreementResult =
	| { ok: true; unlinked: boolean }
	| {
			ok: false;
			reason: 'not_found' | 'before_start' | 'overlap' | 'month_closed' | 'already_ended';
	  };

export type EndAgreementRefusal = Extract<EndAgreementResult, { ok: false }>['reason'];

/**
 * Why the agreement cannot end on `endDate` (null when it can): the checks `endAgreement` makes in
 * its transaction, asked first by the page, which confirms an ending before it is made.
 */
export function endAgreementRefusal(
	house: Pick<House, 'id' | 'timeZone'>,
	agreementId: string,
	endDate: string,
	now: Date | number = Date.now(),
	db: Executor = getDb()
): EndAgreementRefusal | null {
	const row = houseAgreement(house.id, agreementId, db);
	if (!row) return 'not_found';
	const { agreement } = row;
	if (agreement.endDate !== null && agreement.endDate <= todayIn(house.timeZone, now)) {
		return 'already_ended';
	}
	if (endDate < agreement.startDate) return 'before_start';
	// A later agreement of the same company (it is coming back) bounds how far this one runs.
	const later = agreementsOfPair(db, house.id, agreement.companyId).filter(
		(other) => other.id !== agreement.id && other.startDate > agreement.startDate
	);
	if (later.some((other) => other.startDate <= endDate)) return 'overlap';
	if (inClosedMonth(db, house.id, endDate)) return 'month_closed';
	return null;
}

/**
 * Sets the agreement's last day. On or before today (the house's calendar) the company leaves
 * the house at once; a later date leaves the link until that day, when unlinkEndedAgreements
 * removes it.
 */
export function endAgreement(
	actor: { operatorId: string; userId: string },
	house: Pick<House, 'id' | 'name' | 'timeZone'>,
	agreementId: string,
	endDate: string,
	now: Date | number = Date.now()
): EndAgreementResult {
	const result = getDb().transaction((tx): EndAgreementResult & { companyId?: string } => {
		const refusal = endAgreementRefusal(house, agreementId, endDate, now, tx);
		if (refusal) return { ok: false, reason: refusal };
		const row = houseAgreement(house.id, agreementId, tx)!;
		const { agreement } = row;
		const today = todayIn(house.timeZone, now);
		tx.update(agreements).set({ endDate }).where(eq(agreements.id, agreementId)).run();
		recordOperatorAudit(tx, {
			operatorId: actor.operatorId,
			actorId: actor.userId,
			action: 'agreement.ended',
			subject: row.companyName,
			details: { house: house.name, endDate }
		});
		const unlinked = endDate <= today && unlink(tx, agreement.companyId, house.id);
		return { ok: true, unlinked, companyId: agreement.companyId };
	});
	if (result.ok && result.unlinked && result.companyId)
		announceHouseLeft(result.companyId, house.id);
	if (!result.ok) return result;
	return { ok: true, unlinked: result.unlinked };
}

/** After an unlink: the company's pages follow, and its call in the house's room ends. */
function announceHouseLeft(companyId: string, houseId: string): void {
	announceAccessEnded({ kind: 'house', companyId, houseId });
	announceCompanyHouses(companyId);
}

/** Removes the company_houses link and the house as its people's home house. */
function unlink(tx: Executor, companyId: string, houseId: string): boolean {
	const removed = tx
		.delete(companyHouses)
		.where(and(eq(companyHouses.companyId, companyId), eq(companyHouses.houseId, houseId)))
		.run();
	tx.update(memberships)
		.set({ homeHouseId: null })
		.where(and(eq(memberships.companyId, companyId), eq(memberships.homeHouseId, houseId)))
		.run();
	return removed.changes > 0;
}

/**
 * Whether a company's agreements at a house give it the house today: one not past its last day
 * (the company leaves on that day, as endAgreement does) that has started, or that is the pair's
 * first (a newcomer may plan ahead). A company coming back gets the house on its new start.
 */
export function linkedToday(
	pair: readonly Pick<Agreement, 'startDate' | 'endDate'>[],
	today: string
) {
	const first = pair.reduce<string | null>(
		(min, agreement) => (min === null || agreement.startDate < min ? agreement.startDate : min),
		null
	);
	return pair.some(
		(agreement) =>
			(agreement.endDate === null || agreement.endDate > today) &&
			(agreement.startDate <= today || agreement.startDate === first)
	);
}

/**
 * Brings the company_houses links of companies that ever left a house in line with their
 * agreements (in each house's calendar): unlinks once the last day of the one in force has come
 * and no other is in force, links again when a new agreement starts. Cheap (pairs with an
 * ended agreement only). The pages that show links call it for their company or house, so they
 * are exact at once; the sweeper below calls it for every house, so the board, the planner and
 * check-in follow soon after. Returns how many links it removed or added.
 */
export function unlinkEndedAgreements(
	scope: { companyId: string } | { houseId: string } | 'everywhere',
	now: Date | number = Date.now()
): number {
	const db = getDb();
	const inScope =
		scope === 'everywhere'
			? undefined
			: 'companyId' in scope
				? eq(agreements.companyId, scope.companyId)
				: eq(agreements.houseId, scope.houseId);
	// Pairs whose links can change: one of their agreements has an end date.
	const pairs = new Set(
		db
			.select({ companyId: agreements.companyId, houseId: agreements.houseId })
			.from(agreements)
			.where(and(isNotNull(agreements.endDate), inScope))
			.all()
			.map((row) => `${row.companyId} ${row.houseId}`)
	);
	if (pairs.size === 0) return 0;
	const rows = db
		.select({
			companyId: agreements.companyId,
			houseId: agreements.houseId,
			startDate: agreements.startDate,
			endDate: agreements.endDate,
			timeZone: houses.timeZone,
			linked: companyHouses.houseId
		})
		.from(agreements)
		.innerJoin(houses, eq(agreements.houseId, houses.id))
		.leftJoin(
			companyHouses,
			and(
				eq(companyHouses.companyId, agreements.companyId),
				eq(companyHouses.houseId, agreements.houseId)
			)
		)
		.where(inScope)
		.all()
		.filter((row) => pairs.has(`${row.companyId} ${row.houseId}`));
	const byPair = new Map<string, typeof rows>();
	for (const row of rows) {
		const key = `${row.companyId} ${row.houseId}`;
		byPair.set(key, [...(byPair.get(key) ?? []), row]);
	}
	const changes: Array<{ companyId: string; houseId: string; link: boolean }> = [];
	for (const pair of byPair.values()) {
		const { companyId, houseId, timeZone, linked } = pair[0];
		const link = linkedToday(pair, todayIn(timeZone, now));
		if (link !== (linked !== null)) changes.push({ companyId, houseId, link });
	}
	if (changes.length === 0) return 0;
	db.transaction((tx) => {
		for (const change of changes) {
			if (!change.link) unlink(tx, change.companyId, change.houseId);
			else
				tx.insert(companyHouses)
					.values({ companyId: change.companyId, houseId: change.houseId })
					.onConflictDoNothing()
					.run();
		}
	});
	for (const change of changes) {
		if (!change.link)
			announceAccessEnded({ kind: 'house', companyId: change.companyId, houseId: change.houseId });
	}
	for (const companyId of new Set(changes.map((change) => change.companyId)))
		announceCompanyHouses(companyId);
	return changes.length;
}

/**
 * What the printable agreement shows: both parties, the house, the dates, the terms in force
 * today (the house's calendar) and their history. The operator's and the company's pages use it.
 */
export function agreementDocument(agreement: Agreement, companyName: string) {
	const row = getDb()
		.select({ house: houses, operatorName: operators.name })
		.from(houses)
		.innerJoin(operators, eq(operators.id, agreement.operatorId))
		.where(eq(houses.id, agreement.houseId))
		.get();
	if (!row) throw new Error('an agreement always has its house and operator');
	const { house, operatorName } = row;
	const versions = agreementVersions(agreement.id);
	const today = todayIn(house.timeZone);
	return {
		operatorName,
		companyName,
		house: {
			name: house.name,
			address: house.address,
			commune: house.commune,
			seats: house.seats,
			openingDays: house.openingDays,
			opensAt: house.opensAt,
			closesAt: house.closesAt,
			timeZone: house.timeZone
		},
		startDate: agreement.startDate,
		endDate: agreement.endDate,
		versions,
		current: termsInForce(versions, today),
		today
	};
}

/**
 * Starts the sweep that ends links whose agreement's last day has come, every few minutes
 * (idempotent; the timer does not keep the process alive).
 */
export function ensureAgreementEndSweeper(intervalMs = 5 * 60_000): void {
	processSingleton('hameau.agreements.end-sweeper', () =>
		setInterval(() => {
			try {
				unlinkEndedAgreements('everywhere');
			} catch (error) {
				logger().error({ err: error }, 'agreement end sweep failed');
			}
		}, intervalMs).unref()
	);
}
