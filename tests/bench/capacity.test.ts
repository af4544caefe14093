// The `capacity` bench part's own logic: the region it writes is one the app accepts (every
// seeded person is signed in and a member, every stand-up has a run open for answers at 09:xx
// local time), and a step is judged broken exactly when a service level of issue 23 is.
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { SESSION_COOKIE, validateSessionToken } from '../../src/lib/server/auth/session';
import { companyAccess } from '../../src/lib/server/companies/companies';
import { getStandup, participantsOf, getRun } from '../../src/lib/server/standups/standups';
import { morningSlot, seedCompanies, seedStandups } from '../../bench/capacity/seed';
import { limitsBroken, type StepRow } from '../../bench/capacity/service-levels';

useTempDatabase();

describe('the seeded region', () => {
	it('signs everyone in as a member of their company, the owner first', () => {
		const seeds = seedCompanies(0, 2, { people: 4, houses: 2, documents: 1 });
		expect(seeds).toHaveLength(2);
		for (const seed of seeds) {
			expect(seed.houseIds).toHaveLength(2);
			expect(seed.documentIds).toHaveLength(1);
			expect(seed.people).toHaveLength(4);
			for (const [index, person] of seed.people.entries()) {
				const token = person.cookie.slice(`${SESSION_COOKIE}=`.length);
				expect(validateSessionToken(token).user?.id).toBe(person.userId);
				expect(companyAccess(seed.slug, person.userId)?.membership.role).toBe(
					index === 0 ? 'owner' : 'member'
				);
			}
		}
		// Nobody belongs to the other company.
		expect(companyAccess(seeds[1].slug, seeds[0].people[1].userId)).toBeNull();
	});

	it('gives each chosen company a stand-up with everyone in it and a run open for answers', () => {
		const [seed] = seedCompanies(2, 1, { people: 3, houses: 1, documents: 1 });
		seedStandups([seed]);
		expect(seed.standup).not.toBeNull();
		const detail = getStandup(seed.id, seed.standup!.id)!;
		expect(
			participantsOf(detail)
				.map((p) => p.userId)
				.sort()
		).toEqual(seed.people.map((p) => p.userId).sort());
		expect(seed.standup!.questionIds).toEqual(detail.questions.map((q) => q.id));
		expect(getRun(seed.id, seed.standup!.runId)?.status).toBe('open');
	});

	it('places stand-ups at 09:xx local time, half an hour ahead, whatever the hour', () => {
		const start = Date.parse('2026-12-03T00:07:00Z');
		for (let now = start; now < start + 2 * 86_400_000; now += 37 * 60_000) {
			const slot = morningSlot(now);
			const local = new Intl.DateTimeFormat('en-GB', {
				timeZone: slot.timeZone,
				hour: '2-digit',
				minute: '2-digit',
				hourCycle: 'h23'
			}).format(new Date(now + 30 * 60_000));
			expect(local, `${new Date(now).toISOString()} → ${slot.timeZone}`).toBe(slot.time);
			expect(slot.time).toMatch(/^09:\d\d$/);
		}
	});
});

function step(overrides: Partial<Omit<StepRow, 'broken'>> = {}): Omit<StepRow, 'broken'> {
	const ms = (...values: number[]) => Float64Array.from(values).sort();
	const use = { cores: 0.5, rssBytes: 200 << 20, writtenBytesPerSecond: 0 };
	return {
		companies: 1,
		people: 10,
		figures: {
			board: ms(20, 30, 490),
			live: ms(10, 900),
			edit: ms(5, 99),
			actions: ms(15),
			standup: ms(40)
		},
		missedLive: 0,
		missedEdits: 0,
		keystrokes: 100,
		writes: 10,
		streams: 10,
		editors: 2,
		errors: 0,
		firstError: null,
		calls: [{ call: 0, fps: 29.5, audio: 1, streams: '4/4' }],
		seconds: 10,
		app: use,
		media: use,
		...overrides
	};
}

describe('a step against the service levels', () => {
	it('holds when every figure is within its level', () => {
		expect(limitsBroken(step())).toEqual([]);
	});

	it('breaks on each level of issue 23', () => {
		const figures = step().figures;
		const ms = (value: number) => Float64Array.of(value);
		expect(limitsBroken(step({ figures: { ...figures, board: ms(501) } }))).toEqual([
			'board p99 501 ms > 500 ms'
		]);
		expect(limitsBroken(step({ figures: { ...figures, edit: ms(101) } }))).toEqual([
			'edit fan-out p99 101 ms > 100 ms'
		]);
		expect(limitsBroken(step({ figures: { ...figures, live: ms(1001) } }))).toEqual([
			'live event p99 1001 ms > 1 s'
		]);
		expect(
			limitsBroken(step({ calls: [{ call: 1, fps: 19.5, audio: 1, streams: '4/4' }] }))
		).toEqual(['call 1 at 19.5 fps']);
		expect(
			limitsBroken(step({ calls: [{ call: 0, fps: 30, audio: 0.9, streams: '4/4' }] }))
		).toEqual(['call 0 audio at 90%']);
	});

	it('breaks when requests fail or deliveries are lost, not on one in a thousand', () => {
		expect(limitsBroken(step({ errors: 1 }))).toEqual(['1 failed requests']);
		expect(limitsBroken(step({ missedLive: 1 }))).toEqual(['1 live events lost']);
		expect(limitsBroken(step({ missedEdits: 1 }))).toEqual(['1 keystrokes lost']);
		const many = Float64Array.from({ length: 2000 }, () => 10);
		expect(
			limitsBroken(step({ figures: { ...step().figures, live: many }, missedLive: 1 }))
		).toEqual([]);
	});
});
