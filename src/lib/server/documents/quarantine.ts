// Documents whose stored content cannot be read: Yjs threw while decoding, merging or encoding
// them (a value nested thousands of levels deep, stored before updates were bounded, overflows
// the stack of every encode). Such a document is set aside for the life of the process instead of
// taking it down or being retried on every timer: it is kept as stored (nothing rewrites it),
// logged once, refused to its editors and its page says it could not be opened, while every
// other document goes on. The registry is a process singleton: the collaboration server and the
// pages each have their copy of this module, and both must see the same documents.
import { logger } from '../logger';
import { processSingleton } from '../process-singleton';

type Quarantined = { step: string; at: Date };

function quarantined(): Map<string, Quarantined> {
	return processSingleton('hameau.quarantine', () => new Map<string, Quarantined>());
}

const BRAND = Symbol.for('hameau.document-quarantined');

/** What a reader of a quarantined document gets instead of its content. */
export class DocumentQuarantinedError extends Error {
	readonly [BRAND] = true;

	constructor(readonly documentId: string) {
		super(`document ${documentId} could not be opened and is quarantined`);
		this.name = 'DocumentQuarantinedError';
	}
}

/**
 * Whether `error` is a DocumentQuarantinedError from either copy of this module (instanceof
 * only knows its own: a route's check would miss the one the collaboration server threw).
 */
export function isQuarantineError(error: unknown): error is DocumentQuarantinedError {
	return typeof error === 'object' && error !== null && BRAND in error;
}

/** true once the document's content failed to be read in this process. */
export function isQuarantined(documentId: string): boolean {
	return quarantined().has(documentId);
}

/**
 * Sets the document aside after `error` at `step` (what was being done: load, compaction,
 * snapshot...). Logged the first time only: every later reader is refused without retrying.
 */
export function quarantineDocument(documentId: string, step: string, error: unknown): void {
	if (quarantined().has(documentId)) return;
	quarantined().set(documentId, { step, at: new Date() });
	logger().error(
		{ err: error, documentId, step },
		'document content could not be read: quarantined (kept as stored, refused to readers)'
	);
}

/**
 * Runs `read`, a computation over the document's stored or live content with no write in it.
 * Throws DocumentQuarantinedError, without running it, when the document is quarantined, and
 * when it throws, after quarantining the document.
 */
export function readingDocument<T>(documentId: string, step: string, read: () => T): T {
	if (isQuarantined(documentId)) throw new DocumentQuarantinedError(documentId);
	try {
		return read();
	} catch (error) {
		quarantineDocument(documentId, step, error);
		throw new DocumentQuarantinedError(documentId);
	}
}
