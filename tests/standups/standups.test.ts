import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { addMember, makeCompany, makeHouse, makeUser, standupInput } from '../helpers/factories';
import {
	documents,
	notifications,
	roomPresence,
	standupAttendance,
	standupVisits,
	type Company,
	type User
} from '../../src/lib/server/db/schema';
import { documentMarkdown } from '../../src/lib/server/documents/export';
import { loadDocumentState } from '../../src/lib/server/documents/store';
import { setHomeHouse } from '../../src/lib/server/houses/houses';
import {
	addBlocker,
	blockersOfRun,
	openBlockers,
	setBlockerResolved
} from '../../src/lib/server/standups/blockers';
import { standupHistory } from '../../src/lib/server/standups/history';
import {
	joinFromStandupRooms,
	roundCommand,
	writeSummary
} from '../../src/lib/server/standups/rounds';
import { ensureStandupRoom } from '../../src/lib/server/standups/room';
import { closeOverdueRuns, closeUnheldRuns } from '../../src/lib/server/standups/unheld';
import { standupCard } from '../../src/lib/server/standups/views';
import { notificationText } from '../../src/lib/server/notifications/notifications';
import { removeMember } from '../../src/lib/server/companies/members';
import { registerStandupRooms } from '../../src/lib/server/standups/video-rooms';
import { reconcileNow } from '../../src/lib/server/video/reconcile';
import {
	createStandup,
	currentRun,
	getRun,
	getStandup,
	lastStartOf,
	participantsOf,
	runAnswers,
	runForOccurrence,
	runState,
	saveAnswers,
	updateStandup,
	type StandupDetail,
	type StandupInput
} from '../../src/lib/server/standups/standups';
import { updateProfile } from '../../src/lib/server/auth/user';

const { db } = useTempDatabase();
// As at start-up (hooks.server.ts): stand-up visits follow the rooms once registered.
registerStandupRooms();

let owner: User, ana: User, bruno: User, chloe: User, outsider: User;
let company: Company;
let murat: string, aurillac: string;
const asOwner = () => ({ userId: owner.id, role: 'owner' as const });
const asMember = (user: User) => ({ userId: user.id, role: 'member' as const });

beforeAll(async () => {
	owner = await makeUser('Owner');
	ana = await makeUser('Ana');
	bruno = await makeUser('Bruno');
	chloe = await makeUser('Chloe');
	outsider = await makeUser('Outsider');
	company = makeCompany(owner);
	for (const user of [ana, bruno, chloe]) addMember(company, owner, user, 'member');
	murat = makeHouse(company, owner, { name: 'Murat' }).id;
	aurillac = makeHouse(company, owner, { name: 'Aurillac', timeZone: 'America/Martinique' }).id;
	setHomeHouse(company.id, ana.id, murat);
	setHomeHouse(company.id, bruno.id, aurillac);
	setHomeHouse(company.id, chloe.id, murat);
	makeCompany(outsider);
});

function input(overrides: Partial<StandupInput> = {}): StandupInput {
	return standupInput({ questions: ['Yesterday?', 'Today?'], ...overrides });
}

/** Someone enters the stand-up's call: the LiveKit webhook's effect on room_presence, then its hook. */
function enterRoom(roomId: string, user: User, at: number) {
	db()
		.insert(roomPresence)
		.values({
			roomId,
			identity: user.id,
			participantSid: `PA_${user.id}_${at}`,
			name: user.name,
			joinedAt: new Date(at)
		})
		.run();
	joinFromStandupRooms(company.id, [user.id], at);
}

function leaveRoom(roomId: string, user: User, at: number) {
	db()
		.delete(roomPresence)
		.where(and(eq(roomPresence.roomId, roomId), eq(roomPresence.identity, user.id)))
		.run();
	joinFromStandupRooms(company.id, [user.id], at);
}

function created(overrides: Partial<StandupInput> = {}) {
	const result = createStandup(company.id, asOwner(), input(overrides));
	if (!result.ok) throw new Error(result.reason);
	return getStandup(company.id, result.standup.id)!;
}

const MONDAY = Date.parse('2026-01-12T08:00:00Z');

describe('setting up', () => {
	it('only managers create stand-ups', () => {
		expect(createStandup(company.id, asMember(ana), input())).toEqual({
			ok: false,
			reason: 'not_allowed'
		});
	});

	it('refuses houses and people of another company', async () => {
		const other = makeCompany(outsider, 'Elsewhere');
		const foreignHouse = makeHouse(other, outsider).id;
		expect(
			createStandup(company.id, asOwner(), input({ audience: 'houses', houseIds: [foreignHouse] }))
		).toEqual({ ok: false, reason: 'unknown_house' });
		expect(
			createStandup(company.id, asOwner(), input({ audience: 'people', userIds: [outsider.id] }))
		).toEqual({ ok: false, reason: 'unknown_person' });
	});

	it('takes everyone, the people of some houses, or chosen people', () => {
		const names = (overrides: Partial<StandupInput>) =>
			participantsOf(created(overrides)).map((p) => p.userId);
		expect(names({})).toHaveLength(4);
		expect(new Set(names({ audience: 'houses', houseIds: [murat] }))).toEqual(
			new Set([ana.id, chloe.id])
		);
		expect(names({ audience: 'people', userIds: [bruno.id] })).toEqual([bruno.id]);
	});
});

