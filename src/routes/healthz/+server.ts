import { json } from '@sveltejs/kit';
import { databaseAnswers } from '$lib/server/db';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () =>
	databaseAnswers()
		? json({ status: 'ok' })
		: json({ status: 'unavailable', reason: 'database' }, { status: 503 });
