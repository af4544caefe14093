import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/auth/guard';
import { hasRole } from '$lib/server/companies/companies';
import { parseForm } from '$lib/server/forms';
import { addBlocker, blockersOfRun, setBlockerResolved } from '$lib/server/standups/blockers';
import {
	blockerSchema,
	blockerStateSchema,
	parseAnswersForm,
	roundSchema
} from '$lib/server/standups/forms';
import {
	lastHeldRun,
	publishRun,
	roundCommand,
	writeSummary,
	type RoundError
} from '$lib/server/standups/rounds';
import { ensureStandupRoom } from '$lib/server/standups/room';
import { lastListedRun } from '$lib/server/standups/history';
import { closeUnheldRuns } from '$lib/server/standups/unheld';
import {
	currentRun,
	getRun,
	lastStartOf,
	mayRun,
	participantsOf,
	runAnswers,
	runState,
	saveAnswers
} from '$lib/server/standups/standups';
import { viewerTimeZone, when } from '$lib/server/standups/views';
import { callPageData } from '$lib/server/video/call-page';
import { linkBudgetFor } from '$lib/server/video/link-budget';
import { roomForMember } from '$lib/server/video/rooms';
import { liveHub } from '$lib/server/live/hub';
import { takeLandingNote } from '$lib/server/landing-notice';
import { requireStandup } from './require-standup.server';
import { STANDUP_SAVED_NOTE } from './saved-note';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { access, detail } = requireStandup(event);
	const user = requireUser(event);
	const companyId = access.company.id;
	// After the layout's load, so its live cursor (where the channel starts) is never later than ours.
	await event.parent();
	// Read before the run: an event published while the page is read is replayed to it, never lost.
	const cursor = liveHub().cursor(companyId);
	const now = Date.now();
	const { standup } = detail;
	// Before the current run is read: one left unstarted past its last start is closed, and the
	// answers written for it kept in notes (the history lists them).
	await closeUnheldRuns(detail, access, now);
	const participants = participantsOf(detail);
	const me = participants.find((p) => p.userId === access.userId) ?? null;
	const run = currentRun(standup, now);
	const state = run ? runState(run) : null;
	const names = new Map(participants.map((p) => [p.userId, p.name]));
	const answers = run ? runAnswers(run.id) : [];
	const mine = answers.find((a) => a.userId === access.userId);
	// Before the round, drafts stay private: others' answers show once submitted.
	const shared = answers.filter(
		(a) => a.userId === access.userId || a.submittedAt !== null || state?.status !== 'open'
	);
	// Writes only for a stand-up made before stand-ups had rooms (new ones get theirs when created).
	const roomId = ensureStandupRoom(standup);
	// Once held, the page moves on to the next stand-up: the last one stays a click away. Writes its
	// summary if the runner's request did not (see lastHeldRun).
	const last = await lastHeldRun(detail, access);
	if (run && last && run.id === last.id) run.summaryDocumentId = last.summaryDocumentId;
	// After lastHeldRun, which may just have written its summary: the newest run the history
	// lists, held or not held (with the answers written for it).
	const listed = lastListedRun(standup.id);
	const viewerZone = viewerTimeZone(companyId, access.userId);
	return {
		/** Just saved from its edit page: said once. */
		saved: takeLandingNote(
			event.cookies,
			event.url,
			STANDUP_SAVED_NOTE,
			`/${access.company.slug}/standups/${standup.id}`
		),
		/** The live stream's position this data is current to: the page takes events after it. */
		cursor,
		serverNow: now,
		standup: {
			id: standup.id,
			name: standup.name,
			days: standup.days,
			time: standup.time,
			timeZone: standup.timeZone,
			speakerSeconds: standup.speakerSeconds,
			roomId
		},
		questions: detail.questions,
		participants,
		me: { userId: access.userId, name: user.name, participant: me !== null },
		canRun: mayRun(standup, access, participants),
		canManage: hasRole(access.role, 'manager'),
		run: run
			? {
					id: run.id,
					date: run.date,
					startsAt: when(run.startsAt.getTime(), standup.timeZone, viewerZone),
					/** A run nobody started may still be, late, until then; after, it is not held. */
					startableUntil: when(lastStartOf(run.startsAt), standup.timeZone, viewerZone),
					summaryDocumentId: run.summaryDocumentId
				}
			: null,
		state,
		lastRun:
			listed && listed.id !== run?.id
				? {
						id: listed.id,
						date: listed.date,
						summaryDocumentId: listed.summaryDocumentId,
						held: listed.held
					}
				: null,
		myAnswers: mine
			? {
					texts: Object.fromEntries(mine.answers.map((a) => [a.questionId, a.text])),
					submitted: mine.submittedAt !== null
				}
			: null,
		answered: participants.map((p) => ({
			userId: p.userId,
			name: p.name,
			houseName: p.houseName,
			submitted: answers.some((a) => a.userId === p.userId && a.submittedAt !== null)
		})),
		answers: shared.map((a) => ({
			userId: a.userId,
			name: names.get(a.userId) ?? '',
			answers: a.answers,
			submitted: a.submittedAt !== null
		})),
		blockers: run
			? blockersOfRun(run).map((b) => ({
					id: b.id,
					text: b.text,
					ownerName: b.ownerName,
					state: b.state,
					carriedOver: b.carriedOver,
					raisedOn: b.raisedOn
				}))
			: [],
		video: {
			// The room's chat only for those the room is open to (its participants and managers),
			// as on the room's own page: a member left out of the stand-up does not read it.
			...callPageData(
				roomId,
				state?.status === 'live' && roomForMember(companyId, access.userId, roomId) !== undefined
			),
			// The house's link counts this person from the first second, as on the call page: the
			// tracks already published are subscribed within the budget, not cut back after.
			linkBudget: linkBudgetFor(companyId, access.userId, roomId)
		}
	};
};

