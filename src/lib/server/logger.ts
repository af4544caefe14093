import pino from 'pino';
import { config } from './config.ts';
import { processSingleton } from './process-singleton.ts';

/** The process's one logger; pino writes JSON lines to stdout. */
export function logger(): pino.Logger {
	return processSingleton('hameau.logger', () =>
		pino({ level: config().logLevel, base: { app: 'hameau' } })
	);
}