describe('answers before the meeting', () => {
	it('are drafts until submitted, editable until the round starts, then locked', () => {
		const detail = created();
		const run = currentRun(detail.standup, MONDAY)!;
		expect(run.date).toBe('2026-01-12');
		const [yesterday, today] = detail.questions;
		expect(
			saveAnswers(detail, run.id, ana.id, { [yesterday.id]: 'Planner' }, false, MONDAY)
		).toEqual({ ok: true });
		expect(runAnswers(run.id)[0].submittedAt).toBeNull();
		saveAnswers(
			detail,
			run.id,
			ana.id,
			{ [yesterday.id]: 'Planner', [today.id]: 'QR' },
			true,
			MONDAY
		);
		const [answer] = runAnswers(run.id);
		expect(answer.submittedAt).not.toBeNull();
		expect(answer.answers.map((a) => a.text)).toEqual(['Planner', 'QR']);
		expect(roundCommand(detail, run.id, asOwner(), 'start', MONDAY + 1).ok).toBe(true);
		expect(saveAnswers(detail, run.id, ana.id, {}, true, MONDAY + 2)).toEqual({
			ok: false,
			reason: 'locked'
		});
	});

	it('refuses answers sent with every field empty, and counts nobody for them', () => {
		const detail = created();
		const run = currentRun(detail.standup, MONDAY)!;
		const [yesterday, today] = detail.questions;
		const blank = { [yesterday.id]: '', [today.id]: '  \n ' };
		expect(saveAnswers(detail, run.id, ana.id, blank, true, MONDAY)).toEqual({
			ok: false,
			reason: 'empty'
		});
		expect(saveAnswers(detail, run.id, ana.id, {}, true, MONDAY)).toEqual({
			ok: false,
			reason: 'empty'
		});
		expect(runAnswers(run.id)).toEqual([]);
		// A blank draft is kept (nothing is counted); one answer out of two is enough to send.
		expect(saveAnswers(detail, run.id, ana.id, blank, false, MONDAY)).toEqual({ ok: true });
		expect(saveAnswers(detail, run.id, ana.id, { [today.id]: 'Planner' }, true, MONDAY)).toEqual({
			ok: true
		});
		// Emptying sent answers through a draft would leave an empty answer counted: refused too.
		expect(saveAnswers(detail, run.id, ana.id, blank, false, MONDAY + 1)).toEqual({
			ok: false,
			reason: 'empty'
		});
		const [kept] = runAnswers(run.id);
		expect(kept.submittedAt).not.toBeNull();
		expect(kept.answers.map((a) => a.text)).toEqual(['', 'Planner']);
	});

	it('only participants answer', () => {
		const detail = created({ audience: 'people', userIds: [bruno.id] });
		const run = currentRun(detail.standup, MONDAY)!;
		expect(saveAnswers(detail, run.id, ana.id, {}, true, MONDAY)).toEqual({
			ok: false,
			reason: 'not_participant'
		});
	});
});

