/**
 * The alias table against hand-written scrapes shaped like each exporter configuration
 * (names from the configs cited in jmx-aliases.ts), and the rate derivation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePromText } from '../../src/collectors/prom-text.js';
import { readJmxExporter } from '../../src/collectors/kafka/jmx.js';
import { BrokerValueDeriver } from '../../src/collectors/kafka/broker-values.js';
import { ALIAS_SAMPLE_NAMES } from '../../src/collectors/kafka/jmx-aliases.js';

/** mqload's local config (JMX exporter 1.x), at time 0 and 2 s later. */
const local = (bytesIn: number, idleNs: number, gcSec: number) => `
jvm_memory_used_bytes{area="heap"} 2.0E8
jvm_memory_used_bytes{area="nonheap"} 8.0E7
jvm_memory_committed_bytes{area="heap"} 1.073741824E9
jvm_memory_max_bytes{area="heap"} 1.073741824E9
jvm_memory_pool_collection_used_bytes{pool="G1 Eden Space"} 0.0
jvm_memory_pool_collection_used_bytes{pool="G1 Old Gen"} 1.69580544E8
jvm_gc_collection_seconds_count{gc="G1 Young Generation"} 13
jvm_gc_collection_seconds_sum{gc="G1 Young Generation"} ${gcSec}
jvm_gc_collection_seconds_count{gc="G1 Old Generation"} 0
jvm_gc_collection_seconds_sum{gc="G1 Old Generation"} 0.0
jvm_gc_collection_seconds_count{gc="G1 Concurrent GC"} 4
jvm_gc_collection_seconds_sum{gc="G1 Concurrent GC"} 9.0
jvm_threads_current 98.0
kafka_server_brokertopicmetrics_bytesin_total ${bytesIn}
kafka_server_brokertopicmetrics_bytesout_total 10
kafka_server_brokertopicmetrics_messagesin_total 5
kafka_server_kafkarequesthandlerpool_requesthandleravgidlepercent_total ${idleNs}
kafka_network_socketserver_networkprocessoravgidlepercent 0.75
kafka_network_requestchannel_requestqueuesize 3.0
kafka_network_requestmetrics_requests_total{request="Produce",version="9"} 100
kafka_network_requestmetrics_requests_total{request="Produce",version="11"} 50
kafka_network_requestmetrics_requests_total{request="Fetch",version="11"} 70
kafka_network_requestmetrics_requests_total{request="FetchConsumer",version="11"} 60
kafka_network_requestmetrics_totaltimems{quantile="0.95",request="Produce"} 8.0
kafka_network_requestmetrics_totaltimems{quantile="0.99",request="Produce"} 23.0
kafka_network_requestmetrics_localtimems{quantile="0.99",request="Produce"} 13.7
kafka_network_requestmetrics_remotetimems{quantile="0.99",request="FetchConsumer"} 504
kafka_server_replicamanager_underreplicatedpartitions 0.0
kafka_server_replicamanager_underminisrpartitioncount 1.0
kafka_server_replicamanager_isrshrinks_total 2
kafka_server_replicamanager_isrexpands_total 0
`;

test('local config (JMX exporter 1.x): gauges and counters found', () => {
  const r = readJmxExporter(parsePromText(local(1000, 5e9, 0.4)));
  assert.equal(r.gauges['heap_used_bytes'], 2e8);
  assert.equal(r.gauges['heap_committed_bytes'], 1073741824);
  assert.equal(r.gauges['heap_max_bytes'], 1073741824);
  assert.equal(r.gauges['old_gen_after_gc_bytes'], 169580544);
  assert.equal(r.gauges['threads'], 98);
  assert.equal(r.gauges['network_processor_idle_ratio'], 0.75);
  assert.equal(r.gauges['request_queue_size'], 3);
  assert.equal(r.gauges['under_min_isr_partitions'], 1);
  assert.equal(r.gauges['produce_total_time_ms_p99'], 23);
  assert.equal(r.gauges['produce_local_time_ms_p99'], 13.7);
  assert.equal(r.gauges['fetch_consumer_remote_time_ms_p99'], 504);
  assert.equal(r.counters.bytes_in, 1000);
  assert.equal(r.counters.produce_requests, 150, 'summed over versions');
  assert.equal(r.counters.fetch_requests, 60, 'FetchConsumer preferred over Fetch');
  assert.equal(r.counters.request_handler_idle_ns, 5e9);
  assert.equal(r.counters.gc_young_seconds, 0.4);
  assert.equal(r.counters.gc_old_count, 0);
  assert.equal(r.counters.isr_shrinks, 2);
});

test('rates from counter deltas; idle ratio from the meter count; GC time ratio excludes concurrent GC', () => {
  const d = new BrokerValueDeriver();
  const first = d.derive(readJmxExporter(parsePromText(local(1000, 5e9, 0.4))), 10_000);
  assert.equal(first['bytes_in_per_sec'], undefined, 'no rate from one reading');
  assert.equal(first['gc_young_seconds_total'], 0.4);
  // 2 s later: +4000 bytes, idle +1.2e9 ns (0.6 s idle per second), +0.1 s young GC.
  const second = d.derive(readJmxExporter(parsePromText(local(5000, 6.2e9, 0.5))), 12_000);
  assert.equal(second['bytes_in_per_sec'], 2000);
  assert.ok(Math.abs(second['request_handler_idle_ratio']! - 0.6) < 1e-9);
  assert.ok(Math.abs(second['gc_time_ratio']! - 0.05) < 1e-9);
  assert.equal(second['messages_in_per_sec'], 0);
});

