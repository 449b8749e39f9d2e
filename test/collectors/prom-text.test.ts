import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePromText, selectSeries, labelsMatch } from '../../src/collectors/prom-text.js';
import { CounterRates } from '../../src/collectors/rates.js';

const TEXT = `# HELP jvm_gc_collection_seconds Time spent in a given JVM garbage collector in seconds.
# TYPE jvm_gc_collection_seconds summary
jvm_gc_collection_seconds_count{gc="G1 Young Generation"} 13
jvm_gc_collection_seconds_sum{gc="G1 Young Generation"} 0.449
# TYPE kafka_network_requestmetrics_totaltimems summary
kafka_network_requestmetrics_totaltimems{request="Produce",quantile="0.99"} 23.0
kafka_network_requestmetrics_totaltimems{request="Fetch",quantile="0.99"} 510.0
# TYPE kafka_server_brokertopicmetrics_bytesin counter
kafka_server_brokertopicmetrics_bytesin_total 1.5E3
kafka_server_brokertopicmetrics_bytesin_total{topic="a"} 1000
odd_value{x="y"} +Inf
last_line_without_newline 7`;

test('indexes samples by their wire name and keeps labels of summaries', () => {
  const idx = parsePromText(TEXT);
  assert.deepEqual(selectSeries(idx, 'jvm_gc_collection_seconds_count'), [{ labels: { gc: 'G1 Young Generation' }, value: 13 }]);
  const times = selectSeries(idx, 'kafka_network_requestmetrics_totaltimems');
  assert.equal(times.length, 2, 'labelled summary quantiles must not be merged');
  assert.equal(selectSeries(idx, 'kafka_network_requestmetrics_totaltimems', { request: 'Fetch' })[0]?.value, 510);
  assert.equal(selectSeries(idx, 'kafka_server_brokertopicmetrics_bytesin_total', { topic: null })[0]?.value, 1500);
  assert.equal(selectSeries(idx, 'odd_value')[0]?.value, Number.POSITIVE_INFINITY);
  assert.equal(selectSeries(idx, 'last_line_without_newline')[0]?.value, 7);
});

test('parses only the wanted names when asked', () => {
  const idx = parsePromText(TEXT, new Set(['last_line_without_newline', 'jvm_gc_collection_seconds_sum']));
  assert.deepEqual([...idx.keys()].sort(), ['jvm_gc_collection_seconds_sum', 'last_line_without_newline']);
});

test('label matchers: exact, regexp, absent', () => {
  assert.equal(labelsMatch({ a: 'x' }, { a: 'x' }), true);
  assert.equal(labelsMatch({ a: 'x' }, { a: 'y' }), false);
  assert.equal(labelsMatch({ a: 'G1 Old Gen' }, { a: /Old Gen/ }), true);
  assert.equal(labelsMatch({}, { a: null }), true);
  assert.equal(labelsMatch({ a: '' }, { a: null }), true);
  assert.equal(labelsMatch({ a: 'x' }, { a: null }), false);
  assert.equal(labelsMatch({}, { a: 'x' }), false);
});

test('counter rates: none on the first reading or after a reset', () => {
  const r = new CounterRates();
  assert.equal(r.rate('c', 100, 1000), undefined);
  assert.equal(r.rate('c', 300, 3000), 100);
  assert.equal(r.rate('c', 50, 4000), undefined, 'counter went down: restart');
  assert.equal(r.rate('c', 150, 5000), 100);
  assert.equal(r.rate('c', 150, 5000), undefined, 'no time passed');
});
