// A deleted account's name leaves the documents of the companies they belonged to: every mention
// of them and the stand-up summaries that list them (documents/person-erasure.ts says what
// changes). Planned inside the deletion's transaction, while the person's row, their runs' copy
// of their name and the authors' languages can still be read; carried out right after the commit,
// in the same synchronous run (no await in between, so no edit and no document load comes
// between the two). Where the content is kept:
// - a document open in the collaboration server changes there, as a server edit its people
//   receive at once, and is then folded into a snapshot of its memory;
// - any other one is rewritten in storage: its snapshot and update log become one new snapshot;
// - its versions (named and automatic) are rewritten too, so restoring one brings nothing back.
// Both snapshots are encoded from a garbage-collected Y.Doc: the replaced label and text are not
// in the bytes any more, as they would be in merged updates. The search index takes the new text.
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import type { Participant, RunState } from '../../standups/run-machine';
import { getDb, type Executor } from '../db';
import {
	documents,
	documentSnapshots,
	documentUpdates,
	documentVersions,
	standupRuns,
	standups,
	users,
	type Locale
} from '../db/schema';
import { eraseInLoadedDocument } from '../documents/live';
import { erasedState, type PersonErasure } from '../documents/person-erasure';
import { isQuarantineError } from '../documents/quarantine';
import { loadDocumentState, writeSnapshot } from '../documents/store';
import { logger } from '../logger';
import { indexDocumentBody } from '../search/document-index';
import { stateText } from '../search/document-text';
import { summaryLocale } from '../standups/rounds';

/** What to take out of which document, read before the account goes. */
export type DocumentsErasure = {
	userId: string;
	companyIds: string[];
	documents: Map<string, PersonErasure>;
};

// The language a document's wording is written in: its author's (they wrote the rest of it),
// English when they saved none or their account is gone — as a stand-up summary's is its
// creator's. Read in the transaction, so a person erasing mentions of themselves in their own
// documents still counts as the author.
const FALLBACK_LOCALE: Locale = 'en';

/**
 * In the deletion's transaction, before the user row and the runs' copy of the name go: every
 * document of `companyIds` (the companies that stay) with the wording in its language, and the
 * names the stand-up summaries that list the person wrote.
 */
export function planDocumentsErasure(
	tx: Executor,
	userId: string,
	name: string,
	companyIds: readonly string[]
): DocumentsErasure {
	const plan: DocumentsErasure = { userId, companyIds: [...companyIds], documents: new Map() };
	if (companyIds.length === 0) return plan;
	const rows = tx
		.select({ id: documents.id, locale: users.locale })
		.from(documents)
		.leftJoin(users, eq(users.id, documents.createdBy))
		.where(inArray(documents.companyId, [...companyIds]))
		.all();
	for (const row of rows) {
		plan.documents.set(row.id, {
			userId,
			mentionLabel: m.common_former_member_name({}, { locale: row.locale ?? FALLBACK_LOCALE }),
			summaryNames: [],
			summaryLabels: { person: '', owner: '' }
		});
	}
	for (const summary of summariesListing(tx, userId, companyIds)) {
		const erasure = plan.documents.get(summary.documentId);
		if (!erasure) continue;
		// The run's copy is the name the summary was written with; a blocker's owner was read from
		// the account, which may have been renamed since.
		erasure.summaryNames = [...summary.names, name];
		erasure.summaryLabels = {
			person: m.common_former_member_name({}, { locale: summary.locale }),
			owner: m.common_former_member({}, { locale: summary.locale })
		};
	}
	return plan;
}

/** The summary documents of the runs whose state lists the person, with the names it gives them. */
function summariesListing(tx: Executor, userId: string, companyIds: readonly string[]) {
	// Ids are random: the quoted id is in a state's text only where the state lists the person.
	const runs = tx
		.select({
			documentId: standupRuns.summaryDocumentId,
			state: standupRuns.state,
			createdBy: standups.createdBy
		})
		.from(standupRuns)
		.innerJoin(standups, eq(standups.id, standupRuns.standupId))
		.where(
			and(
				inArray(standupRuns.companyId, [...companyIds]),
				isNotNull(standupRuns.summaryDocumentId),
				sql`instr(${standupRuns.state}, ${JSON.stringify(userId)}) > 0`
			)
		)
		.all();
	return runs.map((run) => {
		const state = run.state as Partial<RunState>;
		const listed: Participant[] = [
			...(Array.isArray(state.speakers) ? state.speakers : []),
			...(Array.isArray(state.absent) ? state.absent : [])
		];
		return {
			documentId: run.documentId as string,
			names: listed.filter((person) => person.userId === userId).map((person) => person.name),
			locale: summaryLocale({ createdBy: run.createdBy })
		};
	});
}

