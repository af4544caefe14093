import { standupHistory } from '$lib/server/standups/history';
import { closeUnheldRuns } from '$lib/server/standups/unheld';
import { requireStandup } from '../require-standup.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { access, detail } = requireStandup(event);
	// A run left unstarted past its last start is listed with the answers written for it.
	await closeUnheldRuns(detail, access);
	const history = standupHistory(detail);
	return {
		standup: { id: detail.standup.id, name: detail.standup.name },
		runs: history.runs.map((run) => ({
			id: run.id,
			date: run.date,
			held: run.held,
			attended: run.attended,
			late: run.late,
			expected: run.expected,
			answeredOnTime: run.answeredOnTime,
			summaryDocumentId: run.summaryDocumentId
		})),
		people: history.people,
		houses: history.houses,
		answeredOnTimeRate: history.answeredOnTimeRate,
		openBlockers: history.openBlockers.map((b) => ({
			id: b.id,
			text: b.text,
			ownerName: b.ownerName,
			ageDays: b.ageDays
		}))
	};
};
