import { publishLiveEvent } from '../live/hub';

/** Tells the company's open pages (rooms page, presence board) that room occupancy changed. */
export function notifyOccupancyChanged(companyId: string): void {
	publishLiveEvent(companyId, { type: 'occupancy' });
}
