import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOG_LEVELS } from '../api/spec.ts';
import { renderLoggingConfig } from './logging.ts';

test('on this machine members log to a rolled file; in a container to standard output only', () => {
  for (const backend of ['logback', 'log4j'] as const) {
    const file = renderLoggingConfig(backend).content;
    const console = renderLoggingConfig(backend, { target: 'console' }).content;
    assert.match(file, /RollingFileAppender/);
    assert.doesNotMatch(file, /ConsoleAppender/);
    assert.match(console, /ConsoleAppender/);
    assert.doesNotMatch(console, /FileAppender|zookeeper\.log\.file/);
  }
});

test('the root logger has the level asked for, INFO unless told otherwise, for either backend and target', () => {
  for (const target of ['file', 'console'] as const) {
    assert.match(renderLoggingConfig('logback', { target }).content, /<root level="INFO">/);
    assert.match(renderLoggingConfig('log4j', { target }).content, /^log4j\.rootLogger=INFO, /m);
    for (const level of LOG_LEVELS) {
      assert.match(
        renderLoggingConfig('logback', { target, level }).content,
        new RegExp(`<root level="${level}">`),
      );
      assert.match(
        renderLoggingConfig('log4j', { target, level }).content,
        new RegExp(`^log4j\\.rootLogger=${level}, (FILE|CONSOLE)$`, 'm'),
      );
    }
  }
});
