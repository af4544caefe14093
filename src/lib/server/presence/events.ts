// After a change to someone's place or status, every open board of the company gets their card.
import { publishLiveEvent } from '../live/hub';
import { boardPerson } from './board';

export function publishPersonChanged(companyId: string, userId: string, now = Date.now()): void {
	const person = boardPerson(companyId, userId, now);
	if (person) publishLiveEvent(companyId, { type: 'person', person });
}
