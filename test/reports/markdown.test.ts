import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown } from '../../src/reports/markdown.js';
import { cell, inline, table } from '../../src/reports/markdown-util.js';
import { formatBytes, formatChange, formatMs, formatRate, formatSeconds, formatWithUnit } from '../../src/reports/format.js';
import { buildFixture } from './fixtures.js';

function section(md: string, title: string): string {
  const start = md.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `section "${title}" missing`);
  const next = md.indexOf('\n## ', start + 4);
  return md.slice(start, next < 0 ? undefined : next);
}

test('verdict and primary bottleneck come first, then findings ranked primary → severity', () => {
  const md = renderMarkdown(buildFixture());
  const headings = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
  assert.deepEqual(headings.slice(0, 2), ['Verdict', 'Findings']);
  assert.match(section(md, 'Verdict'), /\*\*Primary bottleneck:\*\* Broker CPU saturated \(critical, high confidence, `broker-cpu-saturated`\)/);
  const findingTitles = [...md.matchAll(/^### (\d+)\. \[(\w+)\] (.+)$/gm)].map((m) => [m[1], m[2], m[3]]);
  assert.deepEqual(findingTitles, [
    ['1', 'CRITICAL', 'Broker CPU saturated (primary)'],
    ['2', 'WARNING', 'Consumer lag grew during the fault \\<pause>'],
    ['3', 'INFO', 'Event loop delay is moderate'],
  ]);
});

test('primary finding comes first even when it is not the most severe', () => {
  const input = buildFixture();
  input.findings!.primary = 'generator-event-loop';
  const md = renderMarkdown(input);
  const first = /^### 1\. \[(\w+)\] (.+)$/m.exec(md);
  assert.equal(first?.[2], 'Event loop delay is moderate (primary)');
});

test('evidence carries values with units, thresholds and the time window', () => {
  const md = section(renderMarkdown(buildFixture()), 'Findings');
  assert.match(md, /- broker process CPU = 85\.2 % \(threshold 80 %\) over t=10–70 s — sustained 90 % of the window/);
  assert.match(md, /- lag = 4,000 messages over t=30–35 s/);
  assert.match(md, /\*\*Recommendation:\*\* Add brokers/);
});

test('throughput, latency, lag and resources sections show formatted numbers with units', () => {
  const input = buildFixture();
  const md = renderMarkdown(input);
  const s = input.summary!;
  assert.match(section(md, 'Throughput'), new RegExp(`\\| Target rate \\| 1,000 msg/s \\|`));
  assert.match(section(md, 'Throughput'), new RegExp(`\\| Sent \\| ${s.produce.sent.toLocaleString('en-US')} \\|`));
  assert.match(section(md, 'Throughput'), /\| Dropped \(not issued on time\) \| 250 \|/);
  const latency = section(md, 'Latency');
  assert.match(latency, /\| p50 \| p90 \| p99 \| p99\.9 \| max \|/);
  assert.ok(latency.includes(`| ${formatMs(s.latencyMs.publish!.p99)} |`), 'publish p99 with unit');
  assert.match(latency, /\| End-to-end \| [\d,]+ \| [\d.]+ ms \|/);
  assert.match(section(md, 'Consumer lag'), /\| mqload-g0 \| mqload-fixture \| 4,000 \| 4 s \| 10 \| 3 s \|/);
  const resources = section(md, 'Resources');
  assert.match(resources, /\| Broker JVM \| Heap max \(127\.0\.0\.1:7071\) \| 1 GiB \| 1 GiB \| 1 GiB \| 61 \|/);
  assert.match(resources, /\| Broker process \| CPU \| [\d.]+ % \| [\d.]+ % \| [\d.]+ % \| 61 \|/);
});

test('insufficient data, faults, thresholds and configuration are reported', () => {
  const md = renderMarkdown(buildFixture({ failThreshold: true }));
  assert.match(section(md, 'What could not be told'), /- request-handler-idle: no JMX request-handler samples/);
  assert.match(section(md, 'What could not be told'), /collector jolokia:http:\/\/127\.0\.0\.1:8778 was unavailable: connection refused/);
  assert.match(section(md, 'Faults and events'), /\| 30 s \| fault \| broker-pause for 5s \|/);
  const thresholds = section(md, 'Thresholds');
  assert.match(thresholds, /1 of 2 thresholds failed/);
  assert.match(thresholds, /\| ✗ \| publish_latency \| p\(99\)\\<1 \| [\d.]+ ms \|/);
  assert.match(thresholds, /\| ✓ \| error_rate \|/);
  const config = section(md, 'Configuration');
  assert.match(config, /\| client sasl\.password \| \\\*\\\*\\\* \|/); // *** escaped for Markdown
  assert.ok(!md.includes('hunter2'), 'secret must not appear');
  assert.match(section(md, 'Scaling estimate'), /\| Brokers needed \| 6 \|/);
});

test('a run without summary or findings still reports, from the timeline', () => {
  const md = renderMarkdown(buildFixture({ withSummary: false, withFindings: false }));
  assert.match(md, /no summary\.json/);
  assert.match(section(md, 'Verdict'), /Not analysed/);
  assert.match(section(md, 'Throughput'), /Computed from the timeline/);
  assert.match(section(md, 'Latency'), /\| Publish \(from intended send time\) \| [\d,]+ \| [\d.]+ ms \|/);
  assert.ok(!md.includes('## Findings'));
});

test('markdown escaping keeps tables intact and text literal', () => {
  assert.equal(cell('a|b\nc'), 'a\\|b c');
  assert.equal(inline('linger_ms *x* <b> _y_'), 'linger_ms \\*x\\* \\<b> \\_y\\_');
  assert.equal(table(['a', 'b'], [['1', '2']], ['l', 'r']), '| a | b |\n|---|---:|\n| 1 | 2 |');
});

test('number formatting carries units', () => {
  assert.equal(formatMs(0.85), '850 µs');
  assert.equal(formatMs(12.345), '12.3 ms');
  assert.equal(formatMs(4200), '4.2 s');
  assert.equal(formatMs(null), 'n/a');
  assert.equal(formatRate(12345.6), '12,346 msg/s');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatSeconds(125), '2 min 5 s');
  assert.equal(formatChange(0.1234), '+12.3 %');
  assert.equal(formatChange(-0.05), '−5 %');
  assert.equal(formatChange(Number.POSITIVE_INFINITY), 'new (was 0)');
  assert.equal(formatWithUnit(0.25, 'ratio'), '25 %');
  assert.equal(formatWithUnit(3, 'widgets'), '3 widgets');
});