describe('editing a stand-up', () => {
	/** The stand-up saved again through its edit form with `overrides`; its detail after. */
	function edited(detail: StandupDetail, overrides: Partial<StandupInput>): StandupDetail {
		const result = updateStandup(company.id, asOwner(), detail.standup.id, {
			...input(),
			name: detail.standup.name,
			questions: detail.questions.map((question) => question.text),
			...overrides
		});
		if (!result.ok) throw new Error(result.reason);
		return getStandup(company.id, detail.standup.id)!;
	}

	/** Ana's answers of the run as her page reads them: by the current questions' ids. */
	const boxes = (detail: StandupDetail, runId: string) => {
		const texts = new Map(runAnswers(runId)[0].answers.map((a) => [a.questionId, a.text]));
		return detail.questions.map((question) => texts.get(question.id) ?? '');
	};

	it('keeps the answers already written: the questions that stay keep their ids', () => {
		const detail = created();
		const run = currentRun(detail.standup, MONDAY)!;
		const [yesterday, today] = detail.questions;
		saveAnswers(
			detail,
			run.id,
			ana.id,
			{ [yesterday.id]: 'Planner', [today.id]: 'QR codes' },
			false,
			MONDAY
		);
		// Renamed only: every answer box still shows what Ana wrote.
		const renamed = edited(detail, { name: 'Point du matin' });
		expect(renamed.questions.map((q) => q.id)).toEqual([yesterday.id, today.id]);
		expect(boxes(renamed, run.id)).toEqual(['Planner', 'QR codes']);
		// Moved: each keeps its id and its answer.
		const swapped = edited(renamed, { questions: ['Today?', 'Yesterday?'] });
		expect(swapped.questions.map((q) => q.id)).toEqual([today.id, yesterday.id]);
		expect(boxes(swapped, run.id)).toEqual(['QR codes', 'Planner']);
		// A question whose wording changed is another question: no answer shows under it that
		// was written for the old one; a question added has none either.
		const reworded = edited(swapped, {
			questions: ['Today?', 'Anything blocking you?', 'Blocked?']
		});
		expect(reworded.questions[0].id).toBe(today.id);
		expect(boxes(reworded, run.id)).toEqual(['QR codes', '', '']);
		// A draft saved from the page after the edit keeps the answers it was shown.
		const [todayNow, anything, blocked] = reworded.questions;
		saveAnswers(
			reworded,
			run.id,
			ana.id,
			{ [todayNow.id]: 'QR codes', [anything.id]: 'No', [blocked.id]: 'Nothing' },
			false,
			MONDAY
		);
		expect(boxes(reworded, run.id)).toEqual(['QR codes', 'No', 'Nothing']);
		// A question removed is gone from the stand-up; the answer written keeps its text.
		const shorter = edited(reworded, { questions: ['Today?'] });
		expect(shorter.questions.map((q) => q.id)).toEqual([today.id]);
		expect(boxes(shorter, run.id)).toEqual(['QR codes']);
	});

	it('moves a run not started yet to the new time, and drops an empty one whose day is gone', () => {
		const detail = created({ days: [1, 2, 3, 4, 5], time: '09:30' });
		// Monday 09:00 in Paris: Monday's run is open, created with its 09:30 start.
		const monday = currentRun(detail.standup, MONDAY)!;
		expect(monday.startsAt.toISOString()).toBe('2026-01-12T08:30:00.000Z');
		const later = edited(detail, { time: '14:00' });
		expect(getRun(company.id, monday.id)!.startsAt.toISOString()).toBe('2026-01-12T13:00:00.000Z');
		// Its card now opens at 12:00 (two hours before): then the page shows the same run.
		expect(currentRun(later.standup, MONDAY)).toBeNull();
		expect(currentRun(later.standup, Date.parse('2026-01-12T11:30:00Z'))!.id).toBe(monday.id);

		// Tuesday's run, opened early (its card opens two hours before): nobody wrote for it.
		const tuesdayAt = Date.parse('2026-01-13T12:00:00Z');
		const tuesday = currentRun(later.standup, tuesdayAt)!;
		expect(tuesday.date).toBe('2026-01-13');
		// Wednesday's, with Ana's draft.
		const wednesdayAt = Date.parse('2026-01-14T12:00:00Z');
		const wednesday = currentRun(later.standup, wednesdayAt)!;
		saveAnswers(
			later,
			wednesday.id,
			ana.id,
			{ [later.questions[0].id]: 'Devis' },
			false,
			wednesdayAt
		);
		// Friday's, with only a blocker raised at it.
		const fridayAt = Date.parse('2026-01-16T12:00:00Z');
		const friday = currentRun(later.standup, fridayAt)!;
		addBlocker(friday, bruno.id, { text: 'Van keys lost', ownerId: chloe.id }, fridayAt);
		// Held on Mondays and Thursdays only from now on.
		edited(later, { days: [1, 4], time: '14:00' });
		expect(getRun(company.id, tuesday.id)).toBeUndefined();
		expect(getRun(company.id, wednesday.id)?.status).toBe('open');
		expect(getRun(company.id, friday.id)?.status).toBe('open');
		expect(getRun(company.id, monday.id)?.startsAt.toISOString()).toBe('2026-01-12T13:00:00.000Z');
	});
});

