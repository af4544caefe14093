import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'src/lib/paraglide/',
			'node_modules/',
			'test-results/',
			'playwright-report/',
			'data/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'no-undef': 'off',
			// The app is served at the root with no `paths.base`, so plain hrefs are correct.
			'svelte/no-navigation-without-resolve': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }]
		}
	},
	{
		// Every enhanced form goes through $lib/forms/enhance: it shows that it is working and
		// cannot be sent twice. SvelteKit's own is for that wrapper only.
		files: ['src/**'],
		ignores: ['src/lib/forms/enhance.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [
						{
							name: '$app/forms',
							importNames: ['enhance'],
							message: "Use enhance from '$lib/forms/enhance' (busy state, no double send)."
						}
					]
				}
			]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			// No `projectService`: no rule here needs types, and building the TypeScript program
			// for every component made linting take 2.5 minutes instead of 20 s. Types are
			// svelte-check's job (`npm run check`).
			parserOptions: {
				parser: ts.parser,
				svelteConfig
			}
		}
	}
);
