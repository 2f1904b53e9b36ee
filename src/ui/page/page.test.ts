import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PAGE_HTML } from './html.ts';
import { PAGE_SCRIPT } from './script.ts';
import { PAGE_STYLE } from './style.ts';

test('the page script is valid JavaScript (compiled here, not run)', () => {
  assert.doesNotThrow(() => new Function(PAGE_SCRIPT));
});

test('the page loads only what zkop ui serves: no other origin is named', () => {
  for (const text of [PAGE_HTML, PAGE_STYLE]) assert.doesNotMatch(text, /https?:\/\/|\/\/[a-z]/i);
  assert.match(PAGE_HTML, /<script src="\/app\.js" defer><\/script>/);
  assert.match(PAGE_HTML, /<link rel="stylesheet" href="\/app\.css">/);
  assert.doesNotMatch(PAGE_SCRIPT, /fetch\('http|import\(|XMLHttpRequest|WebSocket/);
});
