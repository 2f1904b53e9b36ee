import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pageHtml } from './html.ts';
import { PAGE_SCRIPT } from './script.ts';
import { PAGE_STYLE } from './style.ts';

test('the page script is valid JavaScript (compiled here, not run)', () => {
  assert.doesNotThrow(() => new Function(PAGE_SCRIPT));
});

const PAGE_HTML = pageHtml('ZooKeeper objects in namespace team-a');

test('the page loads only what zkop ui serves: no other origin is named', () => {
  for (const text of [PAGE_HTML, PAGE_STYLE]) assert.doesNotMatch(text, /https?:\/\/|\/\/[a-z]/i);
  assert.match(PAGE_HTML, /<script src="\/app\.js" defer><\/script>/);
  assert.match(PAGE_HTML, /<link rel="stylesheet" href="\/app\.css">/);
  assert.doesNotMatch(PAGE_SCRIPT, /fetch\('http|import\(|XMLHttpRequest|WebSocket/);
});

test('the page says what it shows, escaped', () => {
  assert.match(PAGE_HTML, /<p>ZooKeeper objects in namespace team-a, read only, updated every second\./);
  assert.match(pageHtml('<b>"x"</b>'), /<p>&#60;b&#62;&#34;x&#34;&#60;\/b&#62;, read only/);
});
