// An operator's live stream: a plan or check-in at one of its houses tells its pages that the
// house changed, with no people and no counts in the event; another operator hears nothing; the
// stream makes nobody "online"; and removing someone from the operator's staff closes theirs at
// once.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { makeCompany, makeUser } from '../helpers/factories';
import { makeAgreement, makeOperatedHouse } from '../presence/operated';
import { addOperatorMember } from './helpers';
import type { Company, House, Operator, User } from '../../src/lib/server/db/schema';
import type { AccessEnd, LiveEvent } from '../../src/lib/live-events';
import { liveHub, operatorChannel, type LiveSubscriber } from '../../src/lib/server/live/hub';
import { removeOperatorMember } from '../../src/lib/server/operators/members';
import { createOperator } from '../../src/lib/server/operators/operators';
import { publishPlaceChanged, seatsFanOut } from '../../src/lib/server/presence/events';
import { setDayPlan } from '../../src/lib/server/presence/plans';

useTempDatabase();

const NOW = Date.parse('2026-12-03T09:00:00Z');
const TODAY = '2026-12-03';

let officer: User;
let clerk: User;
let anne: User;
let operator: Operator;
let operatorId: string;
let otherOperatorId: string;
let house: House;
let atelier: Company;

/** A client of an operator's stream: what it received, and whether it was closed. */
function openStream(channelOf: string, userId: string) {
	const events: LiveEvent[] = [];
	const state: { closed: boolean; ended?: AccessEnd } = { closed: false };
	const subscriber: LiveSubscriber = {
		deliver: ({ event }) => events.push(event),
		reload: () => {},
		close: (ended) => {
			state.closed = true;
			state.ended = ended;
			unsubscribe();
		}
	};
	const unsubscribe = liveHub().subscribe(channelOf, userId, null, subscriber, {
		presence: false
	});
	return { events, state, unsubscribe };
}

beforeAll(async () => {
	officer = await makeUser('Officer');
	clerk = await makeUser('Clerk');
	anne = await makeUser('Anne');
	operator = createOperator(officer.id, 'Commune de Salers');
	operatorId = operator.id;
	otherOperatorId = createOperator(officer.id, 'Commune de Riom').id;
	house = makeOperatedHouse(operatorId, { name: 'Maison Salers' });
	atelier = makeCompany(anne, 'Atelier');
	makeAgreement(house, atelier, { startDate: '2026-11-01' });
});

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
afterEach(() => {
	seatsFanOut().flush();
	vi.useRealTimers();
});

describe('an operator’s live stream', () => {
	it('hears that its house changed, without people or counts; another operator hears nothing', () => {
		const ours = openStream(operatorChannel(operatorId), officer.id);
		const theirs = openStream(operatorChannel(otherOperatorId), officer.id);
		const saved = setDayPlan(atelier.id, anne.id, TODAY, {
			split: false,
			whole: { kind: 'house', houseId: house.id },
			note: 'secret note'
		});
		expect(saved.ok).toBe(true);
		publishPlaceChanged(atelier.id, anne.id, [TODAY], { now: NOW });
		vi.advanceTimersByTime(250);

		expect(ours.events).toEqual([{ type: 'house-activity', houseId: house.id, dates: [TODAY] }]);
		expect(JSON.stringify(ours.events)).not.toMatch(/Anne|secret|Atelier/);
		expect(theirs.events).toEqual([]);
		ours.unsubscribe();
		theirs.unsubscribe();
	});

	it('makes nobody online to a company', () => {
		const stream = openStream(operatorChannel(operatorId), anne.id);
		expect(liveHub().isConnected(anne.id)).toBe(false);
		expect(liveHub().isOnline(operatorChannel(operatorId), anne.id)).toBe(false);
		stream.unsubscribe();
	});

	it('closes at once for someone removed from the staff, and only theirs', () => {
		const admin = { userId: officer.id, role: 'admin' as const };
		addOperatorMember(operator, officer, clerk, 'staff');
		const clerks = openStream(operatorChannel(operatorId), clerk.id);
		const officers = openStream(operatorChannel(operatorId), officer.id);
		expect(removeOperatorMember(operatorId, admin, clerk.id)).toEqual({ ok: true });
		expect(clerks.state.closed).toBe(true);
		// Told that access ended (the page stops and says so), not a shutdown to reconnect after.
		expect(clerks.state.ended).toBe('access');
		expect(officers.state.closed).toBe(false);
		officers.unsubscribe();
	});
});