describe('rounds', () => {
	it('cannot start a run more than 12 hours after its time, from a page left open', () => {
		const detail = created();
		const run = currentRun(detail.standup, MONDAY)!;
		const tooLate = lastStartOf(run.startsAt) + 1;
		expect(roundCommand(detail, run.id, asOwner(), 'start', tooLate)).toEqual({
			ok: false,
			error: 'too_late'
		});
		expect(runState(getRun(company.id, run.id)!).status).toBe('open');
		expect(roundCommand(detail, run.id, asOwner(), 'start', tooLate - 2).ok).toBe(true);
	});

	it('only those allowed start or take over; only the runner moves on', () => {
		const detail = created();
		const run = currentRun(detail.standup, MONDAY)!;
		expect(roundCommand(detail, run.id, asMember(ana), 'start', MONDAY)).toEqual({
			ok: false,
			error: 'not_allowed'
		});
		expect(roundCommand(detail, run.id, asOwner(), 'start', MONDAY).ok).toBe(true);
		expect(roundCommand(detail, run.id, asMember(ana), 'next', MONDAY)).toEqual({
			ok: false,
			error: 'not_runner'
		});
		expect(roundCommand(detail, run.id, asMember(ana), 'takeover', MONDAY)).toEqual({
			ok: false,
			error: 'not_allowed'
		});
	});

	it('lets a participant take over when participants may run it, and keeps the state', () => {
		const detail = created({ runners: 'participants' });
		const run = currentRun(detail.standup, MONDAY)!;
		roundCommand(detail, run.id, asMember(bruno), 'join', MONDAY);
		roundCommand(detail, run.id, asMember(ana), 'start', MONDAY);
		roundCommand(detail, run.id, asMember(ana), 'next', MONDAY + 10);
		const before = runState(currentRun(detail.standup, MONDAY + 20)!);
		const result = roundCommand(detail, run.id, asMember(chloe), 'takeover', MONDAY + 20);
		expect(result.ok && result.state.runnerId).toBe(chloe.id);
		expect(result.ok && result.state.speakers).toEqual(before.speakers);
		expect(roundCommand(detail, run.id, asMember(chloe), 'next', MONDAY + 30).ok).toBe(true);
	});

	it('counts whoever is already in the stand-up’s video room as present at the start', () => {
		const first = created({ name: 'With a room' });
		const roomId = ensureStandupRoom(first.standup);
		const detail = getStandup(company.id, first.standup.id)!;
		expect(detail.standup.roomId).toBe(roomId);
		db()
			.insert(roomPresence)
			.values({
				roomId,
				identity: chloe.id,
				participantSid: 'PA_chloe',
				name: chloe.name,
				joinedAt: new Date(MONDAY)
			})
			.run();
		const run = currentRun(detail.standup, MONDAY)!;
		const result = roundCommand(detail, run.id, asOwner(), 'start', MONDAY + 1);
		expect(result.ok && result.state.speakers.map((s) => s.userId).sort()).toEqual(
			[owner.id, chloe.id].sort()
		);
	});

	it('slots in a participant who enters the stand-up’s call during the round', () => {
		const first = created({ name: 'Call joiners', audience: 'houses', houseIds: [murat] });
		const roomId = ensureStandupRoom(first.standup);
		const detail = getStandup(company.id, first.standup.id)!;
		const run = currentRun(detail.standup, MONDAY)!;
		roundCommand(detail, run.id, asOwner(), 'start', MONDAY + 1);
		for (const person of [ana, bruno]) {
			db()
				.insert(roomPresence)
				.values({
					roomId,
					identity: person.id,
					participantSid: `PA_${person.id}`,
					name: person.name,
					joinedAt: new Date(MONDAY + 2)
				})
				.run();
		}
		joinFromStandupRooms(company.id, [ana.id, bruno.id], MONDAY + 3);
		const state = runState(currentRun(detail.standup, MONDAY + 4)!);
		// Ana (Murat) takes part and is slotted in; Bruno (Aurillac) does not take part.
		// Nobody had spoken yet: her turn had not come, so she is slotted in on time.
		expect(state.speakers.map((s) => [s.userId, s.late])).toEqual([[ana.id, false]]);
		expect(state.absent.map((p) => p.userId)).toEqual([chloe.id]);
	});

	it('ending records attendance and answers in time, and writes the summary document', async () => {
		const detail = created({ name: 'Summary stand-up' });
		const run = currentRun(detail.standup, MONDAY)!;
		const [yesterday] = detail.questions;
		saveAnswers(detail, run.id, bruno.id, { [yesterday.id]: 'Wrote the grant' }, true, MONDAY);
		saveAnswers(detail, run.id, chloe.id, { [yesterday.id]: 'Away at the fair' }, true, MONDAY);
		addBlocker(run, bruno.id, { text: 'Printer jammed', ownerId: chloe.id }, MONDAY);
		const roomId = ensureStandupRoom(detail.standup);
		// Bruno and the owner are in the call before the start; Chloé only presses "join".
		enterRoom(roomId, bruno, MONDAY);
		enterRoom(roomId, owner, MONDAY);
		roundCommand(detail, run.id, asMember(chloe), 'join', MONDAY);
		roundCommand(detail, run.id, asOwner(), 'start', MONDAY + 1);
		// Bruno (Aurillac) has spoken; the owner (no house) speaks: Murat's turn has passed.
		roundCommand(detail, run.id, asOwner(), 'next', MONDAY + 2);
		enterRoom(roomId, ana, MONDAY + 3); // late
		leaveRoom(roomId, bruno, MONDAY + 4); // was there: still present
		const ended = roundCommand(detail, run.id, asOwner(), 'end', MONDAY + 5);
		expect(ended.ok && ended.state.status).toBe('ended');

		const rows = db()
			.select()
			.from(standupAttendance)
			.where(eq(standupAttendance.runId, run.id))
			.all();
		const byUser = Object.fromEntries(rows.map((row) => [row.userId, row]));
		expect(byUser[bruno.id]).toMatchObject({
			attended: true,
			answeredOnTime: true,
			houseName: 'Aurillac'
		});
		expect(byUser[owner.id]).toMatchObject({ attended: true, late: false });
		// The owner and Ana are still in the call: their stays end with the round, not later.
		const stays = db().select().from(standupVisits).where(eq(standupVisits.runId, run.id)).all();
		expect(stays.map((stay) => stay.leftAt?.getTime())).toEqual(
			stays.map((stay) => (stay.userId === bruno.id ? MONDAY + 4 : MONDAY + 5))
		);
		// In the speaking order (she pressed "join") but never in the call.
		expect(byUser[chloe.id]).toMatchObject({ attended: false, late: false, answeredOnTime: true });
		expect(byUser[ana.id]).toMatchObject({ attended: true, late: true, answeredOnTime: false });

		const documentId = await writeSummary(detail, run.id, asOwner());
		expect(documentId).not.toBeNull();
		const document = db().select().from(documents).where(eq(documents.id, documentId!)).get()!;
		expect(document.companyId).toBe(company.id);
		const markdown = documentMarkdown(document.title, loadDocumentState(document.id).state);
		expect(markdown).toContain('# Stand-up · Summary stand-up · 12 January 2026');
		expect(markdown).toContain('### Aurillac');
		expect(markdown).toContain('- Yesterday? — Wrote the grant');
		expect(markdown).toContain(`${chloe.name} (absent)`);
		expect(markdown).toContain('- Yesterday? — Away at the fair');
		expect(markdown).toContain(`${ana.name} (joined late)`);
		expect(markdown).toContain(`- Printer jammed — ${chloe.name} (open)`);
		expect(markdown).toContain(
			`- Murat: 1 of 2 present — late: ${ana.name} — absent: ${chloe.name}`
		);
		expect(markdown).toContain('- Aurillac: 1 of 1 present');
		expect(markdown).not.toContain('Aurillac: 1 of 1 present —');
		// Written once: asking again gives the same document.
		expect(await writeSummary(detail, run.id, asOwner())).toBe(documentId);
	});
});

