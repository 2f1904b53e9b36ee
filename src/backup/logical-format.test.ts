import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  encodeLine,
  headerLine,
  isTrailer,
  LogicalFormatError,
  parseBody,
  parseHeader,
  type ZnodeRecord,
} from './logical-format.ts';

const record: ZnodeRecord = {
  path: '/app/config',
  data: Buffer.from([0, 255, 10]).toString('base64'),
  acl: [{ perms: 31, scheme: 'world', id: 'anyone' }],
  mode: 'persistent',
  stat: {
    czxid: '0x2',
    mzxid: '0x3',
    ctime: 1,
    mtime: 2,
    version: 1,
    cversion: 0,
    aversion: 0,
    numChildren: 0,
  },
};

test('header, records and trailer read back as written, one line each', () => {
  const header = headerLine('/', '3.9.4');
  assert.ok(header.endsWith('\n') && !header.slice(0, -1).includes('\n'));
  assert.deepEqual(parseHeader(header), {
    format: 'zkop-logical',
    version: 1,
    root: '/',
    zookeeperVersion: '3.9.4',
  });
  assert.deepEqual(parseBody(encodeLine(record), 2), record);
  const trailer = parseBody(encodeLine({ end: true, znodes: 1, lastZxid: '0x3' }), 3);
  assert.ok(isTrailer(trailer));
});

test('a foreign header, another version, a bad path or a record without ACL is refused with its line', () => {
  assert.throws(() => parseHeader('{"format":"other"}'), /not a zkop logical header/);
  assert.throws(
    () => parseHeader('{"format":"zkop-logical","version":9,"root":"/","zookeeperVersion":"3.9.4"}'),
    /version 9; this zkop reads version 1/,
  );
  assert.throws(() => parseBody(encodeLine({ ...record, path: 'relative' }), 5), /line 5: not a znode/);
  assert.throws(() => parseBody(encodeLine({ ...record, path: '/a//b' }), 5), /line 5/);
  assert.throws(() => parseBody(encodeLine({ ...record, acl: [] }), 6), /line 6/);
  assert.throws(() => parseBody('{"path":', 7), LogicalFormatError);
});
