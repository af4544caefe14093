// The wait for a client's reply in a negotiation — an answer to the server's offer (/rtc), an
// offer the server asked for (/rtc/v1) — shared by both, so they give up alike: a reply that does
// not come in time is asked for again, and when that goes unanswered too the client is asked to
// join again from scratch (LiveKit's full reconnect on a failed negotiation).

/**
 * How long a request waits for its reply: LiveKit's negotiationFailedTimeout, as long as
 * livekit-client waits for its own. A browser that cannot apply an offer never answers and says
 * nothing: without a limit, the connection waited for ever, and no track came afterwards.
 */
export const NEGOTIATION_TIMEOUT_MS = 15_000;
/** Requests made for one negotiation, the first included, before the client is asked to rejoin. */
export const OFFERS_BEFORE_REJOIN = 2;

/** What happens when a request's time is up. */
export interface DeadlineSteps {
	/** The request still waits for its reply (it may have been answered or overtaken since). */
	stillWaiting(): boolean;
	/** Asks again; `unanswered` requests in a row went without a reply. */
	askAgain(unanswered: number): void;
	/** Requests went unanswered even when made again: the client must rejoin. */
	giveUp(unanswered: number): void;
}

export class NegotiationDeadline {
	/** Requests in a row that went unanswered, and the timer of the one in flight. */
	private unanswered = 0;
	private timer: NodeJS.Timeout | null = null;

	constructor(private readonly timeoutMs = NEGOTIATION_TIMEOUT_MS) {}

	/** Gives the request just made its time (replacing the wait for an earlier one). */
	await(steps: DeadlineSteps): void {
		this.cancel();
		this.timer = setTimeout(() => {
			this.timer = null;
			if (!steps.stillWaiting()) return;
			this.unanswered += 1;
			if (this.unanswered >= OFFERS_BEFORE_REJOIN) steps.giveUp(this.unanswered);
			else steps.askAgain(this.unanswered);
		}, this.timeoutMs);
	}

	/** The reply came: the next request starts a count of its own. */
	replied(): void {
		this.cancel();
		this.unanswered = 0;
	}

	/** Stops waiting (closing), the count kept. */
	cancel(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
	}
}
