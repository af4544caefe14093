// The report's query string (?house=<id>&month=YYYY-MM), shared by the page and the CSV.
import { getCompanyHouse } from '../houses/houses';
import type { House } from '../db/schema';
import { todayIn } from '../../zoned-time';
import { boardHouses } from './board';

export function reportParams(
	companyId: string,
	url: URL,
	now = Date.now()
): { house: House | null; month: string; monthValid: boolean } {
	const houses = boardHouses(companyId);
	const houseId = url.searchParams.get('house') ?? houses[0]?.id ?? '';
	const house = houseId ? (getCompanyHouse(companyId, houseId) ?? null) : null;
	const param = url.searchParams.get('month');
	const monthValid = param === null || /^\d{4}-(0[1-9]|1[0-2])$/.test(param);
	const month = param && monthValid ? param : todayIn(house?.timeZone ?? 'UTC', now).slice(0, 7);
	return { house, month, monthValid };
}
