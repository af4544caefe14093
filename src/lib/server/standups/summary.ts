// The summary of a run, written into a new collaborative document: the answers of each person
// grouped by house, the blockers with their owners, and attendance per house. Built in two pure
// steps (the data → blocks of text in the reader's language → the Yjs tree TipTap edits), so the
// content is tested from a fixed data set without a server.
import type * as Y from 'yjs';
import { formatDate } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import type { Locale } from '../db/schema';
import { bulletList, contentUpdate, heading, paragraph } from '../documents/yjs-nodes';

export type SummaryPerson = {
	userId: string;
	/** Empty once their account is deleted (the run's state forgets it): "Former member". */
	name: string;
	/** In the stand-up's room during the round (late ones included). */
	attended: boolean;
	/** First came after their turn had come. */
	late: boolean;
	/** Their written answers; null when they wrote nothing. */
	answers: Array<{ question: string; text: string }> | null;
	/** Saved as a draft but never submitted. */
	draft: boolean;
};

export type SummaryHouse = { houseName: string | null; people: SummaryPerson[] };

export type SummaryBlocker = {
	text: string;
	/** null once the owner's account is deleted (every blocker is raised with an owner). */
	ownerName: string | null;
	state: 'open' | 'resolved';
	/** The date of the run it was raised at, when earlier than this one. */
	carriedOverFrom: string | null;
};

export type SummaryData = {
	standupName: string;
	/** The occurrence's date, YYYY-MM-DD. */
	date: string;
	/**
	 * false for a run nobody started: its notes keep the answers written for it (only their
	 * writers are listed) and say it was not held, with no attendance.
	 */
	held: boolean;
	/** Houses in speaking order; people in each house in speaking order. */
	houses: SummaryHouse[];
	blockers: SummaryBlocker[];
};

export type SummaryBlock =
	| { type: 'heading'; level: 2 | 3; text: string }
	| { type: 'paragraph'; text: string }
	| { type: 'bullets'; items: string[] };

/**
 * The title is stored once and read by everyone, whatever their language: it is written in the
 * summary's language, as the rest of the notes are, and in full ("12 January 2026", "12 janvier
 * 2026") — the year too, since notes stay in the documents long after the year is over and a list
 * of titles must tell one January from the next.
 */
export function summaryTitle(data: Pick<SummaryData, 'standupName' | 'date'>, locale: Locale) {
	return m.standups_summary_title(
		{ name: data.standupName, date: summaryDate(data.date, locale) },
		{ locale }
	);
}

/** A run's date in the notes: as in the title, in full, in the summary's language. */
function summaryDate(date: string, locale: Locale): string {
	return formatDate(date, 'full', { locale });
}

function houseLabel(house: SummaryHouse, locale: Locale): string {
	return house.houseName ?? m.standups_no_house({}, { locale });
}

/** A person as the notes name them: "Former member" once their account is deleted. */
function personLabel(person: SummaryPerson, locale: Locale): string {
	return person.name || m.common_former_member_name({}, { locale });
}

/** The summary as headings, paragraphs and bullet lists, in `locale`. */
export function summaryBlocks(data: SummaryData, locale: Locale): SummaryBlock[] {
	const t = { locale };
	const blocks: SummaryBlock[] = [
		...(data.held
			? []
			: [{ type: 'paragraph' as const, text: m.standups_summary_not_held({}, t) }]),
		{ type: 'heading', level: 2, text: m.standups_summary_answers({}, t) }
	];
	for (const house of data.houses) {
		blocks.push({ type: 'heading', level: 3, text: houseLabel(house, locale) });
		for (const person of house.people) {
			const notes: string[] = [
				...(person.attended || !data.held ? [] : [m.standups_summary_absent({}, t)]),
				...(person.late ? [m.standups_summary_late({}, t)] : []),
				...(person.draft ? [m.standups_summary_draft({}, t)] : [])
			];
			const name = personLabel(person, locale);
			blocks.push({
				type: 'paragraph',
				text: notes.length ? `${name} (${notes.join(', ')})` : name
			});
			const written = (person.answers ?? []).filter((answer) => answer.text !== '');
			blocks.push({
				type: 'bullets',
				items: written.length
					? written.map((answer) => `${answer.question} — ${answer.text}`)
					: [m.standups_summary_no_answers({}, t)]
			});
		}
	}

	blocks.push({ type: 'heading', level: 2, text: m.standups_summary_blockers({}, t) });
	blocks.push({
		type: 'bullets',
		items: data.blockers.length
			? data.blockers.map((blocker) => {
					const owner = blocker.ownerName ?? m.common_former_member({}, t);
					const state =
						blocker.state === 'open'
							? blocker.carriedOverFrom
								? m.standups_summary_blocker_open_since(
										{ date: summaryDate(blocker.carriedOverFrom, locale) },
										t
									)
								: m.standups_summary_blocker_open({}, t)
							: m.standups_summary_blocker_resolved({}, t);
					return `${blocker.text} — ${owner} (${state})`;
				})
			: [m.standups_summary_no_blockers({}, t)]
	});

	if (!data.held) return blocks;
	blocks.push({ type: 'heading', level: 2, text: m.standups_summary_attendance({}, t) });
	blocks.push({
		type: 'bullets',
		items: data.houses.map((house) => {
			const present = house.people.filter((person) => person.attended).length;
			const late = house.people.filter((person) => person.late).map((p) => personLabel(p, locale));
			const absent = house.people
				.filter((person) => !person.attended)
				.map((p) => personLabel(p, locale));
			return [
				m.standups_summary_attendance_line(
					{ house: houseLabel(house, locale), present, expected: house.people.length },
					t
				),
				...(late.length ? [m.standups_summary_late_names({ names: late.join(', ') }, t)] : []),
				...(absent.length ? [m.standups_summary_absent_names({ names: absent.join(', ') }, t)] : [])
			].join(' — ');
		})
	});
	return blocks;
}

function blockNode(block: SummaryBlock): Y.XmlElement {
	switch (block.type) {
		case 'heading':
			return heading(block.level, block.text);
		case 'paragraph':
			return paragraph(block.text);
		case 'bullets':
			return bulletList(block.items);
	}
}

/**
 * The blocks as one Yjs update for a new, empty document, in the tree TipTap's Collaboration
 * extension reads (ending with an empty paragraph to type after).
 */
export function summaryUpdate(blocks: SummaryBlock[]): Uint8Array {
	return contentUpdate([...blocks.map(blockNode), paragraph('')]);
}
