// "I'm at <house> today": today in that house's time zone becomes a check-in there.
import { getCompanyHouse } from '../houses/houses';
import { todayIn } from '../../zoned-time';
import { publishPersonChanged } from './events';
import { recordCheckIn } from './plans';

export type CheckInResult =
	{ ok: true; houseName: string; date: string } | { ok: false; reason: 'unknown_house' };

export function checkIn(
	companyId: string,
	userId: string,
	houseId: string,
	now = Date.now()
): CheckInResult {
	const house = getCompanyHouse(companyId, houseId);
	if (!house || house.archivedAt) return { ok: false, reason: 'unknown_house' };
	const date = todayIn(house.timeZone, now);
	recordCheckIn(companyId, userId, house.id, date, new Date(now));
	publishPersonChanged(companyId, userId, now);
	return { ok: true, houseName: house.name, date };
}
