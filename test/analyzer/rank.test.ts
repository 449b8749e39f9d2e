/** Ranking, primary selection and verdicts, on hand-made findings and on whole synthetic runs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rankFindings, selectPrimary, verdictFor } from '../../src/analyzer/rank.js';
import { analyze } from '../../src/analyzer/analyze.js';
import { syntheticRecord } from '../helpers/synthetic-record.js';
import type { Finding } from '../../src/analyzer/finding-types.js';

function f(id: string, category: Finding['category'], severity: Finding['severity'], confidence: Finding['confidence'] = 'high'): Finding {
  return { id, category, severity, title: id, evidence: [], recommendation: '', confidence };
}

test('ranks by severity, then category priority, then confidence; stable otherwise', () => {
  const ranked = rankFindings([
    f('lag', 'consumer-lag', 'warning'),
    f('disk', 'broker-disk', 'warning', 'low'),
    f('cpu', 'broker-cpu', 'warning'),
    f('loss', 'delivery', 'critical'),
    f('disk2', 'broker-disk', 'warning', 'high'),
    f('note', 'broker-cpu', 'info'),
  ]);
  assert.deepEqual(ranked.map((x) => x.id), ['loss', 'cpu', 'disk2', 'disk', 'lag', 'note']);
});

test('generator saturation ranks first and is primary even against critical broker findings', () => {
  const ranked = rankFindings([f('rh', 'broker-threads', 'critical'), f('gen', 'load-generator', 'warning'), f('cpu', 'broker-cpu', 'critical')]);
  assert.equal(ranked[0]!.id, 'gen');
  assert.equal(selectPrimary(ranked)!.id, 'gen');
  assert.equal(verdictFor(selectPrimary(ranked)), 'generator-limited');
});

test('an info-level generator finding does not make the run generator-limited', () => {
  const ranked = rankFindings([f('drops', 'load-generator', 'info'), f('cpu', 'broker-cpu', 'warning')]);
  assert.equal(selectPrimary(ranked)!.id, 'cpu');
  assert.equal(verdictFor(selectPrimary(ranked)), 'bottleneck');
});

test('a cause is primary over the rate-not-met symptom, even at lower severity', () => {
  const ranked = rankFindings([f('rate', 'rate-not-met', 'critical'), f('cpu', 'broker-cpu', 'warning')]);
  assert.equal(selectPrimary(ranked)!.id, 'cpu');
  assert.equal(selectPrimary(rankFindings([f('rate', 'rate-not-met', 'critical')]))!.id, 'rate');
});

test('delivery problems are primary only when no bottleneck was found', () => {
  assert.equal(selectPrimary(rankFindings([f('loss', 'delivery', 'critical'), f('lag', 'consumer-lag', 'warning')]))!.id, 'lag');
  assert.equal(selectPrimary(rankFindings([f('loss', 'delivery', 'critical')]))!.id, 'loss');
});

test('no serious finding: no primary, healthy', () => {
  assert.equal(selectPrimary(rankFindings([f('x', 'broker-jvm', 'info')])), null);
  assert.equal(verdictFor(null), 'healthy');
});

for (const noise of [0, 0.05, 0.2]) {
  test(`whole run: generator saturation beats a busy broker (noise ${noise})`, () => {
    const file = analyze(syntheticRecord({ noise, seed: 3, eventLoopP99Ms: 200, brokerCpuPercent: 130, requestHandlerIdle: 0.05, achievedShare: 0.7 }));
    assert.equal(file.verdict, 'generator-limited');
    assert.equal(file.findings[0]!.category, 'load-generator');
    assert.equal(file.primary, file.findings[0]!.id);
    assert.match(file.headline, /understate/);
    assert.ok(file.findings.some((x) => x.id === 'broker-cpu-high'), 'broker findings are still listed');
  });

  test(`whole run: healthy baseline says so with headroom (noise ${noise})`, () => {
    const file = analyze(syntheticRecord({ noise, seed: 5 }));
    assert.equal(file.verdict, 'healthy');
    assert.equal(file.primary, null);
    assert.equal(file.findings[0]!.id, 'healthy');
    assert.equal(file.findings[0]!.severity, 'info');
    assert.match(file.headline, /No bottleneck found up to .* msg\/s; headroom: broker CPU/);
    assert.ok(file.ok.length > 15);
  });

  test(`whole run: a broker bottleneck is primary and the rate shortfall follows (noise ${noise})`, () => {
    const file = analyze(syntheticRecord({ noise, seed: 9, brokerCpuPercent: 130, achievedShare: 0.7 }));
    assert.equal(file.verdict, 'bottleneck');
    assert.equal(file.primary, 'broker-cpu-high');
    assert.equal(file.findings[0]!.id, 'broker-cpu-high');
    assert.ok(file.findings.some((x) => x.id === 'rate-not-met'));
    assert.match(file.headline, /^Primary bottleneck: Broker CPU/);
  });
}

test('whole run: too short a window gives insufficient-data and says why', () => {
  const file = analyze(syntheticRecord({ loadSec: 6 }));
  assert.equal(file.verdict, 'insufficient-data');
  assert.match(file.headline, /window shorter than 10 s/);
  assert.equal(file.scaling, undefined);
  assert.ok(file.insufficient.length > 20);
});

test('whole run: a healthy run with few collectors says what it did not measure', () => {
  const file = analyze(syntheticRecord({ collectors: { node: false, jmx: false, lag: false } }));
  assert.equal(file.verdict, 'healthy');
  const healthy = file.findings[0]!;
  assert.match(healthy.recommendation, /Not measured: broker CPU, broker threads \(JMX\), broker JVM heap/);
  assert.equal(healthy.confidence, 'medium');
});

test('analyze is pure: same record, same findings file', () => {
  const r = syntheticRecord({ noise: 0.2, seed: 11, lagSlopePerSec: 50 });
  assert.deepEqual(analyze(r), analyze(r));
});

test('a generator cause is primary over the generator rate shortfall', () => {
  const ranked = rankFindings([f('generator-rate-not-met', 'load-generator', 'critical'), f('sync-round-trip-limit', 'load-generator', 'warning')]);
  assert.equal(selectPrimary(ranked)!.id, 'sync-round-trip-limit');
  assert.equal(selectPrimary(rankFindings([f('generator-rate-not-met', 'load-generator', 'critical'), f('cpu', 'broker-cpu', 'critical')]))!.id, 'generator-rate-not-met');
});

test('a missed latency objective is a symptom: the consumer-side cause is primary', () => {
  const ranked = rankFindings([f('consumer-time-lag', 'consumer-lag', 'critical'), f('consumer-processing-bound', 'consumer-lag', 'warning')]);
  assert.equal(selectPrimary(ranked)!.id, 'consumer-processing-bound');
});

test('whole run: sync round trips make the run generator-limited with a producer-count fix', () => {
  const file = analyze(syntheticRecord({ noise: 0.05, mode: 'sync', producers: 4, publishLatencyMs: 5, achievedShare: 0.7, brokerCpuPercent: 40 }));
  assert.equal(file.verdict, 'generator-limited');
  assert.equal(file.primary, 'sync-round-trip-limit');
  assert.match(file.headline, /more producers, or mode: async/);
  assert.match(file.findings[0]!.recommendation, /raise producers\.count from 4 to at least 6/);
});

test('whole run: nothing sent during load is never healthy', () => {
  const file = analyze(syntheticRecord({ achievedShare: 0, consumers: null }));
  assert.equal(file.verdict, 'generator-limited');
  assert.equal(file.primary, 'generator-no-load');
  assert.ok(!file.findings.some((x) => x.id === 'healthy'));
});

test('whole run: a max-throughput run with nothing saturated is not called healthy', () => {
  const file = analyze(syntheticRecord({ targetRate: null }));
  assert.equal(file.verdict, 'insufficient-data');
  assert.equal(file.primary, null);
  assert.equal(file.findings[0]!.id, 'limit-unidentified');
  assert.match(file.headline, /Max-throughput peaked at 1,000 msg\/s, but no measured resource was saturated/);
  assert.ok(file.scaling, 'capacity estimates are still given');
});

test('whole run: a max-throughput run with a saturated broker names it', () => {
  const file = analyze(syntheticRecord({ targetRate: null, requestHandlerIdle: 0.05 }));
  assert.equal(file.verdict, 'bottleneck');
  assert.equal(file.primary, 'request-handler-saturated');
});
