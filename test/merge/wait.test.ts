/**
 * `mqload merge --wait`: the wait ends when every segment directory holds a finished segment.json,
 * or at its deadline with the states it saw (a directory not yet there is `absent`, a half-written
 * segment.json reads as `running`).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { segmentState, waitForSegments, type SegmentState } from '../../src/merge/wait.js';

const work = mkdtempSync(join(tmpdir(), 'mqload-wait-'));
after(() => rmSync(work, { recursive: true, force: true }));

function writeSegment(dir: string, status: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'segment.json'), JSON.stringify({ runId: 'r', index: 1, count: 2, status }));
}

test('states: absent, running, half-written, finished', async () => {
  const d = join(work, 'states');
  assert.equal(await segmentState(d), 'absent');
  writeSegment(d, 'running');
  assert.equal(await segmentState(d), 'running');
  writeFileSync(join(d, 'segment.json'), '{"status": "compl');
  assert.equal(await segmentState(d), 'running');
  for (const s of ['completed', 'interrupted', 'failed']) {
    writeSegment(d, s);
    assert.equal(await segmentState(d), s);
  }
});

test('the wait ends as soon as the last segment finishes, and reports each change once', async () => {
  const a = join(work, 'a');
  const b = join(work, 'b');
  writeSegment(a, 'completed');
  const seen: SegmentState[][] = [];
  setTimeout(() => writeSegment(b, 'running'), 150);
  setTimeout(() => writeSegment(b, 'interrupted'), 400);
  const started = Date.now();
  const r = await waitForSegments([a, b], { timeoutMs: 20_000, pollMs: 50, onChange: (s) => seen.push(s) });
  assert.equal(r.timedOut, false);
  assert.deepEqual(r.states, ['completed', 'interrupted']);
  assert.ok(Date.now() - started < 5000, 'did not wait for the deadline');
  assert.deepEqual(seen, [['completed', 'absent'], ['completed', 'running'], ['completed', 'interrupted']]);
});

test('at the deadline the wait returns what it saw', async () => {
  const a = join(work, 'late');
  writeSegment(a, 'running');
  const r = await waitForSegments([a, join(work, 'never')], { timeoutMs: 300, pollMs: 50 });
  assert.equal(r.timedOut, true);
  assert.deepEqual(r.states, ['running', 'absent']);
});
