import { describe, expect, it } from 'vitest';
import { documentMarkdown, documentTree } from '../../src/lib/server/documents/export';
import {
	summaryBlocks,
	summaryTitle,
	summaryUpdate,
	type SummaryBlock,
	type SummaryData
} from '../../src/lib/server/standups/summary';

// A fixed data set: two houses and a person without one; one absentee who answered in writing,
// one late joiner, one draft; an open blocker carried over, a new one, a resolved one whose owner
// deleted their account.
const data: SummaryData = {
	standupName: 'Équipe produit',
	date: '2026-01-12',
	held: true,
	houses: [
		{
			houseName: 'Maison Aurillac',
			people: [
				{
					userId: 'b',
					name: 'Bruno',
					attended: true,
					late: false,
					draft: false,
					answers: [
						{ question: 'Yesterday?', text: 'Shipped the planner' },
						{ question: 'Today?', text: 'Fix the QR codes' },
						{ question: 'Blockers?', text: '' }
					]
				},
				{
					userId: 'e',
					name: 'Emma',
					attended: false,
					late: false,
					draft: false,
					answers: [
						{ question: 'Yesterday?', text: 'Customer calls' },
						{ question: 'Today?', text: 'Off at the fair' }
					]
				}
			]
		},
		{
			houseName: 'Maison Murat',
			people: [
				{
					userId: 'a',
					name: 'Ana',
					attended: true,
					late: true,
					draft: true,
					answers: [{ question: 'Today?', text: 'Review' }]
				},
				{ userId: 'c', name: 'Chloé', attended: true, late: false, draft: false, answers: null }
			]
		},
		{
			houseName: null,
			people: [
				{ userId: 'd', name: 'David', attended: false, late: false, draft: false, answers: null }
			]
		}
	],
	blockers: [
		{
			text: 'Fibre down at Murat',
			ownerName: 'Chloé',
			state: 'open',
			carriedOverFrom: '2026-01-09'
		},
		{ text: 'Waiting for the mayor', ownerName: 'Bruno', state: 'open', carriedOverFrom: null },
		{ text: 'Keys to the van', ownerName: null, state: 'resolved', carriedOverFrom: '2026-01-08' }
	]
};

describe('stand-up summary', () => {
	it('lists answers per person grouped by house, blockers with owners, attendance per house', () => {
		const markdown = documentMarkdown(
			summaryTitle(data, 'en'),
			summaryUpdate(summaryBlocks(data, 'en'))
		);
		// The empty paragraph at the end (to type after) only adds blank lines.
		expect(markdown.trimEnd()).toBe(
			[
				'# Stand-up · Équipe produit · 12 January 2026',
				'',
				'## Answers',
				'',
				'### Maison Aurillac',
				'',
				'Bruno',
				'',
				'- Yesterday? — Shipped the planner',
				'- Today? — Fix the QR codes',
				'',
				'Emma (absent)',
				'',
				'- Yesterday? — Customer calls',
				'- Today? — Off at the fair',
				'',
				'### Maison Murat',
				'',
				'Ana (joined late, draft)',
				'',
				'- Today? — Review',
				'',
				'Chloé',
				'',
				'- No written answers.',
				'',
				'### No house',
				'',
				'David (absent)',
				'',
				'- No written answers.',
				'',
				'## Blockers',
				'',
				'- Fibre down at Murat — Chloé (open since 9 January 2026)',
				'- Waiting for the mayor — Bruno (open)',
				// Its owner deleted their account (every blocker is raised with an owner).
				'- Keys to the van — a former member (resolved)',
				'',
				'## Attendance',
				'',
				'- Maison Aurillac: 1 of 2 present — absent: Emma',
				'- Maison Murat: 2 of 2 present — late: Ana',
				'- No house: 0 of 1 present — absent: David'
			].join('\n')
		);
	});

	it('says a run nobody started was not held, lists what its writers wrote, and counts no one', () => {
		// A run not held lists its writers only (unheld.ts), none of them present.
		const notHeld: SummaryData = {
			...data,
			held: false,
			houses: [
				{
					houseName: 'Maison Aurillac',
					people: [
						{
							userId: 'emma',
							name: 'Emma',
							attended: false,
							late: false,
							answers: [{ question: 'Today?', text: 'Off at the fair' }],
							draft: false
						},
						{
							userId: 'bruno',
							name: 'Bruno',
							attended: false,
							late: false,
							answers: [{ question: 'Today?', text: 'QR codes' }],
							draft: true
						}
					]
				}
			],
			blockers: []
		};
		const markdown = documentMarkdown(
			summaryTitle(notHeld, 'fr'),
			summaryUpdate(summaryBlocks(notHeld, 'fr'))
		);
		expect(markdown.trimEnd()).toBe(
			[
				'# Stand-up · Équipe produit · 12 janvier 2026',
				'',
				'Ce stand-up n’a pas eu lieu\u202f: personne n’a lancé le tour. Voici les réponses écrites pour lui.',
				'',
				'## Réponses',
				'',
				'### Maison Aurillac',
				'',
				'Emma',
				'',
				'- Today? — Off at the fair',
				'',
				'Bruno (brouillon)',
				'',
				'- Today? — QR codes',
				'',
				'## Points bloquants',
				'',
				'- Aucun point bloquant.'
			].join('\n')
		);
	});

	it('is written in the reader’s language', () => {
		const blocks = summaryBlocks(data, 'fr');
		const headings = blocks.filter((b) => b.type === 'heading').map((b) => b.text);
		expect(headings).toEqual([
			'Réponses',
			'Maison Aurillac',
			'Maison Murat',
			'Sans maison',
			'Points bloquants',
			'Présence'
		]);
	});

	it('counts the present in French with the plural the number takes', () => {
		const attendance = summaryBlocks(data, 'fr').findLast(
			(b): b is Extract<SummaryBlock, { type: 'bullets' }> => b.type === 'bullets'
		);
		expect(attendance?.items).toEqual([
			'Maison Aurillac\u202f: 1 personne présente sur 2 — absences\u202f: Emma',
			'Maison Murat\u202f: 2 personnes présentes sur 2 — en retard\u202f: Ana',
			'Sans maison\u202f: 0 personne présente sur 1 — absences\u202f: David'
		]);
	});

	it('dates its title and its blockers as people read them, in its language', () => {
		expect(summaryTitle(data, 'fr')).toBe('Stand-up · Équipe produit · 12 janvier 2026');
		const blockers = summaryBlocks(data, 'fr').find(
			(b): b is Extract<SummaryBlock, { type: 'bullets' }> =>
				b.type === 'bullets' && b.items.some((item) => item.includes('Fibre'))
		);
		expect(blockers?.items[0]).toBe(
			'Fibre down at Murat — Chloé (ouvert depuis le 9 janvier 2026)'
		);
	});

	it('builds nodes the editor knows, ending with a paragraph to type after', () => {
		const tree = documentTree(summaryUpdate(summaryBlocks(data, 'en')));
		const types = new Set(tree.map((node) => node.type));
		expect([...types].sort()).toEqual(['bulletList', 'heading', 'paragraph']);
		expect(tree.at(-1)).toMatchObject({ type: 'paragraph', content: [] });
		expect(tree.find((node) => node.type === 'heading')?.attrs).toEqual({ level: 2 });
	});
});
