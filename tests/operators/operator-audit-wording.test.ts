// The operator's log names what was done: the month closed, and for an adjustment the company,
// the amount and the month it corrects, in the reader's language; older entries whose details
// lack them still read as they did.
import { afterEach, describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '../../src/lib/paraglide/runtime';
import { describeOperatorEvent } from '../../src/lib/components/audit/operator-events';

afterEach(() => overwriteGetLocale(() => 'en'));

const closed = {
	action: 'month.closed',
	subject: 'Maison de Murat',
	details: { month: '2026-10', billedCents: 200_000, companies: 2 }
};
const adjusted = {
	action: 'adjustment.created',
	subject: 'Maison de Murat',
	details: {
		company: 'Scop Volcans',
		correctsMonth: '2026-10',
		amountCents: -5_000,
		reason: 'Panne de chauffage'
	}
};

describe('the operator’s log', () => {
	it('names the month closed and the adjustment’s company, amount and month, in English', () => {
		overwriteGetLocale(() => 'en');
		expect(describeOperatorEvent(closed)).toBe('Closed October 2026: Maison de Murat');
		expect(describeOperatorEvent(adjusted)).toBe(
			'Added an adjustment of -€50.00 for Scop Volcans on October 2026: Maison de Murat'
		);
	});

	it('and in French', () => {
		overwriteGetLocale(() => 'fr');
		expect(describeOperatorEvent(closed)).toBe('A clôturé octobre 2026\u202f: Maison de Murat');
		expect(describeOperatorEvent(adjusted).replace(/\s/g, ' ')).toBe(
			'A ajouté une régularisation de -50,00 € pour Scop Volcans sur octobre 2026 : Maison de Murat'
		);
	});

	it('still reads an entry without those details', () => {
		overwriteGetLocale(() => 'en');
		expect(describeOperatorEvent({ ...closed, details: null })).toBe(
			'Closed a month: Maison de Murat'
		);
		expect(describeOperatorEvent({ ...adjusted, details: { correctsMonth: 'soon' } })).toBe(
			'Added an adjustment: Maison de Murat'
		);
	});
});

describe('an entry about a company at one of the houses', () => {
	const joined = {
		action: 'company.joined',
		subject: 'Atelier Vert',
		details: { house: 'Maison des entreprises', startDate: '2026-12-01', model: 'cost_share' }
	};

	it('names the house, in both languages', () => {
		overwriteGetLocale(() => 'en');
		expect(describeOperatorEvent(joined)).toBe(
			'A company joined a house: Atelier Vert · Maison des entreprises'
		);
		expect(
			describeOperatorEvent({
				action: 'agreement.ended',
				subject: 'Atelier Vert',
				details: { house: 'Maison du Lac', endDate: '2026-12-31' }
			})
		).toBe('Ended an agreement: Atelier Vert · Maison du Lac');
		overwriteGetLocale(() => 'fr');
		expect(describeOperatorEvent(joined).replace(/\s/g, ' ')).toBe(
			'Une entreprise a rejoint une maison : Atelier Vert · Maison des entreprises'
		);
	});

	it('reads as before when its details lack the house, and never adds it to other entries', () => {
		overwriteGetLocale(() => 'en');
		expect(describeOperatorEvent({ ...joined, details: null })).toBe(
			'A company joined a house: Atelier Vert'
		);
		expect(
			describeOperatorEvent({
				action: 'costs.changed',
				subject: 'Maison du Lac',
				details: { house: 'Maison du Lac' }
			})
		).toBe('Changed running costs: Maison du Lac');
	});
});

describe('someone joining the operator', () => {
	const joined = { action: 'member.joined', subject: 'Camille', details: { role: 'staff' } };

	it('joined the operator, not a company, in both languages', () => {
		overwriteGetLocale(() => 'en');
		expect(describeOperatorEvent(joined)).toBe('Joined as Staff');
		overwriteGetLocale(() => 'fr');
		expect(describeOperatorEvent(joined)).toBe('A rejoint l’opérateur avec le rôle Personnel');
	});
});

describe('a check-in confirmed at the desk', () => {
	const counted = {
		action: 'check_in.confirmed',
		subject: 'Maison de Murat',
		details: { company: 'Scop Volcans', date: '2026-11-03', half: 'am', people: 1, person: null }
	};
	const named = { ...counted, details: { ...counted.details, half: 'day', person: 'Anne Martin' } };

	it('says the company, the date, the part of the day and the count, and no name', () => {
		overwriteGetLocale(() => 'en');
		expect(describeOperatorEvent(counted)).toBe(
			'Confirmed 1 check-in at the desk (Scop Volcans, 3 November 2026, morning): Maison de Murat'
		);
		overwriteGetLocale(() => 'fr');
		expect(describeOperatorEvent(counted).replace(/\s/g, ' ')).toBe(
			'A confirmé à l’accueil 1 pointage (Scop Volcans, 3 novembre 2026, matin) : Maison de Murat'
		);
	});

	it('names the person only when the entry stored the name (they opted in)', () => {
		overwriteGetLocale(() => 'en');
		expect(describeOperatorEvent(named)).toBe(
			'Confirmed the check-in of Anne Martin at the desk (Scop Volcans, 3 November 2026, all day): Maison de Murat'
		);
		overwriteGetLocale(() => 'fr');
		expect(describeOperatorEvent(named).replace(/\s/g, ' ')).toBe(
			'A confirmé à l’accueil le pointage d’Anne Martin (Scop Volcans, 3 novembre 2026, toute la journée) : Maison de Murat'
		);
	});

	it('reads as before when its details lack them', () => {
		overwriteGetLocale(() => 'en');
		expect(describeOperatorEvent({ ...counted, details: null })).toBe(
			'Confirmed a check-in at the desk: Maison de Murat'
		);
	});

	it('says so, as for a confirmation, when the desk took one back', () => {
		const withdrawn = { ...counted, action: 'check_in.withdrawn' };
		overwriteGetLocale(() => 'en');
		expect(describeOperatorEvent(withdrawn)).toBe(
			'Took back 1 check-in at the desk (Scop Volcans, 3 November 2026, morning): Maison de Murat'
		);
		expect(describeOperatorEvent({ ...named, action: 'check_in.withdrawn' })).toBe(
			'Took back the check-in of Anne Martin at the desk (Scop Volcans, 3 November 2026, all day): Maison de Murat'
		);
		overwriteGetLocale(() => 'fr');
		expect(describeOperatorEvent(withdrawn).replace(/\s/g, ' ')).toBe(
			'A annulé à l’accueil 1 pointage (Scop Volcans, 3 novembre 2026, matin) : Maison de Murat'
		);
	});
});
