// The index follows edits through the real collaboration server: text typed by a client is
// searchable once it has been left alone a moment, and at unload, without waiting for a snapshot.
import { describe, expect, it } from 'vitest';
import { searchCompany } from '../../src/lib/server/search/query';
import {
	companyWithDocument,
	connect,
	ManualClock,
	nextEvent,
	roundTrip,
	synced,
	useCollabDatabase,
	useCollabServers,
	writeParagraphs
} from '../collab/support';

useCollabDatabase();
const start = useCollabServers();

const find = (companyId: string, userId: string, input: string) =>
	searchCompany(companyId, userId, input, { limit: 10, allHandsLabel: 'All hands' }).documents;

describe('index kept by the collaboration server', () => {
	it('takes the text once edits settle, and again at unload', async () => {
		const clock = new ManualClock();
		const harness = await start({ clock, searchIndexIdleMs: 2000, idleUnloadMs: 1000 });
		const { owner, company, document } = await companyWithDocument();
		const client = connect(harness, document.id, owner);
		await synced(client);

		writeParagraphs(client.doc, ["L'équipe déménage", 'Ordre du jour']);
		await roundTrip(client);
		expect(find(company.id, owner.user.id, 'equipe')).toHaveLength(0);
		clock.advance(1999);
		expect(find(company.id, owner.user.id, 'equipe')).toHaveLength(0);
		clock.advance(1);
		const hits = find(company.id, owner.user.id, 'equipe demen');
		expect(hits.map((hit) => hit.id)).toEqual([document.id]);
		expect(hits[0].find).toBe('équipe');

		// Edited again and left before the index timer (unload comes first here): the unload takes
		// the new text along.
		writeParagraphs(client.doc, ['Séminaire à Vitré']);
		await roundTrip(client);
		const unloaded = nextEvent(harness.collab, 'document-unloaded');
		client.destroy();
		await nextEvent(harness.collab, 'connection-closed');
		clock.advance(1000);
		await unloaded;
		expect(find(company.id, owner.user.id, 'seminaire vitre')).toHaveLength(1);
		expect(find(company.id, owner.user.id, 'equipe')).toHaveLength(0);
	});
});