describe('the stand-ups list', () => {
	it('names as next the occurrence still to be held: not one under way or held early', () => {
		const detail = created({ name: 'Held early' });
		const run = currentRun(detail.standup, MONDAY)!;
		expect(run.date).toBe('2026-01-12');
		const card = (at: number) =>
			standupCard(getStandup(company.id, detail.standup.id)!, owner.id, null, at);
		expect(card(MONDAY).next?.date).toBe('2026-01-12');
		// Started half an hour before its 09:30, then ended: Tuesday's is next.
		expect(roundCommand(detail, run.id, asOwner(), 'start', MONDAY + 1).ok).toBe(true);
		expect(card(MONDAY + 2).next?.date).toBe('2026-01-13');
		expect(roundCommand(detail, run.id, asOwner(), 'end', MONDAY + 3).ok).toBe(true);
		expect(card(MONDAY + 4).next?.date).toBe('2026-01-13');
	});
});

describe('a run nobody started', () => {
	/** The document a closed run's notes went into. */
	const notesOf = (run: { summaryDocumentId: string | null }) =>
		db().select().from(documents).where(eq(documents.id, run.summaryDocumentId!)).get()!;

	it('is not held once its last start passes; what was written for it is kept in notes the history lists', async () => {
		const detail = created({ name: 'Unheld' });
		const run = currentRun(detail.standup, MONDAY)!;
		const [yesterday, today] = detail.questions;
		saveAnswers(detail, run.id, bruno.id, { [yesterday.id]: 'Wrote the grant' }, true, MONDAY);
		saveAnswers(detail, run.id, ana.id, { [today.id]: 'Planner review' }, false, MONDAY);
		addBlocker(run, bruno.id, { text: 'Van keys lost', ownerId: chloe.id }, MONDAY);
		const lastStart = lastStartOf(run.startsAt);

		// Still startable: nothing is closed.
		expect(await closeUnheldRuns(detail, asMember(ana), lastStart)).toBe(0);
		expect(getRun(company.id, run.id)!.status).toBe('open');

		// Past it, two pages at once close it once: one set of notes.
		const closed = await Promise.all([
			closeUnheldRuns(detail, asMember(ana), lastStart + 1),
			closeUnheldRuns(detail, asMember(chloe), lastStart + 1)
		]);
		expect(closed.sort()).toEqual([0, 1]);
		const after = getRun(company.id, run.id)!;
		expect(after.status).toBe('not_held');
		expect(runState(after).status).toBe('open');
		const notes = notesOf(after);
		expect(notes.companyId).toBe(company.id);
		const markdown = documentMarkdown(notes.title, loadDocumentState(notes.id).state);
		expect(markdown).toContain('# Stand-up · Unheld · 12 January 2026');
		expect(markdown).toContain('This stand-up was not held: nobody started the round.');
		expect(markdown).toContain('- Yesterday? — Wrote the grant');
		expect(markdown).toContain(`${ana.name} (draft)`);
		expect(markdown).toContain('- Today? — Planner review');
		expect(markdown).toContain(`- Van keys lost — ${chloe.name} (open)`);
		// Only those who wrote, and no one marked absent or counted.
		expect(markdown).not.toContain(chloe.name + '\n');
		expect(markdown).not.toContain('absent');
		expect(markdown).not.toContain('## Attendance');

		// Answers are locked, and it can no longer be started.
		expect(
			saveAnswers(detail, run.id, chloe.id, { [today.id]: 'Late' }, true, lastStart + 2)
		).toEqual({ ok: false, reason: 'locked' });
		expect(roundCommand(detail, run.id, asOwner(), 'start', lastStart + 2)).toEqual({
			ok: false,
			error: 'too_late'
		});

		// The history lists it as not held, with its notes, and counts no attendance for it.
		const history = standupHistory(detail, lastStart + 3);
		expect(history.runs).toEqual([
			expect.objectContaining({
				id: run.id,
				held: false,
				expected: 0,
				summaryDocumentId: after.summaryDocumentId
			})
		]);
		expect(history.people).toEqual([]);
		expect(history.answeredOnTimeRate).toBeNull();
	});

	it('with nothing written, is closed without notes and left out of the history', async () => {
		const detail = created({ name: 'Unheld and unwritten' });
		const run = currentRun(detail.standup, MONDAY)!;
		const [yesterday] = detail.questions;
		// A blank draft is not something written.
		saveAnswers(detail, run.id, ana.id, { [yesterday.id]: '' }, false, MONDAY);
		const later = lastStartOf(run.startsAt) + 1;
		expect(await closeUnheldRuns(detail, asOwner(), later)).toBe(1);
		const after = getRun(company.id, run.id)!;
		expect(after.status).toBe('not_held');
		expect(after.summaryDocumentId).toBeNull();
		expect(standupHistory(detail, later).runs).toEqual([]);
		// The stand-up has moved on, as before: the closed run is no longer its current one.
		expect(currentRun(detail.standup, later)?.id).not.toBe(run.id);
	});
	/** The "not held" notifications of one run, by person. */
	const notHeldNotices = (runId: string) =>
		db()
			.select()
			.from(notifications)
			.where(
				and(
					eq(notifications.kind, 'standup_not_held'),
					eq(notifications.dedupeKey, `standup_not_held:${runId}`)
				)
			)
			.all();

	it('is closed by the minute check when nobody opens the stand-up, and those who wrote are told once', async () => {
		const detail = created({ name: 'Unheld, unseen' });
		const run = currentRun(detail.standup, MONDAY)!;
		const [yesterday, today] = detail.questions;
		saveAnswers(detail, run.id, bruno.id, { [yesterday.id]: 'Wrote the grant' }, true, MONDAY);
		saveAnswers(detail, run.id, ana.id, { [today.id]: 'Planner review' }, false, MONDAY);
		const lastStart = lastStartOf(run.startsAt);

		await closeOverdueRuns(lastStart);
		expect(getRun(company.id, run.id)!.status).toBe('open');
		expect(notHeldNotices(run.id)).toEqual([]);

		await closeOverdueRuns(lastStart + 1);
		const after = getRun(company.id, run.id)!;
		expect(after.status).toBe('not_held');
		const notes = notesOf(after);
		// No one's view closed it: the notes are the stand-up creator's.
		expect(notes.createdBy).toBe(owner.id);
		expect(documentMarkdown(notes.title, loadDocumentState(notes.id).state)).toContain(
			'- Yesterday? — Wrote the grant'
		);

		// Those who wrote, draft or sent, and no one else; the link opens the notes.
		const notices = notHeldNotices(run.id);
		expect(notices.map((row) => row.userId).sort()).toEqual([ana.id, bruno.id].sort());
		for (const notice of notices) {
			expect(notice.companyId).toBe(company.id);
			expect(notice.link).toBe(`/${company.slug}/documents/${notes.id}`);
		}
		const { payload } = notices[0];
		expect(notificationText('standup_not_held', payload, 'en')).toBe(
			'Unheld, unseen on 12 January 2026 was not held: your answers are kept in its notes'
		);
		expect(notificationText('standup_not_held', payload, 'fr')).toBe(
			'«\u202fUnheld, unseen\u202f» du 12 janvier 2026 n’a pas eu lieu\u202f: vos réponses sont gardées dans ses notes'
		);

		// The next checks find nothing more to close or tell.
		await closeOverdueRuns(lastStart + 60_000);
		expect(notHeldNotices(run.id)).toHaveLength(2);
	});

	it('closed by a page view, also tells those who wrote; someone who left the company is not told', async () => {
		const dana = await makeUser('Dana');
		addMember(company, owner, dana, 'member');
		const detail = created({ name: 'Unheld, seen' });
		const run = currentRun(detail.standup, MONDAY)!;
		const [yesterday] = detail.questions;
		saveAnswers(detail, run.id, dana.id, { [yesterday.id]: 'Leaving Friday' }, true, MONDAY);
		saveAnswers(detail, run.id, chloe.id, { [yesterday.id]: 'Inventory' }, true, MONDAY);
		expect(removeMember(company.id, asOwner(), dana.id)).toMatchObject({ ok: true });

		expect(await closeUnheldRuns(detail, asMember(ana), lastStartOf(run.startsAt) + 1)).toBe(1);
		expect(notHeldNotices(run.id).map((row) => row.userId)).toEqual([chloe.id]);
	});

	it('when its creator has left, the notes are those of someone who wrote', async () => {
		const erwan = await makeUser('Erwan');
		addMember(company, owner, erwan, 'manager');
		const made = createStandup(
			company.id,
			{ userId: erwan.id, role: 'manager' },
			input({ name: 'Unheld, creator gone' })
		);
		if (!made.ok) throw new Error(made.reason);
		const detail = getStandup(company.id, made.standup.id)!;
		const run = currentRun(detail.standup, MONDAY)!;
		const [yesterday] = detail.questions;
		saveAnswers(detail, run.id, bruno.id, { [yesterday.id]: 'Quotes sent' }, true, MONDAY);
		expect(removeMember(company.id, asOwner(), erwan.id)).toMatchObject({ ok: true });

		await closeOverdueRuns(lastStartOf(run.startsAt) + 1);
		const after = getRun(company.id, run.id)!;
		expect(after.status).toBe('not_held');
		const notes = notesOf(after);
		expect(notes.createdBy).toBe(bruno.id);
	});
});

