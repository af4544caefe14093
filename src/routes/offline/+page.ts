// Shown by the service worker when a page cannot be reached: plain HTML, no script, since the
// page it stands in for is another route the app could not load anyway.
export const csr = false;
