// Stand-up notifications: answers open, the live round started, a blocker carried over. Each
// reaches the right people once, and nobody of another company.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { addMember, makeCompany, makeUser, standupInput } from '../helpers/factories';
import { notifications } from '../../src/lib/server/db/schema';
import { removeMember } from '../../src/lib/server/companies/members';
import { listNotifications } from '../../src/lib/server/notifications/notifications';
import { notifyOpenedStandups } from '../../src/lib/server/notifications/standups';
import { addBlocker } from '../../src/lib/server/standups/blockers';
import { roundCommand } from '../../src/lib/server/standups/rounds';
import {
	createStandup,
	getStandup,
	occurrenceOfDate,
	runForOccurrence,
	type StandupInput
} from '../../src/lib/server/standups/standups';

const { db } = useTempDatabase();

// Tuesday 10 March 2026: 09:30 in Paris is 08:30 UTC; the card opens an hour before.
const BEFORE_OPENING = Date.parse('2026-03-10T07:00:00Z');
const OPEN = Date.parse('2026-03-10T08:00:00Z');

const input = (overrides: Partial<StandupInput> = {}): StandupInput =>
	standupInput({ audience: 'people', opensMinutesBefore: 60, ...overrides });

const kinds = (userId: string) => listNotifications(userId, 'en').map((n) => n.kind);

describe('stand-up notifications', () => {
	it('answers open, blockers carried over and the live round, once each, for participants only', async () => {
		const owner = await makeUser('Owner');
		const ana = await makeUser('Ana');
		const bruno = await makeUser('Bruno');
		const company = makeCompany(owner);
		addMember(company, owner, ana, 'member');
		addMember(company, owner, bruno, 'member');
		const created = createStandup(
			company.id,
			{ userId: owner.id, role: 'owner' },
			input({ userIds: [ana.id, bruno.id], runners: 'participants' })
		);
		if (!created.ok) throw new Error(created.reason);
		const detail = getStandup(company.id, created.standup.id)!;
		// Another company's stand-up, open at the same time, with its own participant.
		const outsider = await makeUser('Outsider');
		const other = makeCompany(outsider);
		createStandup(
			other.id,
			{ userId: outsider.id, role: 'owner' },
			input({ audience: 'everyone', name: 'Elsewhere' })
		);

		// Monday's run left a blocker owned by Ana.
		const monday = runForOccurrence(
			detail.standup,
			occurrenceOfDate(detail.standup, '2026-03-09')!
		);
		addBlocker(monday, bruno.id, { text: 'Waiting for the keys', ownerId: ana.id });

		notifyOpenedStandups(BEFORE_OPENING);
		expect(kinds(ana.id)).toEqual([]);

		notifyOpenedStandups(OPEN);
		notifyOpenedStandups(OPEN + 60_000);
		expect(kinds(ana.id).sort()).toEqual(['blocker_carried', 'standup_open']);
		expect(kinds(bruno.id)).toEqual(['standup_open']);
		expect(kinds(owner.id)).toEqual([]);
		expect(kinds(outsider.id)).toEqual(['standup_open']);
		expect(listNotifications(outsider.id, 'en')[0].text).toBe('Answers are open for Elsewhere');
		const carried = listNotifications(ana.id, 'en').find((n) => n.kind === 'blocker_carried');
		expect(carried?.text).toBe('Your blocker “Waiting for the keys” carries over to Daily');
		expect(carried?.link).toBe(`/${company.slug}/standups/${detail.standup.id}`);

		// Ana starts the round: the other participants hear of it, the one who started it does not.
		const today = runForOccurrence(detail.standup, occurrenceOfDate(detail.standup, '2026-03-10')!);
		expect(
			roundCommand(detail, today.id, { userId: ana.id, role: 'member' }, 'start', OPEN).ok
		).toBe(true);
		expect(kinds(ana.id).filter((k) => k === 'standup_live')).toHaveLength(0);
		expect(kinds(bruno.id).filter((k) => k === 'standup_live')).toHaveLength(1);
		expect(kinds(owner.id)).toEqual([]);
		expect(kinds(outsider.id)).toEqual(['standup_open']);

		// Once live, a later check does not announce answers again.
		notifyOpenedStandups(OPEN + 120_000);
		expect(kinds(bruno.id).filter((k) => k === 'standup_open')).toHaveLength(1);
	});

	it('tells no one who has left the company that their blocker carries over', async () => {
		const owner = await makeUser('Owner');
		const ana = await makeUser('Ana');
		const company = makeCompany(owner, 'Scierie du Lioran');
		addMember(company, owner, ana, 'member');
		const created = createStandup(
			company.id,
			{ userId: owner.id, role: 'owner' },
			input({ audience: 'everyone', name: 'Point du Lioran' })
		);
		if (!created.ok) throw new Error(created.reason);
		const detail = getStandup(company.id, created.standup.id)!;
		const monday = runForOccurrence(
			detail.standup,
			occurrenceOfDate(detail.standup, '2026-03-09')!
		);
		addBlocker(monday, owner.id, { text: 'Le devis de la scierie', ownerId: ana.id });
		expect(removeMember(company.id, { userId: owner.id, role: 'owner' }, ana.id).ok).toBe(true);

		notifyOpenedStandups(OPEN);
		// Not in the centre (it filters by company) and not stored at all, so no push either.
		const stored = db()
			.select()
			.from(notifications)
			.where(and(eq(notifications.userId, ana.id), eq(notifications.kind, 'blocker_carried')))
			.all();
		expect(stored).toEqual([]);
	});
});
