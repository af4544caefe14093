// Group commit in the collab server: the first client update of an event-loop turn is stored at
// once, and what comes after it in the same turn waits for the turn's end and shares one commit.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
	UpdateWriter,
	type FlushBatch,
	type WritableDocument
} from '../../server/collab/update-writer';
import type { DocumentChanges } from '../../src/lib/server/documents/store';

/** A document with one pending update, recording when it was stored and relayed, or failed. */
class PendingDocument implements WritableDocument {
	relayedWithId: number | null = null;
	failures = 0;
	private pending: Uint8Array[] = [Uint8Array.of(1, 2, 3)];

	constructor(readonly id: string) {}

	takeBatch(): FlushBatch {
		const pending = this.pending.map((update) => ({ update, userId: 'u', sender: null }));
		this.pending = [];
		const updates = pending.map(({ update, userId }) => ({ update, userId }));
		return {
			pending,
			changes: updates.length > 0 ? { documentId: this.id, updates, edit: null } : null
		};
	}

	batchStored(_batch: FlushBatch, lastId: number): void {
		this.relayedWithId = lastId;
	}

	returnBatch(batch: FlushBatch): void {
		this.pending = batch.pending.map(({ update }) => update).concat(this.pending);
	}

	storeFailed(): void {
		this.failures += 1;
	}
}

function scheduler() {
	const commits: string[][] = [];
	let nextId = 0;
	const writer = new UpdateWriter((changes: DocumentChanges[]) => {
		commits.push(changes.map((change) => change.documentId));
		return changes.map(() => ++nextId);
	});
	const arrive = (name: string) => {
		const document = new PendingDocument(name);
		writer.schedule(document);
		writer.storeEarly();
		return document;
	};
	return { writer, commits, arrive };
}

describe('update writer', () => {
	it('stores and relays the first update of a turn at once', () => {
		const { commits, arrive } = scheduler();
		const first = arrive('a');
		expect(commits).toEqual([['a']]);
		expect(first.relayedWithId).toBe(1);
	});

	it('groups what comes later in the same turn into one commit at its end', async () => {
		const { commits, arrive } = scheduler();
		arrive('a');
		const second = arrive('b');
		const third = arrive('c');
		expect(commits).toEqual([['a']]);
		// Not relayed before it is stored.
		expect(second.relayedWithId).toBeNull();
		await nextTurn();
		expect(commits).toEqual([['a'], ['b', 'c']]);
		expect([second.relayedWithId, third.relayedWithId]).toEqual([2, 3]);

		// A new turn: the first update goes at once again.
		arrive('d');
		expect(commits).toEqual([['a'], ['b', 'c'], ['d']]);
	});

	it('leaves server changes (no client update) for the end of the turn', async () => {
		const { writer, commits } = scheduler();
		writer.schedule(new PendingDocument('restore'));
		writer.schedule(new PendingDocument('template'));
		expect(commits).toEqual([]);
		await nextTurn();
		expect(commits).toEqual([['restore', 'template']]);
	});

	it('stores each document alone when a grouped commit fails, so one failure holds no other back', async () => {
		const commits: string[][] = [];
		const writer = new UpdateWriter((changes: DocumentChanges[]) => {
			const ids = changes.map((change) => change.documentId);
			// A document deleted under the server: its updates have nowhere to go.
			if (ids.includes('deleted')) throw new Error('NOT NULL constraint failed');
			commits.push(ids);
			return changes.map(() => 7);
		});
		const kept = new PendingDocument('kept');
		const deleted = new PendingDocument('deleted');
		writer.schedule(kept);
		writer.schedule(deleted);
		await nextTurn();
		expect(commits).toEqual([['kept']]);
		expect(kept.relayedWithId).toBe(7);
		expect(deleted.relayedWithId).toBeNull();
		expect(deleted.failures).toBe(1);
		// Its update was put back, not dropped: the next try takes it again, and fails again.
		expect(writer.storeAlone(deleted)).toBe(false);
		expect(deleted.failures).toBe(2);
	});
});
