// Whose clock a form reads a time on, and the sentence beside its fields that says so: the server
// decides (server/houses/person-time-zone.ts), the page may put the device's zone in for someone
// who chose none, once its scripts run and know it.
import { m } from '$lib/paraglide/messages';
import { timeZoneLabel } from '$lib/time-zone-groups';

/** Where a person's zone in a form comes from, most trusted first. */
export type TimeZoneSource = 'house' | 'profile' | 'device' | 'company' | 'none';

export type SourcedTimeZone = { timeZone: string; source: TimeZoneSource };

/** Zones the person chose (their home house's, their profile's): a device never overrides them. */
export function isOwnTimeZone(source: TimeZoneSource): boolean {
	return source === 'house' || source === 'profile';
}

/** The zone the page uses once it knows the device's (`device`, null before its scripts ran). */
export function withDeviceZone(zone: SourcedTimeZone, device: string | null): SourcedTimeZone {
	if (!device || isOwnTimeZone(zone.source)) return zone;
	return { timeZone: device, source: 'device' };
}

/** The browser's zone, or null where Intl cannot tell. */
export function deviceTimeZone(): string | null {
	return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
}

/** "Time zone: Europe/Paris, this device's (…)." beside a form's date and time. */
export function timeZoneNote({ timeZone, source }: SourcedTimeZone): string {
	const zone = timeZoneLabel(timeZone);
	switch (source) {
		case 'house':
			return m.calendar_zone_from_house({ zone });
		case 'profile':
			return m.calendar_zone_from_profile({ zone });
		case 'device':
			return m.calendar_zone_from_device({ zone });
		case 'company':
			return m.calendar_zone_from_company({ zone });
		case 'none':
			return m.calendar_zone_from_none({ zone });
	}
}
