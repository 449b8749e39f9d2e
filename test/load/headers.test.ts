/** The message stamp: what a producer writes, a consumer reads back, byte for byte. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readStamp, stampHeaders, stampPrefix, HEADER_STAMP, type MessageStamp } from '../../src/load/headers.js';

/** The reading by splitting the text (the first implementation): the reference for any input. */
function readBySplit(raw: Buffer): MessageStamp | null {
  const parts = raw.toString('latin1').split('/');
  if (parts.length < 4) return null;
  const seq = Number(parts[2]);
  const us = Number(parts[3]);
  if (!Number.isFinite(seq) || !Number.isFinite(us)) return null;
  return { runId: parts[0]!, producerId: parts[1]!, seq, sentMs: us / 1000, warmup: parts[4] === 'w' };
}

const header = (text: string) => ({ [HEADER_STAMP]: Buffer.from(text, 'latin1') });

test('a stamp reads back what the producer wrote', () => {
  const prefix = stampPrefix('mqload-20261201-211627-4348', 'w0-p1');
  for (const [seq, sentMs, warmup] of [
    [0, 1764623787123.456, false],
    [123456789, 1764623787000.001, true],
    [2 ** 40, 1, false],
  ] as const) {
    const got = readStamp(stampHeaders(prefix, seq, sentMs, warmup));
    assert.deepEqual(got, { runId: 'mqload-20261201-211627-4348', producerId: 'w0-p1', seq, sentMs: Math.round(sentMs * 1000) / 1000, warmup });
  }
  assert.equal(readStamp({}), null, 'no stamp header');
});

test('readStamp reads every input as splitting the text does, malformed ones included', () => {
  const texts = [
    'run/p/1/2', 'run/p/1/2/w', 'run/p/1/2/W', 'run/p/1/2/ww', 'run/p/1/2/w/extra', 'run/p/1/2/x/w', 'run/p/1/2/',
    'run/p', 'run/p/1', '//', '///', '////w', 'run/p//2', 'run/p/1/', 'run/p/x/2', 'run/p/1/2x', 'run/p/-1/2', 'run/p/1.5/2e3',
    'run/p/ 7/0x10', 'run/p/1/Infinity', 'run/p/1/NaN', 'run/p/1234567890123456789/12345678901234567', 'run/p/999999999999999/1', 'run/p/9007199254740991/9007199254740992', 'run/p/9007199254740993/9999999999999999', 'run/p/1/1764623787123456',
    'r\u00e9n/p\u00ff/3/4', '/p/1/2', 'run//1/2', '', 'w', 'run/p/00012/000',
  ];
  for (const text of texts) assert.deepEqual(readStamp(header(text)), readBySplit(Buffer.from(text, 'latin1')), JSON.stringify(text));
});
