import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { addMember, makeCompany, makeUser } from '../helpers/factories';
import { auditEvents, documents } from '../../src/lib/server/db/schema';
import {
	createDocument,
	deleteDocument,
	getCompanyDocument,
	listDocuments,
	renameDocument,
	setDocumentArchived
} from '../../src/lib/server/documents/documents';
import { appendUpdates } from '../../src/lib/server/documents/store';

const { db } = useTempDatabase();

async function twoCompanies() {
	const owner = await makeUser('Owner');
	const member = await makeUser('Member');
	const stranger = await makeUser('Stranger');
	const company = makeCompany(owner);
	const other = makeCompany(stranger);
	addMember(company, owner, member, 'member');
	return {
		owner,
		member,
		company,
		other,
		asOwner: { userId: owner.id, role: 'owner' as const },
		asMember: { userId: member.id, role: 'member' as const },
		asStranger: { userId: stranger.id, role: 'owner' as const }
	};
}

const actionsOf = (companyId: string) =>
	db()
		.select({ action: auditEvents.action, subject: auditEvents.subject })
		.from(auditEvents)
		.where(eq(auditEvents.companyId, companyId))
		.all()
		.filter((event) => event.action.startsWith('document.'));

describe('documents of a company', () => {
	it('creates, renames, archives, unarchives and deletes, with audit events', async () => {
		const { company, asMember, asOwner } = await twoCompanies();
		const plan = createDocument(company.id, asMember, {
			title: '  Plan de la semaine ',
			kind: 'weekly_plan'
		});
		expect(plan.title).toBe('Plan de la semaine');
		expect(getCompanyDocument(company.id, plan.id)?.kind).toBe('weekly_plan');

		expect(renameDocument(company.id, plan.id, 'Semaine 12')).toBe(true);
		expect(setDocumentArchived(company.id, asMember, plan.id, true)).toBe(true);
		expect(getCompanyDocument(company.id, plan.id)?.archivedAt).toBeInstanceOf(Date);
		expect(setDocumentArchived(company.id, asMember, plan.id, false)).toBe(true);
		expect(getCompanyDocument(company.id, plan.id)?.archivedAt).toBeNull();
		expect(deleteDocument(company.id, asOwner, plan.id)).toEqual({ ok: true });
		expect(getCompanyDocument(company.id, plan.id)).toBeUndefined();

		expect(actionsOf(company.id)).toEqual([
			{ action: 'document.created', subject: 'Plan de la semaine' },
			{ action: 'document.archived', subject: 'Semaine 12' },
			{ action: 'document.unarchived', subject: 'Semaine 12' },
			{ action: 'document.deleted', subject: 'Semaine 12' }
		]);
	});

	it('never reaches another company’s document', async () => {
		const { company, other, asMember, asStranger } = await twoCompanies();
		const secret = createDocument(other.id, asStranger, { title: 'Secret', kind: 'blank' });

		expect(getCompanyDocument(company.id, secret.id)).toBeUndefined();
		expect(renameDocument(company.id, secret.id, 'Pwned')).toBe(false);
		expect(setDocumentArchived(company.id, asMember, secret.id, true)).toBe(false);
		expect(deleteDocument(company.id, asMember, secret.id)).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect(listDocuments(company.id).map((d) => d.id)).not.toContain(secret.id);

		const stored = db().select().from(documents).where(eq(documents.id, secret.id)).get();
		expect(stored).toMatchObject({ title: 'Secret', archivedAt: null });
		expect(actionsOf(company.id)).toEqual([]);
	});

	it('lets only the creator, a manager or an owner delete', async () => {
		const { company, owner, asOwner, asMember } = await twoCompanies();
		const ownersDoc = createDocument(company.id, asOwner, { title: 'Budget', kind: 'blank' });
		expect(deleteDocument(company.id, asMember, ownersDoc.id)).toEqual({
			ok: false,
			reason: 'not_allowed'
		});
		const membersDoc = createDocument(company.id, asMember, { title: 'Mes notes', kind: 'blank' });
		expect(deleteDocument(company.id, asMember, membersDoc.id)).toEqual({ ok: true });
		expect(deleteDocument(company.id, { userId: owner.id, role: 'owner' }, ownersDoc.id)).toEqual({
			ok: true
		});
	});

	it('searches titles literally and sorts by last edit, title or creation', async () => {
		const { company, member, asMember } = await twoCompanies();
		const a = createDocument(company.id, asMember, { title: 'alpha 100%', kind: 'blank' });
		const b = createDocument(company.id, asMember, { title: 'Bravo', kind: 'meeting_notes' });
		const c = createDocument(company.id, asMember, { title: 'charlie_x', kind: 'standup_notes' });
		// Only `a` is edited, after all three were created: it comes first by last edit.
		appendUpdates(a.id, [{ update: Uint8Array.of(0, 0), userId: member.id }]);

		const byEdit = listDocuments(company.id, { sort: 'edited' });
		expect(byEdit[0]).toMatchObject({ id: a.id, lastEditorName: member.name });
		expect(byEdit[0].editedAt).toBeInstanceOf(Date);
		expect(byEdit.find((d) => d.id === b.id)?.lastEditorName).toBeNull();

		expect(listDocuments(company.id, { sort: 'title' }).map((d) => d.id)).toEqual([
			a.id,
			b.id,
			c.id
		]);
		expect(listDocuments(company.id, { sort: 'created' }).map((d) => d.id)).toEqual([
			c.id,
			b.id,
			a.id
		]);

		expect(listDocuments(company.id, { search: 'BRAV' }).map((d) => d.id)).toEqual([b.id]);
		// % and _ are letters here, not wildcards.
		expect(listDocuments(company.id, { search: '%' }).map((d) => d.id)).toEqual([a.id]);
		expect(listDocuments(company.id, { search: '_' }).map((d) => d.id)).toEqual([c.id]);
		expect(listDocuments(company.id, { search: 'zzz' })).toEqual([]);
	});

	it('finds and sorts titles with accents as people read them', async () => {
		const { company, asMember } = await twoCompanies();
		const summer = createDocument(company.id, asMember, { title: 'Été à Murat', kind: 'blank' });
		const meeting = createDocument(company.id, asMember, { title: 'Réunion', kind: 'blank' });
		const plan = createDocument(company.id, asMember, { title: 'plan', kind: 'blank' });
		const budget = createDocument(company.id, asMember, { title: 'Budget', kind: 'blank' });

		expect(listDocuments(company.id, { search: 'reunion' }).map((d) => d.id)).toEqual([meeting.id]);
		expect(listDocuments(company.id, { search: 'ÉTÉ' }).map((d) => d.id)).toEqual([summer.id]);
		expect(listDocuments(company.id, { search: 'a mu' }).map((d) => d.id)).toEqual([summer.id]);
		// "Été" among the E, not after every Latin capital; small and capital letters together.
		expect(listDocuments(company.id, { sort: 'title' }).map((d) => d.title)).toEqual([
			budget.title,
			summer.title,
			plan.title,
			meeting.title
		]);
	});
});
