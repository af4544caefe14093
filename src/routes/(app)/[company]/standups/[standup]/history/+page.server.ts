import { standupHistory } from '$lib/server/standups/history';
import { requireStandup } from '../require-standup.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { detail } = requireStandup(event);
	const history = standupHistory(detail);
	return {
		standup: { id: detail.standup.id, name: detail.standup.name },
		runs: history.runs.map((run) => ({
			id: run.id,
			date: run.date,
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
