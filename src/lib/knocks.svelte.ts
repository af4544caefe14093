// The knocks of one person in the browser: those ringing when the company layout loaded, kept
// current by the knock events of the live channel (only this person's arrive). A knock only moves
// on from ringing (to accepted, declined, missed or cancelled), so what moved on wins over a
// load that still saw it ringing.
import type { KnockView } from './live-events';

export class KnockDoor {
	private heard = $state<Record<string, KnockView>>({});
	private dismissed = $state<string[]>([]);

	/**
	 * @param loaded the ringing knocks of the latest load
	 * @param me the person this page belongs to
	 */
	constructor(
		private readonly loaded: () => KnockView[],
		private readonly me: () => string | undefined
	) {}

	/** A knock event from the live channel. */
	received(knock: KnockView): void {
		const known = this.heard[knock.id];
		if (known && known.status !== 'ringing' && knock.status === 'ringing') return;
		this.heard[knock.id] = knock;
	}

	private get all(): KnockView[] {
		// A load holds ringing knocks only: what was heard since is as new, or newer.
		const byId: Record<string, KnockView> = {};
		for (const knock of this.loaded()) byId[knock.id] = knock;
		Object.assign(byId, this.heard);
		return Object.values(byId).filter((knock) => !this.dismissed.includes(knock.id));
	}

	/** Knocks at this person's door that ring now (not in do-not-disturb). */
	get ringing(): KnockView[] {
		return this.all.filter(
			(knock) => knock.toUserId === this.me() && knock.status === 'ringing' && !knock.quiet
		);
	}

	/** This person's own knocks: ringing, or their answer until it is closed. */
	get sent(): KnockView[] {
		return this.all.filter(
			(knock) => knock.fromUserId === this.me() && knock.status !== 'cancelled'
		);
	}

	/** Closes a knock's message (its answer was read). */
	dismiss(id: string): void {
		this.dismissed.push(id);
	}
}