test('a request meter Kafka registers on first use: absent reads as 0, so its first appearance gives a rate', () => {
  const withoutProduce = (text: string) => text.split('\n').filter((l) => !l.includes('request="Produce"')).join('\n');
  const d = new BrokerValueDeriver();
  // A fresh broker: no Produce request yet, so no RequestsPerSec{request="Produce"} series.
  const fresh = d.derive(readJmxExporter(parsePromText(withoutProduce(local(1000, 5e9, 0.4)))), 10_000);
  assert.equal(fresh['produce_requests_per_sec'], undefined, 'absent, not invented');
  const still = d.derive(readJmxExporter(parsePromText(withoutProduce(local(1000, 5e9, 0.4)))), 11_000);
  assert.equal(still['produce_requests_per_sec'], undefined);
  // 2 s later the meter exists with 150 requests: 75 per second since it was last known absent.
  const first = d.derive(readJmxExporter(parsePromText(local(1000, 5e9, 0.4))), 13_000);
  assert.equal(first['produce_requests_per_sec'], 75);
  // Seen, then missing from one scrape, then back: no rate for the gap, no spike after it.
  assert.equal(d.derive(readJmxExporter(parsePromText(withoutProduce(local(1000, 5e9, 0.4)))), 14_000)['produce_requests_per_sec'], undefined);
  assert.equal(d.derive(readJmxExporter(parsePromText(local(1000, 5e9, 0.4))), 15_000)['produce_requests_per_sec'], 0);
});

test('jmx_exporter example config 0.x names (kafka-2_0_0.yml)', () => {
  const text = `
jvm_memory_bytes_used{area="heap"} 3.0E8
jvm_memory_bytes_committed{area="heap"} 5.0E8
jvm_memory_bytes_max{area="heap"} 1.0E9
kafka_server_brokertopicmetrics_bytesin_total{topic="a"} 100
kafka_server_brokertopicmetrics_bytesin_total{topic="b"} 50
kafka_server_kafkarequesthandlerpool_requesthandleravgidlepercent_count 7e9
kafka_network_requestmetrics_requests_total{request="Produce",version="7"} 9
`;
  const r = readJmxExporter(parsePromText(text, ALIAS_SAMPLE_NAMES));
  assert.equal(r.gauges['heap_used_bytes'], 3e8);
  assert.equal(r.gauges['heap_committed_bytes'], 5e8);
  assert.equal(r.gauges['heap_max_bytes'], 1e9);
  assert.equal(r.counters.bytes_in, 150, 'per-topic series summed when there is no broker-wide one');
  assert.equal(r.counters.request_handler_idle_ns, 7e9);
  assert.equal(r.counters.produce_requests, 9);
});

test('Strimzi names: idle percent count and network idle with _percent', () => {
  const text = `
kafka_server_kafkarequesthandlerpool_requesthandleravgidle_percent 0.99
kafka_server_kafkarequesthandlerpool_requesthandleravgidlepercent_count 3e12
kafka_network_socketserver_networkprocessoravgidle_percent 0.5
kafka_server_replicamanager_isrexpands_total 4
`;
  const r = readJmxExporter(parsePromText(text, ALIAS_SAMPLE_NAMES));
  assert.equal(r.counters.request_handler_idle_ns, 3e12, 'the count, never the MeanRate gauge');
  assert.equal(r.gauges['request_handler_idle_ratio'], undefined);
  assert.equal(r.gauges['network_processor_idle_ratio'], 0.5);
  assert.equal(r.counters.isr_expands, 4);
});

test('Confluent names: counts without suffix; the _total idle series is a OneMinuteRate gauge', () => {
  const text = `
kafka_server_brokertopicmetrics_bytesinpersec 4096
kafka_server_brokertopicmetrics_bytesinpersec{topic="a"} 4000
kafka_server_kafkarequesthandlerpool_requesthandleravgidlepercent_total 0.42
kafka_network_requestmetrics_requestspersec{request="Produce",version="9"} 11
kafka_network_requestmetrics_requestspersec{request="FetchConsumer",version="13"} 12
kafka_server_replicamanager_isrshrinkspersec 3
`;
  const r = readJmxExporter(parsePromText(text, ALIAS_SAMPLE_NAMES));
  assert.equal(r.counters.bytes_in, 4096, 'broker-wide series preferred');
  assert.equal(r.gauges['request_handler_idle_ratio'], 0.42);
  assert.equal(r.counters.request_handler_idle_ns, undefined);
  assert.equal(r.counters.produce_requests, 11);
  assert.equal(r.counters.fetch_requests, 12);
  assert.equal(r.counters.isr_shrinks, 3);
  const v = new BrokerValueDeriver().derive(r, 0);
  assert.equal(v['request_handler_idle_ratio'], 0.42, 'OneMinuteRate used as is when no count exists');
});

test('nothing known: empty reading', () => {
  const r = readJmxExporter(parsePromText('foo_bar 1\n', ALIAS_SAMPLE_NAMES));
  assert.deepEqual(r, { gauges: {}, counters: {} });
});
