import pino from 'pino';
import { config } from './config.ts';

// One logger for the process; pino writes JSON lines to stdout.
const KEY = Symbol.for('hameau.logger');
const store = globalThis as typeof globalThis & { [KEY]?: pino.Logger };

export function logger(): pino.Logger {
	store[KEY] ??= pino({ level: config().logLevel, base: { app: 'hameau' } });
	return store[KEY];
}
