// The awareness states (who is here, their cursor) of one document, as the server relays them.
// It follows y-protocols' awareness rules (a newer clock wins; a null state removes; a state not
// renewed within 30 s is dropped) but holds only what a relay needs: no local state, no
// observers, no timer of its own (the server sweeps every document with one timer), and each
// state kept as the JSON text to relay. Two rules of its own: a state's `user` names the account
// of the socket that sent it (a modified client cannot show a colleague's name and house in the
// avatars), and a client id whose state another person's socket holds is theirs alone to change
// (the same person's new socket takes it over: a client keeps its id when it reconnects, often
// before the server has noticed its old socket is gone).
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** A state not renewed for this long is dropped (clients renew theirs every 15 s). */
export const AWARENESS_OUTDATED_MS = 30_000;

type Entry = {
	clock: number;
	/** The `owned` set of the socket that gave its state (collab-connection.ts), while it is held. */
	owner: Set<number> | null;
	/** The account whose id it is: kept while the entry is (its clock too), removed or not. */
	ownerUserId: string;
	/** The state as JSON text, or null once removed (the clock is kept to refuse stale updates). */
	state: string | null;
	/** When the client last sent it (the server's clock). */
	updatedAt: number;
};

/** Who a socket's states say it is: its account's name and home house, as the editor shows them. */
export type AwarenessIdentity = { userId: string; name: string; house: string | null };

/**
 * The state with its `user` naming `identity` (the editor's other fields, its colour, kept): JSON
 * text in, JSON text out. A state that is not an object is left as it is; it shows no one.
 */
export function stampIdentity(text: string, identity: AwarenessIdentity, parsed?: unknown): string {
	const state = parsed === undefined ? (JSON.parse(text) as unknown) : parsed;
	if (typeof state !== 'object' || state === null || Array.isArray(state)) return text;
	const said = (state as { user?: unknown }).user;
	const user = typeof said === 'object' && said !== null && !Array.isArray(said) ? said : {};
	return JSON.stringify({
		...state,
		user: { ...user, name: identity.name, house: identity.house }
	});
}

/** An awareness update with no entry (the answer to a query when nobody is there). */
export const EMPTY_AWARENESS_UPDATE: Uint8Array = Uint8Array.of(0);

/** What an update changed: the client ids to relay, and the ids that came and went. */
export type AwarenessChange = { changed: number[]; added: number[]; removed: number[] };

/** An awareness update that would give one connection more states than it may hold. */
export class AwarenessLimitError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'AwarenessLimitError';
	}
}

export class AwarenessStates {
	private readonly entries = new Map<number, Entry>();
	/** Clients with a state (entries whose state is not null). */
	private live = 0;

	/** How many clients have a state. */
	get size(): number {
		return this.live;
	}

	/**
	 * Applies an awareness update from a client whose connection speaks for the client ids in
	 * `owned`, adding to it the ids whose state this update gives; each state is stamped with the
	 * connection's `identity`. An entry for an id another connection holds is ignored. Throws,
	 * changing nothing, when the update does not decode or a state is not JSON (other clients
	 * would fail to read it), or with an AwarenessLimitError when `owned` would pass `maxOwned` ids.
	 */
	apply(
		update: Uint8Array,
		now: number,
		owned: Set<number>,
		maxOwned: number,
		identity: AwarenessIdentity
	): AwarenessChange {
		const decoder = decoding.createDecoder(update);
		const count = decoding.readVarUint(decoder);
		const incoming: Array<{ client: number; clock: number; state: string | null }> = [];
		const newlyOwned = new Set<number>();
		for (let i = 0; i < count; i++) {
			const client = decoding.readVarUint(decoder);
			const clock = decoding.readVarUint(decoder);
			const text = decoding.readVarString(decoder);
			const parsed = JSON.parse(text) as unknown;
			const removal = parsed === null;
			// Checked before stamping: clients echo back every state they receive, and those
			// echoes (an old clock, someone else's id) are dropped here without re-serialising.
			if (this.heldByAnother(client, identity.userId) || !this.wins(client, clock, removal)) {
				continue;
			}
			const state = removal ? null : stampIdentity(text, identity, parsed);
			if (state !== null && !owned.has(client)) newlyOwned.add(client);
			incoming.push({ client, clock, state });
		}
		if (owned.size + newlyOwned.size > maxOwned) {
			throw new AwarenessLimitError(`a connection may hold ${maxOwned} awareness states`);
		}
		const change: AwarenessChange = { changed: [], added: [], removed: [] };
		for (const { client, clock, state } of incoming) {
			// Checked again: the same client twice in one update, the later one must still win.
			if (!this.wins(client, clock, state === null)) continue;
			const entry = this.entries.get(client);
			if (state !== null) owned.add(client);
			if (entry === undefined) {
				const owner = state === null ? null : owned;
				const ownerUserId = identity.userId;
				this.entries.set(client, { clock, state, owner, ownerUserId, updatedAt: now });
				this.live++;
				change.added.push(client);
			} else {
				if (entry.state === null && state !== null) {
					this.live++;
					change.added.push(client);
				} else if (entry.state !== null && state === null) {
					this.live--;
					change.removed.push(client);
				} else if (state === null) {
					change.removed.push(client);
				}
				// Taken over from the same person's earlier socket, or removed: the socket that held
				// it no longer does, and its closing must not remove what comes next.
				if (entry.owner !== null && (entry.owner !== owned || state === null)) {
					entry.owner.delete(client);
				}
				entry.clock = clock;
				entry.state = state;
				entry.owner = state === null ? null : owned;
				entry.ownerUserId = identity.userId;
				entry.updatedAt = now;
			}
			change.changed.push(client);
		}
		return change;
	}

