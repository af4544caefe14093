// What the collaboration server (server/collab) and the editor's sync code in the browser must
// agree on: the y-websocket message types and the close codes. One module for both sides, so a
// close code the server adds or changes is the one the browser reads. Constants only: it is
// bundled into the browser.
//
// The y-websocket wire protocol (y-protocols sync, awareness and auth messages). Every frame is
// one message:
//   sync (0):            [0, step1 (0) | step2 (1) | update (2), varUint8Array]
//   awareness (1):       [1, varUint8Array (an awareness update)]
//   auth (2):            [2, permissionDenied (0), varString reason]      (server → client only)
//   query awareness (3): [3]

/** The first varUint of every frame: which kind of message it is. */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/** The second varUint of a sync message (as y-protocols/sync numbers them). */
export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

/** The second varUint of an auth message; y-protocols/auth defines no other. */
export const AUTH_PERMISSION_DENIED = 0;

/**
 * The reason of the auth "permission denied" message sent to clients of an archived document.
 * y-websocket's client only logs it and stays connected and in sync (it keeps receiving
 * changes); the editor replaces `provider.messageHandlers[MESSAGE_AUTH]` to turn it into a
 * read-only state. A connection open when the document is archived or unarchived is closed with
 * CloseCode.accessChanged, so the client reconnects and learns its new rights from the fresh
 * handshake: the rights of a socket are only ever those of its handshake.
 */
export const READ_ONLY_REASON = 'read-only';

/** Close codes. 4400–4499 tell y-websocket not to reconnect; the others let it retry. */
export const CloseCode = {
	/** The server is stopping (standard "going away"); clients reconnect later. */
	goingAway: 1001,
	/** A text frame or an unknown message type. */
	unsupportedData: 1003,
	/**
	 * A frame that does not decode as a y-websocket message or a valid Yjs update, or an update
	 * past the nesting and value limits (maxUpdateDepth, maxUpdateValues).
	 */
	invalidPayload: 1007,
	/** Rate limit, pre-load buffer or awareness states per connection exceeded. */
	policyViolation: 1008,
	/** A frame larger than the maximum message size (sent by `ws` itself), or a too large awareness update. */
	messageTooBig: 1009,
	/** An unexpected server error while handling this connection. */
	internalError: 1011,
	/** The client does not read what it is sent (its outgoing buffer passed the cap). */
	tryAgainLater: 1013,
	/** The document was archived or unarchived: reconnect to learn the new rights. */
	accessChanged: 4001,
	/**
	 * The document's stored content could not be read: it is quarantined (kept as stored, see
	 * src/lib/server/documents/quarantine.ts); do not reconnect.
	 */
	documentUnreadable: 4422,
	/** The session the socket was opened with has ended (log-out, password change); do not reconnect. */
	sessionEnded: 4401,
	/** The person is no longer a member of the document's company; do not reconnect. */
	accessRevoked: 4403,
	/** The document was deleted; do not reconnect. */
	documentDeleted: 4404
} as const;
