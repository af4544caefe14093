// The iCalendar writer, checked by parsing its output back with ical.js (a maintained RFC 5545
// library, the one Thunderbird uses): escaping, folding, and the VTIMEZONEs built from Intl, by
// expanding a recurring event across daylight-saving changes and comparing with our own clock.
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, writeCalendar } from '../../src/lib/server/calendar/ical';
import { addDays, isoWeekday, zonedInstant } from '../../src/lib/zoned-time';

const NOW = Date.UTC(2026, 11, 3, 13, 45);

function parse(text: string) {
	const calendar = new ICAL.Component(ICAL.parse(text));
	for (const zone of calendar.getAllSubcomponents('vtimezone')) {
		ICAL.TimezoneService.register(zone);
	}
	return calendar;
}

/** The first `count` starts of the event's series, as UTC milliseconds. */
function expand(event: ICAL.Event, count: number): number[] {
	const iterator = event.iterator();
	const starts: number[] = [];
	for (let next = iterator.next(); next && starts.length < count; next = iterator.next()) {
		starts.push(next.toJSDate().getTime());
	}
	return starts;
}

/** What our own schedule says: the dates from `from` on with an ISO weekday in `days`, at `time`. */
function expected(from: string, days: number[], time: string, zone: string, count: number) {
	const starts: number[] = [];
	for (let date = from; starts.length < count; date = addDays(date, 1)) {
		if (days.includes(isoWeekday(date))) starts.push(zonedInstant(date, time, zone, 'earlier'));
	}
	return starts;
}

describe('TEXT values', () => {
	it('escapes backslashes, semicolons, commas and line breaks', () => {
		expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
	});

	it('folds at 75 octets without cutting a character, and parses back whole', () => {
		const title =
			'Point équipe; budget, planning 🚀 et rétro — « la maison de Saint-Flour » avec les collègues de Murat 🌿';
		expect(new TextEncoder().encode(title).length).toBeGreaterThan(80);
		const text = writeCalendar({
			name: 'Hameau',
			now: NOW,
			events: [
				{
					uid: 'one@example.org',
					summary: title,
					description: 'Ligne 1\nLigne 2, avec \\ et ;',
					start: { kind: 'utc', at: NOW },
					durationMinutes: 30
				}
			]
		});
		expect(text.endsWith('\r\n')).toBe(true);
		// Every line ends in CRLF (no bare LF), and none is longer than 75 octets.
		expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
		const lines = text.split('\r\n').slice(0, -1);
		for (const line of lines) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
		expect(lines.some((line) => line.startsWith(' '))).toBe(true);
		// No line may start or end inside a UTF-8 sequence: each decodes on its own.
		for (const line of lines) {
			expect(() =>
				new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(line))
			).not.toThrow();
		}

		const event = new ICAL.Event(parse(text).getFirstSubcomponent('vevent')!);
		expect(event.summary).toBe(title);
		expect(event.description).toBe('Ligne 1\nLigne 2, avec \\ et ;');
		expect(event.uid).toBe('one@example.org');
		expect(event.startDate.toJSDate().getTime()).toBe(NOW);
		expect(event.endDate.toJSDate().getTime()).toBe(NOW + 30 * 60_000);
	});

	it('folds a long line into pieces of at most 75 octets', () => {
		const folded = foldLine(`SUMMARY:${'é'.repeat(60)}`);
		for (const line of folded.split('\r\n')) {
			expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
		}
		expect(folded.replace(/\r\n /g, '')).toBe(`SUMMARY:${'é'.repeat(60)}`);
	});
});

describe('recurring events in a time zone', () => {
	const cases = [
		// Crosses the change to summer time (29 March) and back (25 October).
		{ zone: 'Europe/Paris', from: '2026-03-23', time: '09:30', days: [1, 2, 3, 4, 5], count: 160 },
		// Changes on the second Sunday of March and the first of November.
		{ zone: 'America/New_York', from: '2026-03-02', time: '08:15', days: [1, 3], count: 80 },
		// Southern hemisphere: summer time over the new year.
		{ zone: 'Australia/Sydney', from: '2026-03-30', time: '17:00', days: [5], count: 60 },
		// No daylight saving at all.
		{ zone: 'Asia/Tokyo', from: '2026-06-01', time: '10:00', days: [2, 4], count: 20 }
		// (A time the clocks skip is left out: ical.js reads it with the offset after the gap,
		// where RFC 5545 §3.3.5 and our schedule take the one before.)
	];

	for (const { zone, from, time, days, count } of cases) {
		it(`${zone} at ${time}: the client's expansion matches the stand-up's schedule`, () => {
			const text = writeCalendar({
				name: 'Hameau',
				now: NOW,
				events: [
					{
						uid: `standup-${zone}@example.org`,
						summary: 'Daily',
						start: { kind: 'zoned', date: from, time, timeZone: zone },
						durationMinutes: 15,
						weeklyOn: days
					}
				]
			});
			const calendar = parse(text);
			const zones = calendar.getAllSubcomponents('vtimezone');
			expect(zones.map((z) => z.getFirstPropertyValue('tzid'))).toEqual([zone]);
			const vevent = calendar.getFirstSubcomponent('vevent')!;
			expect(vevent.getFirstProperty('dtstart')!.getParameter('tzid')).toBe(zone);
			expect(String(vevent.getFirstPropertyValue('rrule'))).toMatch(/FREQ=WEEKLY/);
			const event = new ICAL.Event(vevent);
			expect(expand(event, count)).toEqual(expected(from, days, time, zone, count));
		});
	}

	it('writes the yearly rules of a zone as RRULEs, so clients extend them past the file', () => {
		const text = writeCalendar({
			name: 'Hameau',
			now: NOW,
			events: [
				{
					uid: 'x@example.org',
					summary: 'Daily',
					start: { kind: 'zoned', date: '2026-01-05', time: '09:30', timeZone: 'Europe/Paris' },
					durationMinutes: 15,
					weeklyOn: [1]
				}
			]
		});
		expect(text).toContain('RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU');
		expect(text).toContain('RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU');
		// Ten years on, still right.
		const event = new ICAL.Event(parse(text).getFirstSubcomponent('vevent')!);
		const iterator = event.iterator();
		const starts: number[] = [];
		for (let next = iterator.next(); next && next.year <= 2036; next = iterator.next()) {
			if (next.year === 2036 && (next.month === 1 || next.month === 7)) {
				starts.push(next.toJSDate().getTime());
			}
		}
		// Mondays of January 2036 at 09:30 winter time, of July at 09:30 summer time.
		expect(starts.slice(0, 1)).toEqual([Date.UTC(2036, 0, 7, 8, 30)]);
		expect(starts).toContain(Date.UTC(2036, 6, 7, 7, 30));
	});
});
