// Mentions through the real collaboration server: the people newly "@mentioned" in a document are
// notified once edits settle, once, and only if they may read it.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addMember, makeCompany, makeUser } from '../helpers/factories';
import {
	companyWithDocument,
	connect,
	ManualClock,
	roundTrip,
	signedIn,
	synced,
	until,
	useCollabDatabase,
	useCollabServers
} from '../collab/support';
import { listNotifications } from '../../src/lib/server/notifications/notifications';

useCollabDatabase();
const start = useCollabServers();

/** A paragraph "Ask @name" per person, as TipTap's Mention extension writes it. */
function writeMentions(doc: Y.Doc, people: Array<{ id: string; name: string }>): void {
	const fragment = doc.getXmlFragment('default');
	doc.transact(() => {
		fragment.delete(0, fragment.length);
		fragment.insert(
			0,
			people.map((person) => {
				const paragraph = new Y.XmlElement('paragraph');
				const mention = new Y.XmlElement('mention');
				mention.setAttribute('id', person.id);
				mention.setAttribute('label', person.name);
				paragraph.insert(0, [new Y.XmlText('Ask '), mention]);
				return paragraph;
			})
		);
	});
}

describe('mention notifications', () => {
	it('notifies the newly mentioned members once, never the author or outsiders', async () => {
		const clock = new ManualClock();
		const harness = await start({ clock, searchIndexIdleMs: 2000 });
		const { owner, company, document } = await companyWithDocument();
		const bea = await makeUser('Bea');
		const carl = await makeUser('Carl');
		addMember(company, owner.user, bea, 'member');
		addMember(company, owner.user, carl, 'member');
		const outsider = await makeUser('Outsider');
		makeCompany(outsider);
		const client = connect(harness, document.id, owner);
		await synced(client);

		const people = [owner.user, bea, outsider].map((u) => ({ id: u.id, name: u.name }));
		writeMentions(client.doc, people);
		await roundTrip(client);
		clock.advance(2000);
		const beas = listNotifications(bea.id, 'en');
		expect(beas).toHaveLength(1);
		expect(beas[0]).toMatchObject({
			text: `${owner.user.name} mentioned you in Plan de la semaine`,
			link: `/${company.slug}/documents/${document.id}`
		});
		expect(listNotifications(owner.user.id, 'en')).toEqual([]);
		expect(listNotifications(outsider.id, 'en')).toEqual([]);

		// Another edit that keeps Bea and adds Carl: only Carl hears of it.
		writeMentions(client.doc, [...people, { id: carl.id, name: carl.name }]);
		await roundTrip(client);
		clock.advance(2000);
		expect(listNotifications(bea.id, 'en')).toHaveLength(1);
		expect(listNotifications(carl.id, 'en')).toHaveLength(1);
	});

	it('tells someone mentioned in a task that it is theirs', async () => {
		const clock = new ManualClock();
		const harness = await start({ clock, searchIndexIdleMs: 2000 });
		const { owner, company, document } = await companyWithDocument();
		const bea = await makeUser('Bea');
		addMember(company, owner.user, bea, 'member');
		const client = connect(harness, document.id, owner);
		await synced(client);

		// A task list as TipTap writes it: taskList > taskItem > paragraph > text + mention.
		const fragment = client.doc.getXmlFragment('default');
		const list = new Y.XmlElement('taskList');
		const taskFor = (text: string) => {
			const item = new Y.XmlElement('taskItem');
			item.setAttribute('checked', false as unknown as string);
			const paragraph = new Y.XmlElement('paragraph');
			const mention = new Y.XmlElement('mention');
			mention.setAttribute('id', bea.id);
			mention.setAttribute('label', bea.name);
			paragraph.insert(0, [new Y.XmlText(text), mention]);
			item.insert(0, [paragraph]);
			return item;
		};
		client.doc.transact(() => {
			list.insert(0, [taskFor('Book the room ')]);
			fragment.insert(0, [list]);
		});
		await roundTrip(client);
		clock.advance(2000);
		const said = () => listNotifications(bea.id, 'en').map((n) => [n.kind, n.text]);
		const gave = (task: string) => [
			'task_assigned',
			`${owner.user.name} gave you a task in Plan de la semaine: ${task} @${bea.name}`
		];
		expect(said()).toEqual([gave('Book the room')]);

		// A second task for Bea is news too.
		client.doc.transact(() => list.insert(1, [taskFor('Call the supplier ')]));
		await roundTrip(client);
		clock.advance(2000);
		expect(said()).toEqual([gave('Call the supplier'), gave('Book the room')]);

		// Her first task's text corrected, then the tasks reordered (a task moved is written
		// anew): neither gives her anything new.
		const first = (list.get(0) as Y.XmlElement).get(0) as Y.XmlElement;
		client.doc.transact(() => (first.get(0) as Y.XmlText).insert(0, 'Please '));
		await roundTrip(client);
		clock.advance(2000);
		client.doc.transact(() => {
			list.delete(1, 1);
			list.insert(0, [taskFor('Call the supplier ')]);
		});
		await roundTrip(client);
		clock.advance(2000);
		expect(said()).toHaveLength(2);
	});

	it('credits each mention to whoever typed it when two people edit at once', async () => {
		const clock = new ManualClock();
		const harness = await start({ clock, searchIndexIdleMs: 2000 });
		const { owner, company, document } = await companyWithDocument();
		const bea = await signedIn('Bea');
		const carl = await makeUser('Carl');
		addMember(company, owner.user, bea.user, 'member');
		addMember(company, owner.user, carl, 'member');
		const ownersTab = connect(harness, document.id, owner);
		const beasTab = connect(harness, document.id, bea);
		await Promise.all([synced(ownersTab), synced(beasTab)]);

		// Bea mentions Carl; then, before the edits settle, the owner types in another paragraph.
		writeMentions(beasTab.doc, [{ id: carl.id, name: carl.name }]);
		await roundTrip(beasTab);
		const fragment = ownersTab.doc.getXmlFragment('default');
		await until(ownersTab.doc, () => fragment.length === 1);
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText('Agenda')]);
		fragment.insert(1, [paragraph]);
		await roundTrip(ownersTab);
		clock.advance(2000);

		expect(listNotifications(carl.id, 'en').map((n) => n.text)).toEqual([
			`${bea.user.name} mentioned you in Plan de la semaine`
		]);
	});
});
