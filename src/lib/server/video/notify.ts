/**
 * Tells the company's open pages that who is in which room changed. The live-events channel of
 * the presence board carries it once both branches meet; until then pages load occupancy fresh.
 */
export function notifyOccupancyChanged(companyId: string): void {
	void companyId;
}
