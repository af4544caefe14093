// The new-stand-up form's fields as a browser sends them (days and questions repeated), for the
// HTTP tests and the pages bench that set stand-ups up through the app.

/**
 * A stand-up for everyone, every day at 09:30 in Paris, answers open two days ahead: a run is
 * always due, whatever day it runs. `overrides` replace every value of the fields they name.
 */
export function everyDayStandupFields(
	overrides: Array<[string, string]> = []
): Array<[string, string]> {
	const replaced = new Set(overrides.map(([key]) => key));
	const fields: Array<[string, string]> = [
		['name', 'Daily'],
		['audience', 'everyone'],
		...[1, 2, 3, 4, 5, 6, 7].map((day): [string, string] => ['day', String(day)]),
		['time', '09:30'],
		['timeZone', 'Europe/Paris'],
		['question', 'Yesterday?'],
		['question', 'Today?'],
		['speakerSeconds', '90'],
		['runners', 'managers'],
		['opensHours', '48']
	];
	return [...fields.filter(([key]) => !replaced.has(key)), ...overrides];
}
