// Whose clock an instant is read on when a page names none (a house's, a person's): the reader's
// own, the zone of their profile. On the server each request gives it (hooks.server.ts): before,
// times were written on the server's clock (UTC), an hour off in Paris in winter, while the pages
// that format in the browser used the device's. In the browser the root layout gives the same
// profile's, so a page reads the same before and after its scripts run. None saved yet (signed
// out, or an account from before zones were kept): the device's own, as before.

let source: () => string | undefined = () => undefined;

/** The reader's time zone, or undefined for the device's (the server's, on the server). */
export function readerTimeZone(): string | undefined {
	return source();
}

/** Where readerTimeZone reads from: the request's store on the server, the page's data in the browser. */
export function setReaderTimeZoneSource(read: () => string | undefined): void {
	source = read;
}