describe('a run closed as not held', () => {
	it('takes no more commands: a join from a page loaded before does not reopen it', async () => {
		const detail = created({ name: 'Closed, then joined' });
		const run = currentRun(detail.standup, MONDAY)!;
		const [yesterday] = detail.questions;
		saveAnswers(detail, run.id, bruno.id, { [yesterday.id]: 'Wrote the grant' }, true, MONDAY);
		const late = lastStartOf(run.startsAt) + 1;
		await closeOverdueRuns(late);
		const notes = getRun(company.id, run.id)!.summaryDocumentId;
		expect(roundCommand(detail, run.id, asMember(bruno), 'join', late + 1)).toEqual({
			ok: false,
			error: 'too_late'
		});
		await closeOverdueRuns(late + 60_000);
		const after = getRun(company.id, run.id)!;
		expect(after.status).toBe('not_held');
		expect(after.summaryDocumentId).toBe(notes);
	});
});

describe('a round nobody ended', () => {
	it('is ended by the minute check hours after its start, with its notes, and the next run follows', async () => {
		const detail = created({ name: 'Left running' });
		const run = currentRun(detail.standup, MONDAY)!;
		const roomId = ensureStandupRoom(detail.standup);
		enterRoom(roomId, owner, MONDAY);
		enterRoom(roomId, bruno, MONDAY);
		roundCommand(detail, run.id, asOwner(), 'start', MONDAY + 1);
		// The second speaker is given the floor a minute in.
		roundCommand(detail, run.id, asOwner(), 'next', MONDAY + 60_000);
		// The runner closes the tab; the round stays live.
		const threeHours = 3 * 3_600_000;
		await closeOverdueRuns(MONDAY + threeHours);
		expect(getRun(company.id, run.id)!.status).toBe('live');

		await closeOverdueRuns(MONDAY + 1 + threeHours);
		const after = getRun(company.id, run.id)!;
		expect(after.status).toBe('ended');
		// Dated when it was last seen going on: the last speaker's time, not hours later.
		const { speakerSeconds } = detail.standup;
		expect(after.endedAt?.getTime()).toBe(MONDAY + 60_000 + speakerSeconds * 1000);
		expect(after.summaryDocumentId).not.toBeNull();
		const attendance = db()
			.select()
			.from(standupAttendance)
			.where(eq(standupAttendance.runId, run.id))
			.all();
		expect(attendance.find((row) => row.userId === owner.id)).toMatchObject({ attended: true });
		expect(attendance.find((row) => row.userId === bruno.id)).toMatchObject({ attended: true });

		// The next day's card is open for answers again instead of yesterday's round.
		const tuesday = MONDAY + 24 * 3_600_000;
		const next = currentRun(detail.standup, tuesday)!;
		expect(next.id).not.toBe(run.id);
		expect(next.status).toBe('open');
	});
});

