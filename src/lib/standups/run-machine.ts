// The live round of one stand-up as a pure state machine: the server holds the state (SQLite,
// so a runner who drops loses nothing), applies one command at a time and pushes the result to
// every open page. Who *may* run a stand-up is decided by the caller; this module only knows who
// the current runner is. It sits outside $lib/server because the page reads the same state with
// the same rules (who speaks, until when, who has joined) instead of restating them.

/** Someone expected at the stand-up, with what the speaking order is sorted by. */
export type Participant = {
	userId: string;
	name: string;
	houseId: string | null;
	houseName: string | null;
};

export type SpeakerStatus = 'waiting' | 'speaking' | 'spoke' | 'skipped';

export type Speaker = Participant & {
	status: SpeakerStatus;
	/** Joined once the round had passed their place in the order (their turn had come). */
	late: boolean;
	/** When they were given the floor (ms); null until then. Absent from runs held before. */
	turnAt?: number | null;
};

export type RunStatus = 'open' | 'live' | 'ended';

export type RunState = {
	status: RunStatus;
	/** Raised by every change: pages ignore a state older than the one they show. */
	version: number;
	runnerId: string | null;
	startedAt: number | null;
	endedAt: number | null;
	/** Seconds each speaker has; the countdown ends at speakerStartedAt + speakerSeconds. */
	speakerSeconds: number;
	speakerStartedAt: number | null;
	/** Before the start: who is already in the stand-up room. */
	present: string[];
	/** From the start: the people in the round, in speaking order. */
	speakers: Speaker[];
	/** From the start: participants who have not joined (their written answers still count). */
	absent: Participant[];
	takeovers: Array<{ from: string | null; to: string; at: number }>;
};

export type RunError =
	'not_open' | 'not_live' | 'ended' | 'not_runner' | 'already_runner' | 'nobody_waiting';

export type RunResult = { ok: true; state: RunState } | { ok: false; error: RunError };

