/** The page shell every web page shares, and the plain pages of a refusal (401, 404). */
import { html, type Html } from './html.js';

export const STYLESHEET = '/dashboard/style.css';

export function page(title: string, body: Html, options: { heading?: string } = {}): string {
  return html`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${title}</title>
<link rel="stylesheet" href="${STYLESHEET}">
</head>
<body>
<a class="skip" href="#main">Skip to the main content</a>
<main id="main" tabindex="-1">
<h1>${options.heading ?? title}</h1>
${body}
</main>
</body>
</html>
`.value;
}

/** A refusal: one plain sentence, nothing of a case. */
export function plainPage(title: string, message: string): string {
  return page(title, html`<p>${message}</p>`);
}
