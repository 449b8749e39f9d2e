import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseThreshold, ThresholdSyntaxError, compare } from '../src/thresholds/parse.js';
import { evaluateThresholds, allThresholdsPassed, type MetricSource, type TrendView } from '../src/thresholds/evaluate.js';
import { checkThresholdEntry } from '../src/thresholds/check.js';
import { KNOWN_METRICS } from '../src/thresholds/metrics.js';

test('parses every aggregation and operator', () => {
  assert.deepEqual(parseThreshold('p(99)<100'), { expression: 'p(99)<100', aggregation: { kind: 'percentile', p: 99 }, operator: '<', value: 100 });
  assert.deepEqual(parseThreshold('p(99.9)<=250.5').aggregation, { kind: 'percentile', p: 99.9 });
  assert.equal(parseThreshold('p(99.9)<=250.5').value, 250.5);
  assert.equal(parseThreshold('p(99.9)<=250').operator, '<=');
  for (const agg of ['avg', 'min', 'max', 'med', 'count', 'rate'] as const) assert.deepEqual(parseThreshold(`${agg}<1`).aggregation, { kind: agg });
  for (const op of ['<', '<=', '>', '>=', '==', '!='] as const) assert.equal(parseThreshold(`count${op}0`).operator, op);
  assert.deepEqual(parseThreshold('  p( 95 )  >=  1e3 ').aggregation, { kind: 'percentile', p: 95 });
  assert.equal(parseThreshold('rate < 0.01').value, 0.01);
  assert.equal(parseThreshold('rate<.5').value, 0.5);
  assert.equal(parseThreshold('p(0)>0').aggregation.kind, 'percentile');
  assert.equal(parseThreshold('p(100)>0').aggregation.kind, 'percentile');
});

test('rejects bad expressions with a reason and a hint', () => {
  const cases: Array<[string, RegExp]> = [
    ['p99<100', /parentheses/],
    ['p(101)<1', /outside 0–100/],
    ['p(-1)<1', /not a number|outside/],
    ['p(x)<1', /not a number/],
    ['p()<1', /not a number/],
    ['p<1', /rank in parentheses/],
    ['avg(3)<1', /takes no argument/],
    ['mean<1', /unknown aggregation "mean"/],
    ['avg=<1', /unknown operator/],
    ['avg=1', /unknown operator/],
    ['avg=>1', /unknown operator/],
    ['avg<abc', /not a number/],
    ['avg<10ms', /not a number/],
    ['avg', /expected/],
    ['', /expected/],
    ['<5', /expected/],
  ];
  for (const [expr, reason] of cases) {
    assert.throws(
      () => parseThreshold(expr),
      (err: unknown) => err instanceof ThresholdSyntaxError && reason.test(err.message) && err.hint.includes('p(99)<100') && err.exitCode === 2,
      expr,
    );
  }
});

test('compare applies each operator, including the boundaries', () => {
  assert.equal(compare(1, '<', 1), false);
  assert.equal(compare(1, '<=', 1), true);
  assert.equal(compare(2, '>', 1), true);
  assert.equal(compare(1, '>=', 1), true);
  assert.equal(compare(0, '==', 0), true);
  assert.equal(compare(0, '!=', 0), false);
});

function trend(values: number[]): TrendView {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    percentile: (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!,
    mean: values.reduce((a, b) => a + b, 0) / values.length,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    count: values.length,
  };
}

const latencies = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100 ms
const source: MetricSource = {
  trend: (m) => (m === 'publish_latency' ? trend(latencies) : m === 'publish_delay' ? { ...trend([1]), count: 0 } : null),
  counter: (m) => (m === 'send_errors' ? { count: 3, rate: 0.003 } : m === 'lost_messages' ? { count: 0, rate: 0 } : m === 'throughput' ? { count: 10, rate: Number.NaN } : null),
};

test('evaluates trends, counters and rates against the source', () => {
  const results = evaluateThresholds(
    {
      publish_latency: ['p(99)<100', 'p(99)<99', 'avg==50.5', 'min>=1', 'max<=100', 'med<=50', 'count==100'],
      send_errors: ['count<10', 'rate<0.001'],
      lost_messages: ['count==0'],
    },
    source,
  );
  assert.deepEqual(
    results.map((r) => [r.metric, r.expression, r.actual, r.ok]),
    [
      ['publish_latency', 'p(99)<100', 99, true],
      ['publish_latency', 'p(99)<99', 99, false],
      ['publish_latency', 'avg==50.5', 50.5, true],
      ['publish_latency', 'min>=1', 1, true],
      ['publish_latency', 'max<=100', 100, true],
      ['publish_latency', 'med<=50', 50, true],
      ['publish_latency', 'count==100', 100, true],
      ['send_errors', 'count<10', 3, true],
      ['send_errors', 'rate<0.001', 0.003, false],
      ['lost_messages', 'count==0', 0, true],
    ],
  );
  assert.equal(allThresholdsPassed(results), false);
  assert.equal(allThresholdsPassed(results.filter((r) => r.ok)), true);
  assert.equal(allThresholdsPassed([]), true);
});

test('no data fails with actual null; an empty trend still has a count', () => {
  const results = evaluateThresholds({ e2e_latency: ['p(99)<250', 'count==0'], publish_delay: ['p(99)<5', 'count==0'], duplicate_messages: ['count==0'], throughput: ['rate>0'] }, source);
  assert.deepEqual(
    results.map((r) => [r.metric, r.expression, r.actual, r.ok]),
    [
      ['e2e_latency', 'p(99)<250', null, false],
      ['e2e_latency', 'count==0', null, false],
      ['publish_delay', 'p(99)<5', null, false],
      ['publish_delay', 'count==0', 0, true],
      ['duplicate_messages', 'count==0', null, false],
      ['throughput', 'rate>0', null, false],
    ],
  );
});

test('evaluate throws on an expression that does not parse', () => {
  assert.throws(() => evaluateThresholds({ publish_latency: ['p99<1'] }, source), ThresholdSyntaxError);
});

test('checkThresholdEntry knows metrics and which aggregations fit them', () => {
  assert.deepEqual(checkThresholdEntry('publish_latency', ['p(99)<100', 'avg<5']), []);
  assert.deepEqual(checkThresholdEntry('send_errors', ['rate<0.01', 'count==0']), []);
  const unknown = checkThresholdEntry('publish_latancy', ['p(99)<1']);
  assert.equal(unknown.length, 1);
  assert.equal(unknown[0]!.index, undefined);
  assert.match(unknown[0]!.hint, /did you mean "publish_latency"/);
  assert.match(checkThresholdEntry('zzz', [])[0]!.hint, /known metrics: publish_latency/);
  const misfit = checkThresholdEntry('send_errors', ['count<1', 'p(99)<1', 'bogus']);
  assert.deepEqual(misfit.map((p) => p.index), [1, 2]);
  assert.match(misfit[0]!.message, /p\(99\) does not apply to send_errors/);
  assert.match(checkThresholdEntry('e2e_latency', ['rate<1'])[0]!.message, /rate does not apply/);
  for (const [name, def] of Object.entries(KNOWN_METRICS)) assert.equal(def.kind === 'counter', def.rate !== undefined, name);
});
