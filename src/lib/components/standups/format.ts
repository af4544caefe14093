// Labels shared by the stand-up pages and the board's card.
import { formatDateAndTime } from '$lib/format';
import { m } from '$lib/paraglide/messages';

const dayLabels = () => [
	m.standups_day_mon(),
	m.standups_day_tue(),
	m.standups_day_wed(),
	m.standups_day_thu(),
	m.standups_day_fri(),
	m.standups_day_sat(),
	m.standups_day_sun()
];

/** The short name of an ISO weekday (1 = Monday). */
export function dayLabel(day: number): string {
	return dayLabels()[day - 1] ?? '';
}

/** "Mon–Fri" for a run of days, else the days one by one. */
export function daysLabel(days: readonly number[]): string {
	const sorted = [...days].sort((a, b) => a - b);
	if (sorted.length === 7) return m.standups_every_day();
	const consecutive = sorted.every((day, i) => i === 0 || day === sorted[i - 1] + 1);
	if (consecutive && sorted.length >= 3) {
		return `${dayLabel(sorted[0])}–${dayLabel(sorted[sorted.length - 1])}`;
	}
	return sorted.map(dayLabel).join(', ');
}

export type When = {
	there: { date: string; time: string; weekday: number };
	here: { date: string; time: string; weekday: number } | null;
	viewerZone: string | null;
};

/** "Mon 09:30" on one clock: the weekday before the time, as both languages write it. */
function weekdayAndTime({ weekday, time }: When['there']): string {
	return `${dayLabel(weekday)} ${time}`;
}

/**
 * "Mon 09:30 (Europe/Paris) · Mon 04:30 your time"; `dated`, the date in full in front of the
 * stand-up's own time ("Sun 6 December 2026, 09:30 (Europe/Paris) · …"), for one run of it.
 */
export function whenLabel(when: When, timeZone: string, { dated = false } = {}): string {
	const there = m.standups_when_there({
		when: dated ? formatDateAndTime(when.there.date, when.there.time) : weekdayAndTime(when.there),
		zone: timeZone
	});
	if (!when.here) return there;
	return `${there} · ${m.standups_when_here({ when: weekdayAndTime(when.here) })}`;
}

/** m:ss of a number of milliseconds, never below zero. */
export function countdownLabel(ms: number): string {
	const total = Math.max(0, Math.ceil(ms / 1000));
	const minutes = Math.floor(total / 60);
	const seconds = total % 60;
	return `${minutes}:${String(seconds).padStart(2, '0')}`;
}
