// The database schema, one file per domain; this module gathers them so that every
// `from '../db/schema'` import, drizzle-kit and the relational query API see one schema.
// A new domain adds its file and one line here. columns.ts is not re-exported: it holds column
// shapes, not tables.
export * from './accounts';
export * from './companies';
export * from './houses';
export * from './documents';
export * from './video';
export * from './standups';
export * from './presence';
export * from './operators';
export * from './agreements';
export * from './billing';
export * from './notifications';

// The enums of the columns are the shared vocabulary the pages use too.
export {
	documentKinds,
	placeKinds,
	roles,
	roomKinds,
	type DocumentKind,
	type PlaceKind,
	type Role,
	type RoomKind
} from '../../../vocabulary';