function roundErrorMessage(error: RoundError): string {
	switch (error) {
		case 'not_open':
			return m.standups_error_already_started();
		case 'not_live':
			return m.standups_error_not_live();
		case 'ended':
			return m.standups_error_ended();
		case 'too_late':
			return m.standups_error_too_late();
		case 'not_runner':
			return m.standups_error_not_runner();
		case 'already_runner':
			return m.standups_error_already_runner();
		case 'nobody_waiting':
			return m.standups_error_nobody_waiting();
		case 'not_participant':
			return m.standups_error_not_participant();
		case 'not_allowed':
			return m.standups_error_not_allowed();
		case 'not_found':
			return m.standups_error_run_not_found();
	}
}

/** The run named in the form, only when it is one of this stand-up's. */
function formRun(companyId: string, standupId: string, runId: string) {
	const run = getRun(companyId, runId);
	return run && run.standupId === standupId ? run : undefined;
}

export const actions: Actions = {
	answer: async (event) => {
		const { access, detail } = requireStandup(event);
		const form = await event.request.formData();
		const runId = String(form.get('runId') ?? '');
		const submit = form.get('intent') === 'submit';
		const run = formRun(access.company.id, detail.standup.id, runId);
		if (!run)
			return fail(404, { action: 'answer' as const, error: m.standups_error_run_not_found() });
		const parsed = parseAnswersForm(
			form,
			detail.questions.map((q) => q.id)
		);
		// The answers come back as typed: without scripts the page is drawn anew, and would show
		// the saved draft instead, the answer just written lost.
		if (!parsed.ok) {
			return fail(400, {
				action: 'answer' as const,
				fieldErrors: parsed.errors,
				texts: parsed.texts
			});
		}
		const result = saveAnswers(detail, run.id, access.userId, parsed.texts, submit);
		if (!result.ok && result.reason === 'empty') {
			// Said beside the first answer, where writing starts.
			const [first] = detail.questions;
			return fail(400, {
				action: 'answer' as const,
				texts: parsed.texts,
				fieldErrors: first ? { [first.id]: m.standups_error_answers_empty() } : {},
				error: first ? undefined : m.standups_error_answers_empty()
			});
		}
		if (!result.ok) {
			return fail(result.reason === 'locked' ? 409 : 403, {
				action: 'answer' as const,
				error:
					result.reason === 'locked'
						? m.standups_error_answers_locked()
						: m.standups_error_not_participant()
			});
		}
		// Every open page updates "who has answered".
		publishRun(access.company.id, detail.standup.id, run.id, runState(run));
		return {
			action: 'answer' as const,
			success: submit ? m.standups_answers_submitted() : m.standups_answers_draft_saved()
		};
	},

	addBlocker: async (event) => {
		const { access, detail } = requireStandup(event);
		const parsed = parseForm(blockerSchema, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, {
				action: 'addBlocker' as const,
				values: parsed.values,
				errors: parsed.errors
			});
		}
		const run = formRun(access.company.id, detail.standup.id, parsed.data.runId);
		if (!run)
			return fail(404, {
				action: 'addBlocker' as const,
				values: parsed.values,
				errors: { text: m.standups_error_run_not_found() }
			});
		const result = addBlocker(run, access.userId, parsed.data);
		if (!result.ok) {
			return fail(400, {
				action: 'addBlocker' as const,
				values: parsed.values,
				errors: { ownerId: m.standups_error_owner() }
			});
		}
		publishRun(access.company.id, detail.standup.id, run.id, runState(run));
		return { action: 'addBlocker' as const, success: m.standups_blocker_added() };
	},

	setBlocker: async (event) => {
		const { access, detail } = requireStandup(event);
		const parsed = parseForm(blockerStateSchema, await event.request.formData());
		const run = parsed.ok
			? formRun(access.company.id, detail.standup.id, parsed.data.runId)
			: undefined;
		if (!parsed.ok || !run) {
			return fail(404, {
				action: 'setBlocker' as const,
				error: m.standups_error_blocker_not_found()
			});
		}
		const resolved = parsed.data.resolved === 'true';
		if (!setBlockerResolved(run, parsed.data.blockerId, access.userId, resolved)) {
			return fail(404, {
				action: 'setBlocker' as const,
				error: m.standups_error_blocker_not_found()
			});
		}
		publishRun(access.company.id, detail.standup.id, run.id, runState(run));
		return { action: 'setBlocker' as const };
	},

	round: async (event) => {
		const { access, detail } = requireStandup(event);
		const parsed = parseForm(roundSchema, await event.request.formData());
		if (!parsed.ok)
			return fail(400, { action: 'round' as const, error: m.standups_error_run_not_found() });
		const result = roundCommand(detail, parsed.data.runId, access, parsed.data.command);
		if (!result.ok) {
			return fail(result.error === 'not_found' ? 404 : 409, {
				action: 'round' as const,
				error: roundErrorMessage(result.error)
			});
		}
		if (result.state.status === 'ended') {
			await writeSummary(detail, parsed.data.runId, access);
		}
		return { action: 'round' as const };
	}
};
