import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderLoggingConfig } from './logging.ts';

test('on this machine members log to a rolled file; in a container to standard output only', () => {
  for (const backend of ['logback', 'log4j'] as const) {
    const file = renderLoggingConfig(backend).content;
    const console = renderLoggingConfig(backend, 'console').content;
    assert.match(file, /RollingFileAppender/);
    assert.doesNotMatch(file, /ConsoleAppender/);
    assert.match(console, /ConsoleAppender/);
    assert.doesNotMatch(console, /FileAppender|zookeeper\.log\.file/);
  }
});
