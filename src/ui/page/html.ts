/**
 * `zkop ui`'s one page: a frame the script fills; its script and style are served by zkop too.
 * `title` says what it shows (local ensembles, or a namespace's ZooKeeper objects); it is escaped.
 */
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const pageHtml = (title: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>zkop ui</title>
<link rel="stylesheet" href="/app.css">
<script src="/app.js" defer></script>
</head>
<body>
<header>
<h1>zkop ui</h1>
<p>${escapeHtml(title)}, read only, updated every second.
<button type="button" id="pause" aria-pressed="false">Pause updates</button>
<span id="updated"></span></p>
<p id="connection" role="status"></p>
<nav id="nav" aria-label="Ensembles"></nav>
</header>
<main id="ensembles"><p>Loading…</p></main>
</body>
</html>
`;
