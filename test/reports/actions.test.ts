/**
 * Each finding in report.md and report.html says what mqload can try of its recommendation
 * itself (its actions, from → to, and why) or that it is advice only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFixture } from './fixtures.js';
import { renderReport } from '../../src/reports/index.js';
import type { FindingsFile } from '../../src/analyzer/finding-types.js';

function withActions(): ReturnType<typeof buildFixture> {
  const base = buildFixture({ fault: false });
  const f = base.findings as FindingsFile;
  const [first, ...rest] = f.findings;
  assert.ok(first && rest.length > 0, 'the fixture has several findings');
  const acted = { ...first, actions: [{ target: 'profile' as const, path: 'consumers.perGroup', from: 2, to: 6, why: 'each consumer handles 50 msg/s' }, { target: 'topic' as const, name: 'orders', setting: 'partitions' as const, from: 4, to: 6, why: 'one consumer per partition' }] };
  return { ...base, findings: { ...f, findings: [acted, ...rest.map((x) => ({ ...x, actions: undefined }))] } };
}

for (const format of ['md', 'html'] as const) {
  test(`${format}: findings name the changes mqload can try, or say they are advice only`, async () => {
    const out = await renderReport(withActions(), format);
    assert.match(out, /mqload can try: `?consumers\.perGroup`? 2 → 6 \(each consumer handles 50 msg\/s\); topic `?orders`? partitions 4 → 6/);
    assert.match(out, /mqload cannot apply this itself: advice only\./);
  });
}