describe('the summary’s language', () => {
	it('is the stand-up creator’s saved language, whoever ends the round; English without one', async () => {
		const french = await makeUser('Francoise');
		addMember(company, owner, french, 'manager');
		updateProfile(french.id, { locale: 'fr' });
		const byFrench = createStandup(
			company.id,
			{ userId: french.id, role: 'manager' },
			input({ name: 'En français' })
		);
		const byOwner = created({ name: 'In English' });
		if (!byFrench.ok) throw new Error(byFrench.reason);
		const markdownOf = async (detail: StandupDetail) => {
			const run = currentRun(detail.standup, MONDAY)!;
			roundCommand(detail, run.id, asOwner(), 'start', MONDAY + 1);
			roundCommand(detail, run.id, asOwner(), 'end', MONDAY + 2);
			// Ended and written by the owner, whose language is not saved (English by default).
			const documentId = await writeSummary(detail, run.id, asOwner());
			const document = db().select().from(documents).where(eq(documents.id, documentId!)).get()!;
			return documentMarkdown(document.title, loadDocumentState(document.id).state);
		};
		const fr = await markdownOf(getStandup(company.id, byFrench.standup.id)!);
		expect(fr).toContain('## Réponses');
		expect(fr).toContain('## Présence');
		const en = await markdownOf(byOwner);
		expect(en).toContain('## Answers');
		expect(en).toContain('## Attendance');
	});
});

describe('which run the card shows', () => {
	it('moves on to the next occurrence once a run has been held, when its card is open', () => {
		const wide = created({ name: 'Wide', opensMinutesBefore: 48 * 60 });
		const narrow = created({ name: 'Narrow', opensMinutesBefore: 120 });
		for (const detail of [wide, narrow]) {
			const run = currentRun(detail.standup, MONDAY)!;
			expect(run.date).toBe('2026-01-12');
			roundCommand(detail, run.id, asOwner(), 'start', MONDAY + 1);
			expect(currentRun(detail.standup, MONDAY + 2)!.id).toBe(run.id);
			roundCommand(detail, run.id, asOwner(), 'end', MONDAY + 3);
		}
		expect(currentRun(wide.standup, MONDAY + 4)!.date).toBe('2026-01-13');
		expect(currentRun(narrow.standup, MONDAY + 4)!.date).toBe('2026-01-12');
	});
});

describe('blockers', () => {
	it('carry over to the next runs until resolved, then stop', () => {
		const detail = created({ name: 'Blockers' });
		const monday = runForOccurrence(detail.standup, { date: '2026-01-12', startsAt: MONDAY });
		const tuesday = runForOccurrence(detail.standup, {
			date: '2026-01-13',
			startsAt: MONDAY + 86_400_000
		});
		const wednesday = runForOccurrence(detail.standup, {
			date: '2026-01-14',
			startsAt: MONDAY + 2 * 86_400_000
		});
		const raised = addBlocker(monday, ana.id, { text: 'No fibre', ownerId: bruno.id }, MONDAY);
		expect(raised.ok).toBe(true);
		expect(addBlocker(monday, ana.id, { text: 'x', ownerId: outsider.id })).toEqual({
			ok: false,
			reason: 'unknown_owner'
		});
		expect(blockersOfRun(monday)).toMatchObject([
			{ text: 'No fibre', ownerName: bruno.name, state: 'open', carriedOver: false }
		]);
		expect(blockersOfRun(tuesday)).toMatchObject([
			{ text: 'No fibre', state: 'open', carriedOver: true, raisedOn: '2026-01-12' }
		]);
		// Raised on Tuesday: not on Monday's run.
		addBlocker(tuesday, ana.id, { text: 'Van broken', ownerId: ana.id }, MONDAY + 86_400_000);
		expect(blockersOfRun(monday).map((b) => b.text)).toEqual(['No fibre']);

		if (!raised.ok) return;
		expect(setBlockerResolved(tuesday, raised.id, bruno.id, true)).toBe(true);
		expect(blockersOfRun(tuesday).map((b) => `${b.text}:${b.state}`)).toEqual([
			'Van broken:open',
			'No fibre:resolved'
		]);
		expect(blockersOfRun(wednesday).map((b) => b.text)).toEqual(['Van broken']);
		expect(openBlockers(detail.standup.id, MONDAY + 3 * 86_400_000)).toMatchObject([
			{ text: 'Van broken', ageDays: 2 }
		]);
	});

	it('cannot be resolved through another stand-up', () => {
		const one = created({ name: 'One' });
		const two = created({ name: 'Two' });
		const runOne = currentRun(one.standup, MONDAY)!;
		const runTwo = currentRun(two.standup, MONDAY)!;
		const raised = addBlocker(runOne, ana.id, { text: 'Mine', ownerId: ana.id });
		expect(raised.ok && setBlockerResolved(runTwo, raised.id, ana.id, true)).toBe(false);
	});
});

