// VTIMEZONE components (RFC 5545 §3.6.5) built from the runtime's own time-zone data (Intl), so
// a feed needs no zone database of its own. Clients such as Outlook read a recurring event's times
// through the VTIMEZONE it names, not through the IANA name: it must hold every change of offset
// the events may cross, and keep holding after the last one written. So the yearly rules are
// found from the actual changes ("last Sunday of March at 02:00") and written as RRULEs that
// clients extend forever; changes that follow no steady rule are written one by one.
import { offsetAt } from '../../zoned-time';

type Transition = {
	/** The first instant of the new offset. */
	at: number;
	from: number;
	to: number;
};

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Years checked past this one: a rule must hold through them to be written as a rule. */
const YEARS_AHEAD = 6;

/** The offset changes of `timeZone` during the year `year` (UTC), found to the minute. */
function transitionsIn(timeZone: string, year: number): Transition[] {
	const found: Transition[] = [];
	const end = Date.UTC(year + 1, 0, 1);
	let at = Date.UTC(year, 0, 1);
	let offset = offsetAt(at, timeZone);
	// Offsets never change twice in a day: look day by day, then narrow down to the minute.
	while (at < end) {
		const next = Math.min(at + DAY_MS, end);
		const nextOffset = offsetAt(next, timeZone);
		if (nextOffset !== offset) {
			let low = at;
			let high = next;
			while (high - low > MINUTE_MS) {
				const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
				if (offsetAt(middle, timeZone) === offset) low = middle;
				else high = middle;
			}
			found.push({ at: high, from: offset, to: nextOffset });
		}
		at = next;
		offset = nextOffset;
	}
	return found;
}

/** ±HHMM (±HHMMSS when seconds are involved, as in some zones' early history). */
function utcOffset(ms: number): string {
	const sign = ms < 0 ? '-' : '+';
	const total = Math.abs(Math.round(ms / 1000));
	const hours = Math.floor(total / 3600);
	const minutes = Math.floor((total % 3600) / 60);
	const seconds = total % 60;
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${sign}${pad(hours)}${pad(minutes)}${seconds ? pad(seconds) : ''}`;
}

const BYDAY = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** A transition as its local start (in the offset before it, as DTSTART wants) and yearly rule. */
function describe(transition: Transition) {
	const local = new Date(transition.at + transition.from);
	const year = local.getUTCFullYear();
	const month = local.getUTCMonth() + 1;
	const day = local.getUTCDate();
	const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
	const weekday = BYDAY[local.getUTCDay()];
	// "Last Sunday" when no later same weekday fits in the month, else "second Sunday" and so on.
	const nth = day + 7 > daysInMonth ? -1 : Math.ceil(day / 7);
	const pad = (n: number) => String(n).padStart(2, '0');
	const clock = `${pad(local.getUTCHours())}${pad(local.getUTCMinutes())}${pad(local.getUTCSeconds())}`;
	return {
		year,
		start: `${year}${pad(month)}${pad(day)}T${clock}`,
		// Same offsets, same month, same weekday rule, same wall time: the same yearly change.
		key: `${transition.from} ${transition.to} ${month} ${nth}${weekday} ${clock}`,
		rule: `FREQ=YEARLY;BYMONTH=${month};BYDAY=${nth}${weekday}`
	};
}

const cache = new Map<string, string[]>();

/**
 * The VTIMEZONE of `timeZone` valid from the start of `fromYear` (a year before it, to cover
 * events in its first days) onwards. `thisYear` bounds how far ahead the rules are confirmed.
 */
export function vtimezone(timeZone: string, fromYear: number, thisYear: number): string[] {
	const key = `${timeZone} ${fromYear} ${thisYear}`;
	const known = cache.get(key);
	if (known) return known;
	const lines = build(timeZone, fromYear - 1, Math.max(fromYear, thisYear) + YEARS_AHEAD);
	if (cache.size > 200) cache.clear();
	cache.set(key, lines);
	return lines;
}

function build(timeZone: string, firstYear: number, lastYear: number): string[] {
	const lines = ['BEGIN:VTIMEZONE', `TZID:${timeZone}`];
	const transitions: Transition[] = [];
	for (let year = firstYear; year <= lastYear; year++) {
		transitions.push(...transitionsIn(timeZone, year));
	}
	if (transitions.length === 0) {
		// No change in the whole span (UTC, Tokyo, Paris after a law ending DST): one observance.
		const offset = utcOffset(offsetAt(Date.UTC(firstYear, 0, 1), timeZone));
		lines.push(
			'BEGIN:STANDARD',
			'DTSTART:19700101T000000',
			`TZOFFSETFROM:${offset}`,
			`TZOFFSETTO:${offset}`,
			'END:STANDARD',
			'END:VTIMEZONE'
		);
		return lines;
	}
	// Gather the changes that repeat as the same yearly rule.
	const groups = new Map<string, Array<Transition & ReturnType<typeof describe>>>();
	for (const transition of transitions) {
		const described = { ...transition, ...describe(transition) };
		const group = groups.get(described.key);
		if (group) group.push(described);
		else groups.set(described.key, [described]);
	}
	for (const group of groups.values()) {
		const [first] = group;
		const last = group[group.length - 1];
		// A rule still in force: once a year, every year from its first to the last one checked.
		const steady =
			group.length > 1 && last.year === lastYear && last.year - first.year === group.length - 1;
		// Otherwise each change gets an observance of its own (the form every client reads; RDATE
		// lists are read unevenly).
		for (const transition of steady ? [first] : group) {
			// Daylight time is the observance with the larger offset of its pair.
			const kind = transition.to > transition.from ? 'DAYLIGHT' : 'STANDARD';
			lines.push(
				`BEGIN:${kind}`,
				`DTSTART:${transition.start}`,
				`TZOFFSETFROM:${utcOffset(transition.from)}`,
				`TZOFFSETTO:${utcOffset(transition.to)}`
			);
			if (steady) lines.push(`RRULE:${transition.rule}`);
			lines.push(`END:${kind}`);
		}
	}
	lines.push('END:VTIMEZONE');
	return lines;
}