	/**
	 * Whether an incoming state replaces what is held: a newer clock wins, a removal at the same
	 * clock also wins (y-protocols' rule). The removal of a client never seen changes nothing and
	 * is not kept (y-protocols would keep its clock): a relay that kept every id it was told to
	 * remove would grow without bound.
	 */
	private wins(client: number, clock: number, removal: boolean): boolean {
		const entry = this.entries.get(client);
		if (entry === undefined) return !removal;
		return entry.clock < clock || (entry.clock === clock && removal && entry.state !== null);
	}

	/**
	 * Whether the id is another person's: y-protocols lets anyone who knows a client id send it a
	 * newer clock, which would replace or remove a colleague's presence (or, once removed, keep
	 * their client from coming back under its id while its clock is remembered).
	 */
	private heldByAnother(client: number, userId: string): boolean {
		const entry = this.entries.get(client);
		return entry !== undefined && entry.ownerUserId !== userId;
	}

	/**
	 * Removes the states of `clients`, as a newer clock; returns the ids removed. `holder`: the
	 * connection that went, whose own states only are removed (an id its person's newer socket
	 * took over is no longer its to remove).
	 */
	remove(clients: Iterable<number>, now: number, holder?: Set<number>): number[] {
		const removed: number[] = [];
		for (const client of clients) {
			const entry = this.entries.get(client);
			if (!entry || entry.state === null) continue;
			if (holder !== undefined && entry.owner !== holder) continue;
			entry.owner?.delete(client);
			entry.clock++;
			entry.state = null;
			entry.owner = null;
			entry.updatedAt = now;
			this.live--;
			removed.push(client);
		}
		return removed;
	}

	/**
	 * Removes the states nobody renewed for AWARENESS_OUTDATED_MS; returns the ids removed. The
	 * clocks of states removed that long ago go too: a stale update for them is no longer in flight.
	 */
	removeOutdated(now: number): number[] {
		const outdated: number[] = [];
		for (const [client, entry] of this.entries) {
			if (now - entry.updatedAt < AWARENESS_OUTDATED_MS) continue;
			if (entry.state !== null) outdated.push(client);
			else this.entries.delete(client);
		}
		return this.remove(outdated, now);
	}

	/** An awareness update carrying the current state (or removal) of `clients`. */
	encode(clients: number[]): Uint8Array {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, clients.length);
		for (const client of clients) {
			const entry = this.entries.get(client);
			encoding.writeVarUint(encoder, client);
			encoding.writeVarUint(encoder, entry?.clock ?? 0);
			encoding.writeVarString(encoder, entry?.state ?? 'null');
		}
		return encoding.toUint8Array(encoder);
	}

	/** An awareness update with every current state (no entry when nobody has one). */
	encodeAll(): Uint8Array {
		const clients: number[] = [];
		for (const [client, entry] of this.entries) if (entry.state !== null) clients.push(client);
		return this.encode(clients);
	}
}
