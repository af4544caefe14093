/** A saved house as the form's values, so the edit form and a failed submit read the same way. */
export function houseFormValues(house: {
	name: string;
	commune: string;
	address: string;
	seats: number;
	timeZone: string;
	openingDays: number[];
	opensAt: string;
	closesAt: string;
	listed: boolean;
	uplinkKbps: number | null;
	downlinkKbps: number | null;
}): Record<string, string> {
	return {
		name: house.name,
		commune: house.commune,
		address: house.address,
		seats: String(house.seats),
		timeZone: house.timeZone,
		openingDays: house.openingDays.join(','),
		opensAt: house.opensAt,
		closesAt: house.closesAt,
		listed: house.listed ? 'on' : '',
		uplink: house.uplinkKbps === null ? '' : String(house.uplinkKbps),
		downlink: house.downlinkKbps === null ? '' : String(house.downlinkKbps)
	};
}
