import { elideFrench, formatDate, formatEuros, formatMonth } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import { operatorRoleLabel } from '$lib/operator-roles';
import { describeSharedEvent } from './shared-events';

type Details = Record<string, string | number | null> | null;

// Details are free-form JSON written over time: a role that is missing or unknown still reads.
function role(value: string | number | null | undefined): string {
	return value === 'admin' || value === 'staff' ? operatorRoleLabel(value) : m.audit_unknown_role();
}

/** A `YYYY-MM` from the details, as people read it; null when absent or not a month. */
function month(value: string | number | null | undefined): string | null {
	return typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value)
		? formatMonth(value)
		: null;
}

const halves: Record<string, () => string> = {
	day: m.operators_audit_half_day,
	am: m.operators_audit_half_am,
	pm: m.operators_audit_half_pm
};

/** The sentences of a desk entry: a check-in confirmed, or one taken back. */
const deskSentences = {
	confirmed: {
		plain: m.operators_audit_check_in_confirmed,
		person: m.operators_audit_check_in_confirmed_person,
		count: m.operators_audit_check_in_confirmed_count
	},
	withdrawn: {
		plain: m.operators_audit_check_in_withdrawn,
		person: m.operators_audit_check_in_withdrawn_person,
		count: m.operators_audit_check_in_withdrawn_count
	}
};

/**
 * A check-in confirmed (or taken back) at the desk, with what its details hold: the company, the
 * date, the part of the day and a count, and the person's name only where it was stored (they
 * opted in to the house directory; desk.ts decides, never this). Older or partial details read as
 * before.
 */
function deskConfirmation(
	name: string,
	details: NonNullable<Details>,
	sentences = deskSentences.confirmed
): string {
	const { company, date, half, people, person } = details;
	if (
		typeof company !== 'string' ||
		typeof date !== 'string' ||
		!/^\d{4}-\d{2}-\d{2}$/.test(date) ||
		typeof half !== 'string' ||
		!(half in halves)
	) {
		return sentences.plain({ name });
	}
	const where = { company, date: formatDate(date, 'full'), half: halves[half](), name };
	if (typeof person === 'string' && person !== '') {
		return sentences.person({
			...where,
			person,
			ofPerson: elideFrench('de', person)
		});
	}
	return sentences.count({
		...where,
		count: typeof people === 'number' ? people : 1
	});
}

/**
 * The sentence for an entry of an operator's log, in the reader's language. Closing a month and
 * adding an adjustment name the month (and the company and amount) from the details; an entry
 * whose details lack them still reads, as before.
 */
export function describeOperatorEvent(event: {
	action: string;
	subject: string;
	details: Details;
}): string {
	// Joining is shared with a company's log, whose French names the company ("l’entreprise").
	if (event.action === 'member.joined') {
		return m.operators_audit_member_joined({ role: role(event.details?.role) });
	}
	const shared = describeSharedEvent(event, role);
	if (shared !== undefined) return shared;
	const text = operatorSentence(event);
	// An operator runs several houses: a company's entry says at which, when its details name it.
	const house = event.details?.house;
	return houseEntries.has(event.action) && typeof house === 'string' && house !== ''
		? m.operators_audit_at_house({ text, house })
		: text;
}

/** The entries about a company at one of the houses, whose details name the house. */
const houseEntries = new Set([
	'company.invited',
	'company.invitation_revoked',
	'company.joined',
	'join.requested',
	'join.accepted',
	'join.declined',
	'join.withdrawn',
	'agreement.terms_changed',
	'agreement.ended'
]);

function operatorSentence(event: { action: string; subject: string; details: Details }): string {
	const name = event.subject;
	const details = event.details ?? {};
	switch (event.action) {
		case 'operator.created':
			return m.operators_audit_operator_created({ name });
		case 'member.removed':
			return m.operators_audit_member_removed({ name });
		case 'member.left':
			return m.operators_audit_member_left();
		case 'company.invited':
			return m.operators_audit_company_invited({ name });
		case 'company.invitation_revoked':
			return m.operators_audit_company_invitation_revoked({ name });
		case 'company.joined':
			return m.operators_audit_company_joined({ name });
		case 'join.requested':
			return m.operators_audit_join_requested({ name });
		case 'join.accepted':
			return m.operators_audit_join_accepted({ name });
		case 'join.declined':
			return m.operators_audit_join_declined({ name });
		case 'join.withdrawn':
			return m.operators_audit_join_withdrawn({ name });
		case 'agreement.terms_changed':
			return m.operators_audit_agreement_terms_changed({ name });
		case 'agreement.ended':
			return m.operators_audit_agreement_ended({ name });
		case 'costs.changed':
			return m.operators_audit_costs_changed({ name });
		case 'funding.changed':
			return m.operators_audit_funding_changed({ name });
		case 'month.closed': {
			const closed = month(details.month);
			return closed
				? m.operators_audit_month_closed_named({ month: closed, name })
				: m.operators_audit_month_closed({ name });
		}
		case 'adjustment.created': {
			const corrects = month(details.correctsMonth);
			const { company, amountCents } = details;
			return corrects && typeof company === 'string' && typeof amountCents === 'number'
				? m.operators_audit_adjustment_created_named({
						amount: formatEuros(amountCents),
						company,
						month: corrects,
						name
					})
				: m.operators_audit_adjustment_created({ name });
		}
		case 'check_in.confirmed':
			return deskConfirmation(name, details);
		case 'check_in.withdrawn':
			return deskConfirmation(name, details, deskSentences.withdrawn);
	}
	// Only the shared events, worded above, reach here.
	return event.action;
}