describe('history', () => {
	it('counts attendance per person and per house, answers in time, and open blockers by age', () => {
		const setUp = created({ name: 'History', audience: 'houses', houseIds: [murat, aurillac] });
		const roomId = ensureStandupRoom(setUp.standup);
		const detail = getStandup(company.id, setUp.standup.id)!;
		// Monday: Ana and Bruno are in the call from the start; Chloé never comes.
		const monday = runForOccurrence(detail.standup, { date: '2026-01-12', startsAt: MONDAY });
		saveAnswers(detail, monday.id, ana.id, { [detail.questions[0].id]: 'Planner' }, true, MONDAY);
		enterRoom(roomId, ana, MONDAY);
		enterRoom(roomId, bruno, MONDAY);
		roundCommand(detail, monday.id, asOwner(), 'start', MONDAY + 1);
		roundCommand(detail, monday.id, asOwner(), 'end', MONDAY + 2);
		leaveRoom(roomId, ana, MONDAY + 3);
		leaveRoom(roomId, bruno, MONDAY + 3);
		// Tuesday: Chloé presses "join" and speaks first for Murat, but never enters the call; Ana
		// enters it after that (Murat's turn had come): late. Bruno does not come.
		const tuesday = MONDAY + 86_400_000;
		const run = runForOccurrence(detail.standup, { date: '2026-01-13', startsAt: tuesday });
		roundCommand(detail, run.id, asMember(chloe), 'join', tuesday);
		roundCommand(detail, run.id, asOwner(), 'start', tuesday + 1);
		enterRoom(roomId, ana, tuesday + 2);
		roundCommand(detail, run.id, asOwner(), 'end', tuesday + 3);

		const history = standupHistory(detail, MONDAY + 5 * 86_400_000);
		expect(history.runs.map((run) => [run.date, run.attended, run.late, run.expected])).toEqual([
			['2026-01-13', 1, 1, 3],
			['2026-01-12', 2, 0, 3]
		]);
		const people = Object.fromEntries(history.people.map((p) => [p.name, p]));
		expect(people[ana.name]).toMatchObject({ attended: 2, late: 1, expected: 2 });
		expect(people[bruno.name]).toMatchObject({ attended: 1, late: 0, expected: 2 });
		expect(people[chloe.name]).toMatchObject({ attended: 0, late: 0, expected: 2 });
		const houses = Object.fromEntries(history.houses.map((h) => [h.houseName, h]));
		expect(houses.Murat).toMatchObject({ attended: 2, late: 1, expected: 4 });
		expect(houses.Aurillac).toMatchObject({ attended: 1, late: 0, expected: 2 });
		// One answer in time out of three expected on Monday, none on Tuesday: 1/6 on average.
		expect(history.answeredOnTimeRate).toBeCloseTo(1 / 6);
	});
});

describe('a drop only the reconciliation notices', () => {
	it('ends the stay when the media server no longer has them, so the round counts them absent', async () => {
		const detail = created({ name: 'Dropped calls', audience: 'houses', houseIds: [murat] });
		const roomId = ensureStandupRoom(detail.standup);
		const later = MONDAY + 7 * 86_400_000;
		const run = currentRun(detail.standup, later)!;
		// Ana is in the call before the round; her link drops and the "left" webhook is lost.
		enterRoom(roomId, ana, later);
		const nobody = { listRooms: async () => [], listParticipants: async () => [] };
		expect(await reconcileNow(nobody, new Date(later + 60_000))).toBe(true);
		expect(db().select().from(roomPresence).where(eq(roomPresence.roomId, roomId)).all()).toEqual(
			[]
		);
		const stays = db().select().from(standupVisits).where(eq(standupVisits.runId, run.id)).all();
		expect(stays.map((stay) => [stay.userId, stay.leftAt?.getTime()])).toEqual([
			[ana.id, later + 60_000]
		]);
		roundCommand(detail, run.id, asOwner(), 'start', later + 120_000);
		roundCommand(detail, run.id, asOwner(), 'end', later + 180_000);
		const marks = db()
			.select()
			.from(standupAttendance)
			.where(and(eq(standupAttendance.runId, run.id), eq(standupAttendance.userId, ana.id)))
			.all();
		expect(marks).toMatchObject([{ attended: false }]);
	});
});
