// A minimal Server-Sent Events reader over fetch, for tests and the benchmark: it keeps every
// frame it parsed and lets a test wait for the first one matching a condition.
import type { LiveEvent } from '../../src/lib/live-events';

export type SseFrame = { id: string | null; event: string; data: string };

export class SseClient {
	readonly frames: SseFrame[] = [];
	private readonly controller = new AbortController();
	private waiters: Array<{ test: (frame: SseFrame) => boolean; done: (frame: SseFrame) => void }> =
		[];
	/** Called for each frame as it arrives (the benchmark timestamps them here). */
	onFrame: ((frame: SseFrame) => void) | null = null;
	status = 0;
	private reading: Promise<void> = Promise.resolve();

	/** Opens the stream; resolves once the response headers arrived. */
	static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
		const client = new SseClient();
		const response = await fetch(url, {
			headers: { accept: 'text/event-stream', ...headers },
			signal: client.controller.signal,
			redirect: 'manual'
		});
		client.status = response.status;
		if (response.ok && response.body) client.reading = client.read(response.body);
		else await response.body?.cancel();
		return client;
	}

	private async read(body: ReadableStream<Uint8Array>): Promise<void> {
		const decoder = new TextDecoder();
		let buffer = '';
		try {
			const reader = body.getReader();
			for (;;) {
				const { done, value: chunk } = await reader.read();
				if (done) break;
				buffer += decoder.decode(chunk, { stream: true });
				let end: number;
				while ((end = buffer.indexOf('\n\n')) !== -1) {
					const block = buffer.slice(0, end);
					buffer = buffer.slice(end + 2);
					this.parse(block);
				}
			}
		} catch (error) {
			if (!this.controller.signal.aborted) throw error;
		}
	}

	private parse(block: string): void {
		const frame: SseFrame = { id: null, event: 'message', data: '' };
		let hasData = false;
		for (const line of block.split('\n')) {
			if (line.startsWith(':') || line === '') continue;
			const colon = line.indexOf(':');
			const field = line.slice(0, colon);
			const value = line.slice(colon + 1).replace(/^ /, '');
			if (field === 'id') frame.id = value;
			else if (field === 'event') frame.event = value;
			else if (field === 'data') {
				frame.data += (hasData ? '\n' : '') + value;
				hasData = true;
			}
		}
		if (!hasData) return;
		this.frames.push(frame);
		this.onFrame?.(frame);
		this.waiters = this.waiters.filter((waiter) => {
			if (!waiter.test(frame)) return true;
			waiter.done(frame);
			return false;
		});
	}

	/** The live events received so far (the default `message` frames). */
	events(): LiveEvent[] {
		return this.frames
			.filter((f) => f.event === 'message')
			.map((f) => JSON.parse(f.data) as LiveEvent);
	}

	/** Resolves with the first frame (already received or to come) that passes `test`. */
	waitFor(test: (frame: SseFrame) => boolean): Promise<SseFrame> {
		const seen = this.frames.find(test);
		if (seen) return Promise.resolve(seen);
		return new Promise((done) => this.waiters.push({ test, done }));
	}

	/** Resolves with the first live event passing `test`. */
	async waitForEvent(test: (event: LiveEvent) => boolean): Promise<LiveEvent> {
		const frame = await this.waitFor(
			(f) => f.event === 'message' && test(JSON.parse(f.data) as LiveEvent)
		);
		return JSON.parse(frame.data) as LiveEvent;
	}

	/** The id of the last frame that had one. */
	lastId(): string | null {
		return this.frames.findLast((f) => f.id !== null)?.id ?? null;
	}

	/** Resolves when the server has ended the stream (or it was closed here). */
	ended(): Promise<void> {
		return this.reading;
	}

	async close(): Promise<void> {
		this.controller.abort();
		await this.reading;
	}
}
