import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderJson, type ReportJson } from '../../src/reports/json.js';
import { jsonForScript, escapeInlineScript } from '../../src/reports/html-assets.js';
import { buildFixture } from './fixtures.js';

test('report.json carries summary, ranked findings, statistics and key series', () => {
  const input = buildFixture();
  const doc = JSON.parse(renderJson(input)) as ReportJson;
  assert.equal(doc.reportVersion, '1.0');
  assert.equal(doc.runId, 'run-1');
  assert.equal(doc.verdict, 'bottleneck');
  assert.equal(doc.primary, 'broker-cpu-saturated');
  assert.deepEqual(doc.findings.map((f) => f.severity), ['critical', 'warning', 'info']);
  assert.deepEqual(doc.window, { from: 10, to: 70 });
  assert.equal(doc.totals.source, 'summary');
  assert.equal(doc.totals.acked, input.summary!.produce.acked);
  assert.equal(doc.summary?.produce.sent, input.summary!.produce.sent);
  assert.equal(doc.profile?.clientConfig['sasl.password'], '***');
  assert.ok(!JSON.stringify(doc).includes('hunter2'));
  // Series: one value per timeline entry; achieved rate is acked per second.
  assert.equal(doc.series.timeline.t.length, input.timeline.length);
  assert.equal(doc.series.timeline.achievedRate[15], input.timeline[15]!.produce.acked);
  assert.equal(doc.series.timeline.publishP99Ms[15], input.timeline[15]!.latencyMs.publish!.p99);
  // Lag summary with drain after the load.
  assert.deepEqual(doc.lag.map((l) => [l.group, l.maxLagMessages, l.lagAtLoadEnd, l.drainSec]), [['mqload-g0', 4000, 10, 3]]);
  // Resource statistics over the window only (61 samples: t = 10..70).
  const heap = doc.resources.find((r) => r.label === 'Heap max');
  assert.equal(heap?.stats.count, 61);
  assert.equal(heap?.stats.max, 1024 * 2 ** 20);
  assert.deepEqual(doc.faults, [{ from: 30, to: 35, label: 'broker-pause for 5s', kind: 'fault' }]);
});

test('latency spectrum comes from the merged interval histograms and is monotonic', () => {
  const input = buildFixture();
  const doc = JSON.parse(renderJson(input)) as ReportJson;
  const s = doc.series.latencySpectrum;
  assert.equal(s.source, 'histogram');
  assert.equal(s.x[0], 0);
  assert.equal(s.x[s.x.length - 1], 4);
  const pub = s.publishMs as number[];
  for (let i = 1; i < pub.length; i += 1) assert.ok(pub[i]! >= pub[i - 1]!, `spectrum not monotonic at ${i}`);
  // p99 position (x = 2) equals the summary p99 of the same merged window, within HDR precision.
  const i99 = s.x.indexOf(2);
  const p99 = input.summary!.latencyMs.publish!.p99;
  assert.ok(Math.abs(pub[i99]! - p99) / p99 < 0.01, `spectrum p99 ${pub[i99]} vs summary ${p99}`);
});

test('without histograms the spectrum falls back to the summary stats', () => {
  const input = buildFixture();
  for (const e of input.timeline) e.hist = {};
  const doc = JSON.parse(renderJson(input)) as ReportJson;
  assert.equal(doc.series.latencySpectrum.source, 'summary');
  assert.equal(doc.series.latencySpectrum.publishMs[3], input.summary!.latencyMs.publish!.p99);
});

test('without summary the totals come from the load intervals of the timeline', () => {
  const input = buildFixture({ withSummary: false, withFindings: false });
  const doc = JSON.parse(renderJson(input)) as ReportJson;
  const load = input.timeline.filter((e) => e.phase === 'load');
  assert.equal(doc.totals.source, 'timeline');
  assert.equal(doc.totals.acked, load.reduce((s, e) => s + e.produce.acked, 0));
  assert.equal(doc.totals.durationSec, 60);
  assert.equal(doc.status, 'unknown');
  assert.equal(doc.verdict, null);
  assert.ok(doc.totals.latencyMs.publish !== null && doc.totals.latencyMs.publish.count > 0);
});

test('embedded data and scripts cannot close their element', () => {
  const text = jsonForScript({ a: '</script><script>alert(1)</script>', b: '<!-- x -->', c: '\u2028' });
  assert.ok(!/<\/script/i.test(text) && !text.includes('<!--'));
  assert.deepEqual(JSON.parse(text), { a: '</script><script>alert(1)</script>', b: '<!-- x -->', c: '\u2028' });
  const js = escapeInlineScript('var s = "</SCRIPT>"; var t = "<!--";');
  assert.ok(!/<\/script/i.test(js) && !js.includes('<!--'));
  // The escaped script still means the same.
  assert.deepEqual(new Function(`${js}; return [s, t];`)(), ['</SCRIPT>', '<!--']);
});
