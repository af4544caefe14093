// A run's state copies each participant's name (its speaking order and who did not come), so that
// a round reads the same whoever takes it over. When a person deletes their account, their
// entries stay — the order, the tallies and the summary still count them — without the name,
// which the round and the summary show as "Former member".
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { standupRuns } from '../db/schema';
import type { Participant, RunState } from '../../standups/run-machine';

/** Takes the person's name out of every run state that names them (in the caller's transaction). */
export function forgetNameInRuns(tx: Executor, userId: string): number {
	// Ids are random: the quoted id is in a state's text only where the state names the person.
	const named = tx
		.select({ id: standupRuns.id, state: standupRuns.state })
		.from(standupRuns)
		.where(sql`instr(${standupRuns.state}, ${JSON.stringify(userId)}) > 0`)
		.all();
	const unnamed = <T extends Participant>(person: T): T =>
		person.userId === userId ? { ...person, name: '' } : person;
	for (const run of named) {
		const state = run.state as Partial<RunState>;
		tx.update(standupRuns)
			.set({
				state: {
					...state,
					...(Array.isArray(state.speakers) ? { speakers: state.speakers.map(unnamed) } : {}),
					...(Array.isArray(state.absent) ? { absent: state.absent.map(unnamed) } : {})
				}
			})
			.where(eq(standupRuns.id, run.id))
			.run();
	}
	return named.length;
}
