export { CollabServer, documentIdFromPath, type CollabServerEvents } from './collab-server';
export { systemClock, type Clock, type CollabServerOptions } from './options';
export { CloseCode, READ_ONLY_REASON } from '../../src/lib/collab-wire';
