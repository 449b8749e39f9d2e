import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Latin1Intern } from '../../src/drivers/latin1-intern.js';

test('Latin1Intern returns the latin1 text of any range, the same string for the same bytes', () => {
  const intern = new Latin1Intern();
  const a = Buffer.from('run-1/p0/', 'latin1');
  const b = Buffer.from('xxrun-1yy', 'latin1');
  const first = intern.get(a, 0, 5);
  assert.equal(first, 'run-1');
  assert.equal(intern.get(b, 2, 7), 'run-1', 'same bytes at another place of another buffer');
  assert.equal(intern.get(a, 6, 8), 'p0');
  assert.equal(intern.get(a, 0, 0), '');
  assert.equal(intern.get(Buffer.from([0xe9, 0x41])), '\u00e9A', 'bytes above 0x7f as latin1');
  const long = Buffer.alloc(100, 0x61);
  assert.equal(intern.get(long), 'a'.repeat(100), 'long ranges are decoded, not kept');
  // Many distinct values (past the table's bound) still read right.
  for (let i = 0; i < 3000; i++) {
    const s = `p${i}`;
    assert.equal(intern.get(Buffer.from(s, 'latin1')), s);
  }
  assert.equal(intern.get(a, 0, 5), 'run-1');
});