export function openRun(speakerSeconds: number): RunState {
	return {
		status: 'open',
		version: 0,
		runnerId: null,
		startedAt: null,
		endedAt: null,
		speakerSeconds,
		speakerStartedAt: null,
		present: [],
		speakers: [],
		absent: [],
		takeovers: []
	};
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Houses by name, people without a house last; within a house, people by name. */
export function compareParticipants(a: Participant, b: Participant): number {
	if (a.houseId !== b.houseId) {
		if (a.houseName === null) return 1;
		if (b.houseName === null) return -1;
		const byHouse = collator.compare(a.houseName, b.houseName);
		if (byHouse !== 0) return byHouse;
		return (a.houseId ?? '').localeCompare(b.houseId ?? '');
	}
	return collator.compare(a.name, b.name) || a.userId.localeCompare(b.userId);
}

/** The speaking order: grouped by house. */
export function speakingOrder(participants: readonly Participant[]): Participant[] {
	return [...participants].sort(compareParticipants);
}

export function currentSpeaker(state: RunState): Speaker | null {
	return state.speakers.find((speaker) => speaker.status === 'speaking') ?? null;
}

/** When the current speaker's time is up (ms), or null when nobody is speaking. */
export function speakerDeadline(state: RunState): number | null {
	if (state.speakerStartedAt === null || !currentSpeaker(state)) return null;
	return state.speakerStartedAt + state.speakerSeconds * 1000;
}

/** Whether `userId` is in: in the room before the start, in the speaking order from then on. */
export function hasJoined(state: RunState, userId: string): boolean {
	return state.status === 'open'
		? state.present.includes(userId)
		: state.speakers.some((speaker) => speaker.userId === userId);
}

/**
 * People in speaking order cut into runs of one house (the order groups houses, so each house is
 * one run): the round's list and the summary show a heading per house.
 */
export function groupByHouse<T extends Pick<Participant, 'houseName'>>(
	people: readonly T[]
): Array<{ houseName: string | null; people: T[] }> {
	const groups: Array<{ houseName: string | null; people: T[] }> = [];
	for (const person of people) {
		const last = groups.at(-1);
		if (last && last.houseName === person.houseName) last.people.push(person);
		else groups.push({ houseName: person.houseName, people: [person] });
	}
	return groups;
}

function changed(state: RunState, patch: Partial<RunState>): RunResult {
	return { ok: true, state: { ...state, ...patch, version: state.version + 1 } };
}

/** The speakers with the first waiting one now speaking (or nobody, when none waits). */
function advance(
	speakers: Speaker[],
	now: number
): Pick<RunState, 'speakers' | 'speakerStartedAt'> {
	const index = speakers.findIndex((speaker) => speaker.status === 'waiting');
	if (index === -1) return { speakers, speakerStartedAt: null };
	return {
		speakers: speakers.map((speaker, i) =>
			i === index ? { ...speaker, status: 'speaking', turnAt: now } : speaker
		),
		speakerStartedAt: now
	};
}

/**
 * Where someone joining the round goes: after the last person of their house, or where their house
 * falls in the order when nobody of it is there; never before someone who has already had their
 * turn. `late` when the round had passed their place (by house, then name) in the speaking order:
 * someone after it has had the floor (the rule attendance.ts's turnCameAt follows).
 */
function lateSlot(speakers: Speaker[], joiner: Participant): { index: number; late: boolean } {
	const late = speakers.some(
		(speaker) => speaker.status !== 'waiting' && compareParticipants(joiner, speaker) < 0
	);
	let desired = -1;
	for (let i = speakers.length - 1; i >= 0; i--) {
		if (speakers[i].houseId === joiner.houseId) {
			desired = i + 1;
			break;
		}
	}
	if (desired === -1) {
		// Nobody of that house is in the round: houses differ, so this compares houses only.
		const after = speakers.findIndex((speaker) => compareParticipants(joiner, speaker) < 0);
		desired = after === -1 ? speakers.length : after;
	}
	let firstOpen = 0;
	speakers.forEach((speaker, i) => {
		if (speaker.status !== 'waiting') firstOpen = i + 1;
	});
	return { index: Math.max(desired, firstOpen), late };
}

/** Someone opens the stand-up room: present before the start, slotted in when the round is on. */
export function join(state: RunState, participant: Participant): RunResult {
	if (state.status === 'ended') return { ok: false, error: 'ended' };
	if (hasJoined(state, participant.userId)) return { ok: true, state };
	if (state.status === 'open') {
		return changed(state, { present: [...state.present, participant.userId] });
	}
	const speakers = [...state.speakers];
	const slot = lateSlot(speakers, participant);
	speakers.splice(slot.index, 0, {
		...participant,
		status: 'waiting',
		late: slot.late,
		turnAt: null
	});
	return changed(state, {
		speakers,
		absent: state.absent.filter((person) => person.userId !== participant.userId)
	});
}

/**
 * The runner starts the round: everyone present (and the runner, when a participant) speaks in
 * house order, the others are absent until they join.
 */
export function start(
	state: RunState,
	runnerId: string,
	participants: readonly Participant[],
	now: number
): RunResult {
	if (state.status !== 'open') return { ok: false, error: 'not_open' };
	const present = new Set([...state.present, runnerId]);
	const order = speakingOrder(participants);
	const speakers: Speaker[] = order
		.filter((person) => present.has(person.userId))
		.map((person) => ({ ...person, status: 'waiting', late: false, turnAt: null }));
	return changed(state, {
		status: 'live',
		runnerId,
		startedAt: now,
		absent: order.filter((person) => !present.has(person.userId)),
		...advance(speakers, now)
	});
}

function runnerCommand(state: RunState, actorId: string): RunError | null {
	if (state.status === 'ended') return 'ended';
	if (state.status !== 'live') return 'not_live';
	if (state.runnerId !== actorId) return 'not_runner';
	return null;
}

/** The current speaker is done (or passed over, with `skipped`); the next one speaks. */
function moveOn(state: RunState, actorId: string, now: number, done: SpeakerStatus): RunResult {
	const error = runnerCommand(state, actorId);
	if (error) return { ok: false, error };
	if (!state.speakers.some((s) => s.status === 'speaking' || s.status === 'waiting')) {
		return { ok: false, error: 'nobody_waiting' };
	}
	const speakers = state.speakers.map((speaker) =>
		speaker.status === 'speaking' ? { ...speaker, status: done } : speaker
	);
	return changed(state, advance(speakers, now));
}

export function next(state: RunState, actorId: string, now: number): RunResult {
	return moveOn(state, actorId, now, 'spoke');
}

export function skip(state: RunState, actorId: string, now: number): RunResult {
	return moveOn(state, actorId, now, 'skipped');
}

/** Someone else allowed to run it takes over (the runner dropped): the round goes on as it was. */
export function takeOver(state: RunState, actorId: string, now: number): RunResult {
	if (state.status === 'ended') return { ok: false, error: 'ended' };
	if (state.status !== 'live') return { ok: false, error: 'not_live' };
	if (state.runnerId === actorId) return { ok: false, error: 'already_runner' };
	return changed(state, {
		runnerId: actorId,
		takeovers: [...state.takeovers, { from: state.runnerId, to: actorId, at: now }]
	});
}

/** The runner ends the round; whoever was speaking has spoken. */
export function end(state: RunState, actorId: string, now: number): RunResult {
	const error = runnerCommand(state, actorId);
	if (error) return { ok: false, error };
	return finish(state, now);
}

/**
 * Ends a live round nobody ended (its runner closed the tab and left): by the server, not a
 * runner, at `at` (when it was last seen going on).
 */
export function endAbandoned(state: RunState, at: number): RunResult {
	if (state.status !== 'live') return { ok: false, error: 'not_live' };
	return finish(state, at);
}

function finish(state: RunState, at: number): RunResult {
	return changed(state, {
		status: 'ended',
		endedAt: at,
		speakerStartedAt: null,
		speakers: state.speakers.map((speaker) =>
			speaker.status === 'speaking' ? { ...speaker, status: 'spoke' } : speaker
		)
	});
}
