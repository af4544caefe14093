// Where stand-up forms cross the trust boundary: the setup form (with its repeated fields: days,
// houses, people, questions), answers, blockers and round commands, each through one valibot
// schema, with a message per field and the values echoed back.
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { parseForm, type FieldErrors } from '../forms';
import { isTimeZone } from '../houses/houses';
import { isWallTime } from './schedule';
import {
	ANSWER_MAX,
	OPENS_MINUTES_MAX,
	OPENS_MINUTES_MIN,
	QUESTION_MAX,
	QUESTIONS_MAX,
	SPEAKER_SECONDS_MAX,
	SPEAKER_SECONDS_MIN,
	STANDUP_NAME_MAX,
	type StandupInput
} from './standups';
import type { SetupValues } from '../../standup-form';
import { BLOCKER_TEXT_MAX } from './blockers';
import { standupAudiences, standupRunners } from '../db/schema';

/** What the setup form sends back to the page after a refusal. */
export type { SetupValues };

const single = v.object({
	name: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(() => m.error_required()),
		v.maxLength(STANDUP_NAME_MAX, () => m.error_too_long({ max: STANDUP_NAME_MAX }))
	),
	audience: v.picklist(standupAudiences, () => m.standups_error_audience()),
	time: v.pipe(
		v.string(),
		v.check(isWallTime, () => m.standups_error_time())
	),
	timeZone: v.pipe(
		v.string(),
		v.check(isTimeZone, () => m.standups_error_time_zone())
	),
	speakerSeconds: v.pipe(
		v.string(),
		v.transform(Number),
		v.integer(() => m.standups_error_speaker_seconds()),
		v.minValue(SPEAKER_SECONDS_MIN, () => m.standups_error_speaker_seconds()),
		v.maxValue(SPEAKER_SECONDS_MAX, () => m.standups_error_speaker_seconds())
	),
	runners: v.picklist(standupRunners, () => m.standups_error_runners()),
	opensHours: v.pipe(
		v.string(),
		v.transform(Number),
		v.number(() => m.standups_error_opens()),
		v.minValue(OPENS_MINUTES_MIN / 60, () => m.standups_error_opens()),
		v.maxValue(OPENS_MINUTES_MAX / 60, () => m.standups_error_opens())
	)
});

const strings = (form: FormData, name: string) =>
	form.getAll(name).filter((value): value is string => typeof value === 'string');

export type ParsedSetup =
	| { ok: true; data: StandupInput; values: SetupValues }
	| { ok: false; errors: FieldErrors; values: SetupValues };

export function parseSetupForm(form: FormData): ParsedSetup {
	const parsed = parseForm(single, form);
	const values: SetupValues = {
		name: parsed.values.name ?? '',
		audience: parsed.values.audience ?? 'everyone',
		houseIds: strings(form, 'houseId').slice(0, 200),
		userIds: strings(form, 'userId').slice(0, 1000),
		days: strings(form, 'day')
			.map(Number)
			.filter((day) => Number.isInteger(day) && day >= 1 && day <= 7),
		time: parsed.values.time ?? '',
		timeZone: parsed.values.timeZone ?? '',
		questions: strings(form, 'question').map((q) => q.trim()),
		speakerSeconds: parsed.values.speakerSeconds ?? '',
		runners: parsed.values.runners ?? 'managers',
		opensHours: parsed.values.opensHours ?? ''
	};
	const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
	const questions = values.questions.filter((q) => q !== '');
	values.questions = questions;
	if (values.days.length === 0) errors.days = m.standups_error_days();
	if (questions.length === 0) errors.questions = m.standups_error_questions_none();
	else if (questions.length > QUESTIONS_MAX) {
		errors.questions = m.standups_error_questions_many({ max: QUESTIONS_MAX });
	} else if (questions.some((q) => q.length > QUESTION_MAX)) {
		errors.questions = m.error_too_long({ max: QUESTION_MAX });
	}
	if (parsed.ok && parsed.data.audience === 'houses' && values.houseIds.length === 0) {
		errors.audience = m.standups_error_houses_none();
	}
	if (parsed.ok && parsed.data.audience === 'people' && values.userIds.length === 0) {
		errors.audience = m.standups_error_people_none();
	}
	if (!parsed.ok || Object.keys(errors).length > 0) return { ok: false, errors, values };
	return {
		ok: true,
		values,
		data: {
			name: parsed.data.name,
			audience: parsed.data.audience,
			houseIds: values.houseIds,
			userIds: values.userIds,
			days: values.days,
			time: parsed.data.time,
			timeZone: parsed.data.timeZone,
			questions,
			speakerSeconds: parsed.data.speakerSeconds,
			runners: parsed.data.runners,
			opensMinutesBefore: Math.round(parsed.data.opensHours * 60)
		}
	};
}

/** The answers form: one `answer-<questionId>` field per question. */
export function parseAnswersForm(
	form: FormData,
	questionIds: string[]
):
	| { ok: true; texts: Record<string, string> }
	| { ok: false; errors: FieldErrors; texts: Record<string, string> } {
	const texts: Record<string, string> = {};
	const errors: FieldErrors = {};
	for (const id of questionIds) {
		const value = form.get(`answer-${id}`);
		const text = typeof value === 'string' ? value : '';
		if (text.length > ANSWER_MAX) errors[id] = m.error_too_long({ max: ANSWER_MAX });
		texts[id] = text;
	}
	return Object.keys(errors).length ? { ok: false, errors, texts } : { ok: true, texts };
}

export const blockerSchema = v.object({
	runId: v.pipe(v.string(), v.nonEmpty(), v.maxLength(100)),
	text: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(() => m.error_required()),
		v.maxLength(BLOCKER_TEXT_MAX, () => m.error_too_long({ max: BLOCKER_TEXT_MAX }))
	),
	ownerId: v.pipe(
		v.string(),
		v.nonEmpty(() => m.standups_error_owner()),
		v.maxLength(100)
	)
});

export const blockerStateSchema = v.object({
	runId: v.pipe(v.string(), v.nonEmpty(), v.maxLength(100)),
	blockerId: v.pipe(v.string(), v.nonEmpty(), v.maxLength(100)),
	resolved: v.picklist(['true', 'false'])
});

export const roundSchema = v.object({
	runId: v.pipe(v.string(), v.nonEmpty(), v.maxLength(100)),
	command: v.picklist(['join', 'start', 'next', 'skip', 'takeover', 'end'] as const)
});
