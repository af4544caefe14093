// The first column of a week table (a person, a company, a house) stays in place while the days
// scroll under it on a phone: without it a long half-day cell was cut at the screen's edge and
// one no longer saw whose row it was. Its cells need a background of their own, or the scrolled
// cells show through; the inset shadow draws the edge the days slide under. It sticks at the
// scrolling box's very edge, one rem left of where a sticky cell would stop by itself: the box
// reaches the phone's edge through a negative margin and has that rem of padding (WeekTable's
// `-mx-4 px-4`), where the days would otherwise still pass on the column's left.

/** Classes of every cell of a week table's first column, on the page's background. */
export const firstColumnCell =
	'sticky -left-4 z-10 bg-stone-50 shadow-[inset_-1px_0_0_var(--color-stone-200)]';
