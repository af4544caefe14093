// The house the `village` part's people work from: one company of four (the capacity bench's
// seeding, through the app's own domain functions), one house, everyone checked in there today
// (the board's rule the link budget follows), and the house's room. Its link is declared by the
// manager through the house page's form (the `update` action: updateHouse, then the budgets of the
// calls going on are worked out again), as a manager would set it.
// Runs in the bench process, on the server's database file.
import type { RunningServer } from '../../tests/helpers/server';

export type VillageHouse = {
	slug: string;
	companyId: string;
	houseId: string;
	houseName: string;
	roomId: string;
	/** The owner (a manager) first; each person's locale alternates en, fr (seedCompanies). */
	people: Array<{ userId: string; token: string; locale: 'en' | 'fr' }>;
	documentId: string;
	documentTitle: string;
	/** Declares the house's link, kbit/s (null, null: none), as the manager's form does. */
	declareLink(uplinkKbps: number | null, downlinkKbps: number | null): Promise<void>;
	/** People the server still counts in a call (room_presence, from the media webhooks). */
	inCalls(): number;
};

export async function seedVillageHouse(server: RunningServer): Promise<VillageHouse> {
	// Parts that ran before in this process (`npm run bench`) may have opened another database.
	process.env.DATABASE_URL = server.dbPath;
	const { closeDb, getDb } = await import('../../src/lib/server/db');
	const { forgetConfig } = await import('../../src/lib/server/config');
	closeDb();
	forgetConfig();
	const { seedCompanies } = await import('../capacity/seed');
	const { checkIn } = await import('../../src/lib/server/presence/check-in');
	const { getCompanyHouse } = await import('../../src/lib/server/houses/houses');
	const { listRooms } = await import('../../src/lib/server/video/rooms');
	const { documents, roomPresence } = await import('../../src/lib/server/db/schema');
	const { eq } = await import('drizzle-orm');

	const [company] = seedCompanies(0, 1, { people: 4, houses: 1, documents: 1 });
	const [houseId] = company.houseIds;
	for (const person of company.people) {
		const result = checkIn(company.id, person.userId, houseId);
		if (!result.ok) throw new Error(`check-in refused: ${result.reason}`);
	}
	const house = getCompanyHouse(company.id, houseId)!;
	const room = listRooms(company.id, company.people[0].userId).find(
		(entry) => entry.kind === 'house'
	);
	if (!room) throw new Error('the house has no room');
	const [documentId] = company.documentIds;
	const document = getDb()
		.select({ title: documents.title })
		.from(documents)
		.where(eq(documents.id, documentId))
		.get();
	if (!document) throw new Error('the document was not created');
	const owner = company.people[0];

	return {
		slug: company.slug,
		companyId: company.id,
		houseId,
		houseName: house.name,
		roomId: room.id,
		people: company.people.map((person, index) => ({
			userId: person.userId,
			token: person.cookie.split('=')[1],
			locale: index % 2 ? 'fr' : 'en'
		})),
		documentId,
		documentTitle: document.title,
		async declareLink(uplinkKbps, downlinkKbps) {
			const form = new URLSearchParams({
				name: house.name,
				commune: house.commune,
				address: house.address,
				seats: String(house.seats),
				timeZone: house.timeZone,
				monthlyCost: String(house.monthlyCostCents / 100),
				uplink: uplinkKbps === null ? '' : String(uplinkKbps),
				downlink: downlinkKbps === null ? '' : String(downlinkKbps)
			});
			const response = await fetch(`${server.url}/${company.slug}/houses/${houseId}?/update`, {
				method: 'POST',
				headers: {
					cookie: owner.cookie,
					origin: server.url,
					'content-type': 'application/x-www-form-urlencoded',
					// The answer as the page's enhanced form gets it: JSON, not the whole page.
					'x-sveltekit-action': 'true'
				},
				body: form
			});
			const answer = (await response.json()) as { type?: string };
			const stored = getCompanyHouse(company.id, houseId);
			if (
				answer.type !== 'success' ||
				stored?.uplinkKbps !== uplinkKbps ||
				stored?.downlinkKbps !== downlinkKbps
			) {
				throw new Error(`the house's link was not saved: ${JSON.stringify(answer)}`);
			}
		},
		inCalls: () => getDb().select().from(roomPresence).all().length
	};
}
