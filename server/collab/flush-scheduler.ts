import { storeChanges, type DocumentChanges } from '../../src/lib/server/documents/store';
import type { CollabDocument, FlushBatch } from './collab-document';

/** Stores several documents' changes in one transaction (storeChanges; replaced in tests). */
export type StoreChanges = (changes: DocumentChanges[]) => number[];

/**
 * Stores the pending updates of every document of a server in one SQLite transaction per
 * event-loop turn, then lets each document relay its own. With many busy documents this is one
 * commit per turn instead of one per document, which is what fan-out latency was paying for.
 *
 * Group commit that does not wait when there is nobody to group with: the first client update
 * of a turn is stored at once (see storeEarly), before the turn's other callbacks run, and only
 * what arrives after it waits for the end of the turn. A quiet server thus relays a keystroke
 * without the trip to the end of the turn, and a busy one still pays at most two commits a turn.
 */
export class FlushScheduler {
	private readonly scheduled = new Set<CollabDocument>();
	private immediate: NodeJS.Immediate | null = null;
	/** A commit already happened in this turn: what comes next waits for the turn's end. */
	private storedThisTurn = false;

	constructor(private readonly store: StoreChanges = storeChanges) {}

	/** Stores the document's pending updates at the end of this turn, with everyone else's. */
	schedule(document: CollabDocument): void {
		this.scheduled.add(document);
		this.endOfTurn();
	}

	/**
	 * Stores what is scheduled now, unless something was already stored in this turn (then it
	 * waits for the turn's end with whatever else comes). Called once a client's update is
	 * applied, outside Yjs's transaction.
	 */
	storeEarly(): void {
		if (this.storedThisTurn || this.scheduled.size === 0) return;
		this.storedThisTurn = true;
		this.endOfTurn();
		this.flush();
	}

	private endOfTurn(): void {
		this.immediate ??= setImmediate(() => {
			this.immediate = null;
			this.storedThisTurn = false;
			if (this.scheduled.size > 0) this.flush();
		});
	}

	/**
	 * Stores every given document's updates and last edit, with whatever else is scheduled, in
	 * one transaction, synchronously (stop: the database may be closed right after).
	 */
	writeOut(documents: Iterable<CollabDocument>): void {
		for (const document of documents) this.scheduled.add(document);
		this.flush(true);
	}

	/**
	 * Stores and relays everything scheduled, synchronously. `writeEdits` also writes each
	 * document's latest edit time, which is otherwise written at most every few seconds.
	 */
	private flush(writeEdits = false): void {
		const documents = [...this.scheduled];
		this.scheduled.clear();
		const taken: Array<[CollabDocument, FlushBatch]> = [];
		for (const document of documents) {
			const batch = document.takeBatch(writeEdits);
			if (batch) taken.push([document, batch]);
		}
		const writing: Array<[CollabDocument, DocumentChanges]> = [];
		for (const [document, batch] of taken) {
			if (batch.changes) writing.push([document, batch.changes]);
		}
		let lastIds: number[];
		try {
			lastIds = this.store(writing.map(([, changes]) => changes));
		} catch {
			// Not logged here: one document's failure (deleted under us, say) must not hold the
			// others back, so each tries again alone, and the one that fails again logs its cause
			// once, keeps its updates in memory and retries on its own.
			for (const [document, batch] of taken) document.returnBatch(batch);
			for (const [document] of taken) document.flush(writeEdits);
			return;
		}
		const lastIdOf = new Map(writing.map(([document], i) => [document, lastIds[i]]));
		for (const [document, batch] of taken) document.batchStored(batch, lastIdOf.get(document) ?? 0);
	}

	/** Forgets what is scheduled (the server is gone; its documents are destroyed). */
	dispose(): void {
		if (this.immediate !== null) clearImmediate(this.immediate);
		this.immediate = null;
		this.scheduled.clear();
	}
}
