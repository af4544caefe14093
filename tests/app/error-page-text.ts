// The words of src/error.html as a reader sees them: no style, no comments, no tags, spaces folded.
export const visibleText = (html: string) =>
	html
		.replace(/<style>[\s\S]*?<\/style>/, '')
		.replace(/<!--[\s\S]*?-->/g, '')
		.replace(/<[^>]+>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
