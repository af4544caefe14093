/**
 * How long a meeting given a start without a length lasts: what the create form saves, what its
 * card and the rooms page count from, and what the calendar feed exports. Shared by the server
 * and the page, so the three never disagree.
 */
export const DEFAULT_MEETING_MINUTES = 30;
