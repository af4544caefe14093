import { storeChanges, type DocumentChanges } from '../../src/lib/server/documents/store';
import type { CollabConnection } from './collab-connection';

/** Stores several documents' changes in one transaction (storeChanges; replaced in tests). */
export type StoreChanges = (changes: DocumentChanges[]) => number[];

/** An update applied in a document's memory and not stored yet (nor relayed). */
export type PendingUpdate = {
	update: Uint8Array;
	/** Who it is stored under; null for a change nobody made (a template). */
	userId: string | null;
	/** The connection it came from, which is not sent it back; null for the server's own changes. */
	sender: CollabConnection | null;
};

/** Pending updates taken out of a document to be stored; `changes` is null when there is nothing to write. */
export type FlushBatch = { pending: PendingUpdate[]; changes: DocumentChanges | null };

/** What the writer needs of a document (a CollabDocument). */
export interface WritableDocument {
	/**
	 * Takes the pending updates out to be stored, with the last edit when it is due or
	 * `writeEdit`. null when there is nothing for this write to take: the document is destroyed,
	 * or, for a write of many documents (`alone` false), its store is failing (it retries alone).
	 */
	takeBatch(writeEdit: boolean, alone: boolean): FlushBatch | null;
	/** Puts a batch that was not stored back in front of what came since. */
	returnBatch(batch: FlushBatch): void;
	/** The batch is committed (`lastId`: its last update's id): relay it, wake the waiters. */
	batchStored(batch: FlushBatch, lastId: number): void;
	/** Storing its batch alone failed: keep the updates in memory and retry, or give up if deleted. */
	storeFailed(error: unknown): void;
}

/**
 * The one writer of a collab server's updates to storage: every document's pending updates go to
 * SQLite through it, grouped with other documents' or alone, and are relayed only once stored.
 *
 * Grouped: the pending updates of every document are stored in one SQLite transaction per
 * event-loop turn, then each document relays its own. With many busy documents this is one
 * commit per turn instead of one per document, which is what fan-out latency was paying for.
 * It is a group commit that does not wait when there is nobody to group with: the first client
 * update of a turn is stored at once (see storeEarly), before the turn's other callbacks run, and
 * only what arrives after it waits for the end of the turn. A quiet server thus relays a
 * keystroke without the trip to the end of the turn, and a busy one still pays at most two
 * commits a turn.
 *
 * Alone (storeAlone): a document stored by itself, synchronously, when it must be written now
 * (before a version, an unload, setting it aside) or retries after SQLite refused it.
 */
export class UpdateWriter {
	private readonly scheduled = new Set<WritableDocument>();
	private immediate: NodeJS.Immediate | null = null;
	/** A commit already happened in this turn: what comes next waits for the turn's end. */
	private storedThisTurn = false;

	constructor(private readonly store: StoreChanges = storeChanges) {}

	/** Stores the document's pending updates at the end of this turn, with everyone else's. */
	schedule(document: WritableDocument): void {
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
	writeOut(documents: Iterable<WritableDocument>): void {
		for (const document of documents) this.scheduled.add(document);
		this.flush(true);
	}

	/**
	 * Stores one document's pending updates alone, in one transaction, then lets it relay them.
	 * Returns false when the document is destroyed or SQLite refused: the updates then stay
	 * pending (in memory, unrelayed) and the document schedules its own retry. `writeEdit` writes
	 * the last edit time even if one was written moments ago.
	 */
	storeAlone(document: WritableDocument, writeEdit = false): boolean {
		const batch = document.takeBatch(writeEdit, true);
		if (!batch) return false;
		let lastId = 0;
		if (batch.changes) {
			try {
				[lastId] = this.store([batch.changes]);
			} catch (error) {
				document.returnBatch(batch);
				document.storeFailed(error);
				return false;
			}
		}
		document.batchStored(batch, lastId);
		return true;
	}

	/**
	 * Stores and relays everything scheduled, synchronously. `writeEdits` also writes each
	 * document's latest edit time, which is otherwise written at most every few seconds.
	 */
	private flush(writeEdits = false): void {
		const documents = [...this.scheduled];
		this.scheduled.clear();
		const taken: Array<[WritableDocument, FlushBatch]> = [];
		for (const document of documents) {
			const batch = document.takeBatch(writeEdits, false);
			if (batch) taken.push([document, batch]);
		}
		const writing: Array<[WritableDocument, DocumentChanges]> = [];
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
			for (const [document] of taken) this.storeAlone(document, writeEdits);
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
