// What the setup form (new and edit) needs: the company's houses, people and time zones.
import { m } from '$lib/paraglide/messages';
import { listHouses } from '$lib/server/houses/houses';
import { ownTimeZone } from '$lib/server/houses/person-time-zone';
import { companyPeople } from '$lib/server/standups/standups';
import { houseTimeZones } from '../houses/house-form.server';
import type { SetupError } from '$lib/server/standups/standups';

export function setupChoices(companyId: string, userId: string) {
	const houses = listHouses(companyId);
	return {
		houses: houses.map(({ id, name }) => ({ id, name })),
		people: companyPeople(companyId).map(({ userId, name, houseName }) => ({
			userId,
			name,
			houseName
		})),
		// The houses' zones and the manager's own first; every zone when asked (TimeZoneSelect).
		suggestedTimeZones: houseTimeZones(houses, ownTimeZone(companyId, userId)?.timeZone),
		defaultTimeZone: houses[0]?.timeZone ?? 'Europe/Paris'
	};
}

export function setupErrorMessage(reason: SetupError): string {
	switch (reason) {
		case 'unknown_house':
			return m.standups_error_unknown_house();
		case 'unknown_person':
			return m.standups_error_unknown_person();
		case 'not_found':
			return m.standups_error_not_found();
		case 'not_allowed':
			return m.error_forbidden_text();
	}
}