/**
 * After the commit, synchronously: takes the person out of the planned documents, live or
 * stored, and out of their versions. A document that fails is logged and the others go on.
 */
export function eraseFromDocuments(plan: DocumentsErasure): void {
	if (plan.documents.size === 0) return;
	const idBytes = Buffer.from(plan.userId, 'utf8');
	const storedNamingThem = storedHolding(plan.companyIds, idBytes);
	for (const [documentId, erasure] of plan.documents) {
		const isSummary = erasure.summaryNames.length > 0;
		// A stored state that holds the id may hold a label in a deleted struct (a merged
		// snapshot keeps those): written again even when nothing visible names the person.
		const rewriteAlways = storedNamingThem.has(documentId) || isSummary;
		try {
			if (eraseInLoadedDocument(documentId, erasure, rewriteAlways)) continue;
			if (rewriteAlways) eraseStored(documentId, erasure);
		} catch (error) {
			logFailure(error, documentId, 'document');
		}
	}
	eraseFromVersions(plan, idBytes);
}

/** Documents whose snapshot or update log holds the person's id (a mention of them, or was one). */
function storedHolding(companyIds: string[], idBytes: Buffer): Set<string> {
	const db = getDb();
	// Both blobs: instr() compares bytes.
	const inSnapshots = db
		.select({ id: documents.id })
		.from(documentSnapshots)
		.innerJoin(documents, eq(documents.id, documentSnapshots.documentId))
		.where(
			and(
				inArray(documents.companyId, companyIds),
				sql`instr(${documentSnapshots.state}, ${idBytes}) > 0`
			)
		)
		.all();
	const inUpdates = db
		.selectDistinct({ id: documents.id })
		.from(documentUpdates)
		.innerJoin(documents, eq(documents.logKey, documentUpdates.documentKey))
		.where(
			and(
				inArray(documents.companyId, companyIds),
				sql`instr(${documentUpdates.update}, ${idBytes}) > 0`
			)
		)
		.all();
	return new Set([...inSnapshots, ...inUpdates].map((row) => row.id));
}

/** A document no one has open: its snapshot and update log become one snapshot without them. */
function eraseStored(documentId: string, erasure: PersonErasure): void {
	getDb().transaction(
		() => {
			const { state, lastUpdateId } = loadDocumentState(documentId);
			const erased = erasedState(state, erasure, true);
			if (!erased) return;
			writeSnapshot(documentId, erased, lastUpdateId);
			indexDocumentBody(documentId, stateText(erased));
		},
		{ behavior: 'immediate' }
	);
}

/** Every version that holds the person's id, and every version of a summary that lists them. */
function eraseFromVersions(plan: DocumentsErasure, idBytes: Buffer): void {
	const summaries = [...plan.documents]
		.filter(([, erasure]) => erasure.summaryNames.length > 0)
		.map(([documentId]) => documentId);
	const versions = getDb()
		.select({
			id: documentVersions.id,
			documentId: documentVersions.documentId,
			state: documentVersions.state
		})
		.from(documentVersions)
		.innerJoin(documents, eq(documents.id, documentVersions.documentId))
		.where(
			and(
				inArray(documents.companyId, plan.companyIds),
				summaries.length > 0
					? sql`(instr(${documentVersions.state}, ${idBytes}) > 0 or ${inArray(documentVersions.documentId, summaries)})`
					: sql`instr(${documentVersions.state}, ${idBytes}) > 0`
			)
		)
		.all();
	for (const version of versions) {
		const erasure = plan.documents.get(version.documentId);
		if (!erasure) continue;
		try {
			const erased = erasedState(version.state, erasure, true);
			if (!erased) continue;
			getDb()
				.update(documentVersions)
				.set({ state: Buffer.from(erased) })
				.where(eq(documentVersions.id, version.id))
				.run();
		} catch (error) {
			logFailure(error, version.documentId, 'version');
		}
	}
}

function logFailure(error: unknown, documentId: string, what: 'document' | 'version'): void {
	if (isQuarantineError(error)) {
		// Unreadable, kept exactly as stored (quarantine.ts): what it holds cannot be changed.
		logger().warn({ documentId }, `a deleted account's name stays in a quarantined ${what}`);
		return;
	}
	logger().error({ err: error, documentId }, `a deleted account's name could not leave a ${what}`);
}
