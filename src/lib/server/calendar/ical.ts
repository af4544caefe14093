// A small iCalendar (RFC 5545) writer: enough for a feed of meetings and all-day plans, written
// by hand so every rule that calendar clients trip over is in one place and tested — CRLF line
// ends, lines folded at 75 octets without cutting a character, TEXT escaping, UTC stamps, and a
// VTIMEZONE for every zone a time is given in (see vtimezone.ts).
import { vtimezone } from './vtimezone';

/** When an event starts or ends: an instant (written in UTC), a wall clock in a zone, or a date. */
export type IcsTime =
	| { kind: 'utc'; at: number }
	/** `date` YYYY-MM-DD and `time` HH:MM on the wall clock of the IANA zone `timeZone`. */
	| { kind: 'zoned'; date: string; time: string; timeZone: string }
	/** A whole day (all-day events). */
	| { kind: 'date'; date: string };

export type IcsEvent = {
	/** Stable across fetches: clients update the event they already have instead of adding one. */
	uid: string;
	summary: string;
	description?: string;
	url?: string;
	location?: string;
	start: IcsTime;
	/** Exclusive end; all-day events end on the next date. One of `end` and `durationMinutes`. */
	end?: IcsTime;
	durationMinutes?: number;
	/** Weekly on these ISO weekdays (1 = Monday), from `start` on. */
	weeklyOn?: readonly number[];
	/** Occurrences of the series that do not take place, as the start's kind gives them. */
	exceptions?: readonly IcsTime[];
	/** Free time (an all-day plan), not busy. */
	transparent?: boolean;
};

export type IcsCalendar = {
	/** Shown by clients as the calendar's name (X-WR-CALNAME, NAME). */
	name: string;
	events: readonly IcsEvent[];
	/** DTSTAMP of every event: when this copy was written. */
	now: number;
	/** How often clients should fetch the feed again, in minutes. */
	refreshMinutes?: number;
};

const BYDAY = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, and line breaks as `\n`. */
export function escapeText(value: string): string {
	return value
		.replace(/\\/g, '\\\\')
		.replace(/;/g, '\\;')
		.replace(/,/g, '\\,')
		.replace(/\r\n|\r|\n/g, '\\n');
}

const encoder = new TextEncoder();

/**
 * Folds a content line at 75 octets (§3.1): each continuation starts with one space, which counts
 * in its line's 75. Cuts fall between characters (code points), never inside a UTF-8 sequence or
 * a surrogate pair, so an emoji stays whole.
 */
export function foldLine(line: string): string {
	if (encoder.encode(line).length <= 75) return line;
	const lines: string[] = [];
	let current = '';
	let octets = 0;
	for (const char of line) {
		const size = encoder.encode(char).length;
		const limit = lines.length === 0 ? 75 : 74;
		if (octets + size > limit) {
			lines.push(current);
			current = '';
			octets = 0;
		}
		current += char;
		octets += size;
	}
	lines.push(current);
	return lines.join('\r\n ');
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** An instant as a UTC DATE-TIME: 20261203T134500Z. */
export function utcStamp(at: number): string {
	const d = new Date(at);
	return (
		`${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
		`T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`
	);
}

const compactDate = (date: string) => date.replace(/-/g, '');

/** A property holding a time, with its parameters: `DTSTART;TZID=Europe/Paris:20261203T093000`. */
function timeProperty(name: string, time: IcsTime): string {
	switch (time.kind) {
		case 'utc':
			return `${name}:${utcStamp(time.at)}`;
		case 'zoned':
			return `${name};TZID=${time.timeZone}:${compactDate(time.date)}T${time.time.replace(':', '')}00`;
		case 'date':
			return `${name};VALUE=DATE:${compactDate(time.date)}`;
	}
}

/** The year a time falls in, for the zone's VTIMEZONE to reach back to it. */
const yearOf = (time: IcsTime) =>
	time.kind === 'utc' ? new Date(time.at).getUTCFullYear() : Number(time.date.slice(0, 4));

function eventLines(event: IcsEvent, now: number): string[] {
	const lines = [
		'BEGIN:VEVENT',
		`UID:${event.uid}`,
		`DTSTAMP:${utcStamp(now)}`,
		timeProperty('DTSTART', event.start)
	];
	if (event.end) lines.push(timeProperty('DTEND', event.end));
	else if (event.durationMinutes) lines.push(`DURATION:PT${Math.round(event.durationMinutes)}M`);
	if (event.weeklyOn && event.weeklyOn.length > 0) {
		const days = [...new Set(event.weeklyOn)].sort((a, b) => a - b).map((d) => BYDAY[d - 1]);
		lines.push(`RRULE:FREQ=WEEKLY;WKST=MO;BYDAY=${days.join(',')}`);
	}
	for (const exception of event.exceptions ?? []) lines.push(timeProperty('EXDATE', exception));
	lines.push(`SUMMARY:${escapeText(event.summary)}`);
	if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
	if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
	// URL is a URI, not TEXT: no escaping, but the addresses we write never hold a line break.
	if (event.url) lines.push(`URL:${event.url}`);
	if (event.transparent) lines.push('TRANSP:TRANSPARENT');
	lines.push('END:VEVENT');
	return lines;
}

/** The whole calendar as an iCalendar object, CRLF line ends, folded. */
export function writeCalendar(calendar: IcsCalendar): string {
	const refresh = calendar.refreshMinutes ?? 60;
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Hameau//Calendar feed//EN',
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH',
		`NAME:${escapeText(calendar.name)}`,
		`X-WR-CALNAME:${escapeText(calendar.name)}`,
		`REFRESH-INTERVAL;VALUE=DURATION:PT${refresh}M`,
		`X-PUBLISHED-TTL:PT${refresh}M`
	];
	// Each zone once, reaching back to the earliest time given in it.
	const zones = new Map<string, number>();
	for (const event of calendar.events) {
		for (const time of [event.start, event.end, ...(event.exceptions ?? [])]) {
			if (time?.kind !== 'zoned') continue;
			const year = yearOf(time);
			zones.set(time.timeZone, Math.min(year, zones.get(time.timeZone) ?? year));
		}
	}
	const thisYear = new Date(calendar.now).getUTCFullYear();
	for (const [zone, fromYear] of zones) lines.push(...vtimezone(zone, fromYear, thisYear));
	for (const event of calendar.events) lines.push(...eventLines(event, calendar.now));
	lines.push('END:VCALENDAR');
	return lines.map(foldLine).join('\r\n') + '\r\n';
}
