// Group commit in the collab server: the first client update of an event-loop turn is stored at
// once, and what comes after it in the same turn waits for the turn's end and shares one commit.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { CollabDocument, FlushBatch } from '../../server/collab/collab-document';
import { FlushScheduler } from '../../server/collab/flush-scheduler';
import type { DocumentChanges } from '../../src/lib/server/documents/store';

/** A document with one pending update, recording when it was stored and relayed. */
class PendingDocument {
	relayedWithId: number | null = null;
	private taken = false;

	constructor(readonly id: string) {}

	takeBatch(): FlushBatch | null {
		if (this.taken) return { pending: [], changes: null };
		this.taken = true;
		const update = Uint8Array.of(1, 2, 3);
		return {
			pending: [{ update, userId: 'u', sender: null }],
			changes: { documentId: this.id, updates: [{ update, userId: 'u' }], edit: null }
		};
	}

	batchStored(_batch: FlushBatch, lastId: number): void {
		this.relayedWithId = lastId;
	}

	returnBatch(): void {}

	flush(): boolean {
		return true;
	}
}

function scheduler() {
	const commits: string[][] = [];
	let nextId = 0;
	const flusher = new FlushScheduler((changes: DocumentChanges[]) => {
		commits.push(changes.map((change) => change.documentId));
		return changes.map(() => ++nextId);
	});
	const arrive = (name: string) => {
		const document = new PendingDocument(name);
		flusher.schedule(document as unknown as CollabDocument);
		flusher.storeEarly();
		return document;
	};
	return { flusher, commits, arrive };
}

describe('flush scheduler', () => {
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
		const { flusher, commits } = scheduler();
		flusher.schedule(new PendingDocument('restore') as unknown as CollabDocument);
		flusher.schedule(new PendingDocument('template') as unknown as CollabDocument);
		expect(commits).toEqual([]);
		await nextTurn();
		expect(commits).toEqual([['restore', 'template']]);
	});
});
