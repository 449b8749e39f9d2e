/**
 * Pure parts of the RocketMQ driver, no broker: the shipped profiles validate and load with the
 * driver's defaults; the remoting frame encodes and decodes; fastjson's object-keyed consume
 * stats parse; the message queue is read from a receipt handle; headers round-trip byte for byte;
 * the broker config's flush and replication mode; send failures grouped by kind; one Jolokia agent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { validateOne } from '../../src/cli/validate.js';
import { loadProfile } from '../../src/profile/load.js';
import { decodeFrame, encodeRequest, parseConsumeStats } from '../../src/drivers/rocketmq/remoting.js';
import { queueIdOf } from '../../src/drivers/rocketmq/consumer.js';
import { headerBytes, headerText } from '../../src/drivers/rocketmq/client.js';
import { capabilitiesOf } from '../../src/drivers/index.js';
import { readRocketmq } from '../../src/collectors/rocketmq/index.js';
import { parsePromText } from '../../src/collectors/prom-text.js';
import { durabilityValues } from '../../src/collectors/rocketmq/prometheus.js';
import { parseProperties } from '../../src/drivers/rocketmq/admin.js';
import { sendFailure } from '../../src/drivers/rocketmq/producer.js';
import { pomProperty } from '../../src/local/paths.js';
import { rocketmqPaths } from '../../src/local/rocketmq/paths.js';

const DIR = 'profiles/rocketmq';

test('shipped RocketMQ profiles validate, load as rocketmq with the local gRPC endpoint, and the driver declares one-way as emulated', async () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));
  assert.ok(files.length >= 5, files.join(', '));
  for (const f of files) {
    const o = await validateOne(`${DIR}/${f}`);
    assert.equal(o.exitCode, 0, `${f}: ${o.lines.join('\n')}`);
    const p = await loadProfile(`${DIR}/${f}`);
    assert.equal(p.driver.type, 'rocketmq');
    assert.deepEqual(capabilitiesOf({ type: 'rocketmq', brokers: [] }).nativeOneWay, false);
  }
  assert.ok(files.includes('send-modes-oneway.yaml') && files.includes('slow-consumers-backlog.yaml'));
});

test('remoting frame: request encodes length, JSON serialize type and header; a response decodes', () => {
  const body = Buffer.from('{"a":1}');
  const f = encodeRequest(17, 42, { topic: 't' }, body);
  assert.equal(f.readUInt32BE(0), f.length - 4);
  const headerLength = f.readUInt32BE(4);
  assert.equal(headerLength >>> 24, 0, 'JSON');
  const header = JSON.parse(f.subarray(8, 8 + headerLength).toString()) as { code: number; opaque: number; extFields: Record<string, string> };
  assert.deepEqual([header.code, header.opaque, header.extFields['topic']], [17, 42, 't']);
  const decoded = decodeFrame(f.subarray(4));
  assert.equal(decoded.code, 17);
  assert.equal(decoded.body.toString(), '{"a":1}');
});

test('consume stats: fastjson object keys parse per queue; other topics are kept for the caller to filter', () => {
  const text = '{"consumeTps":0.0,"offsetTable":{{"brokerName":"b","queueId":1,"topic":"t"}:{"brokerOffset":10,"consumerOffset":4,"lastTimestamp":0,"pullOffset":4},{"brokerName":"b","queueId":0,"topic":"%RETRY%g_t"}:{"brokerOffset":3,"consumerOffset":3,"lastTimestamp":0,"pullOffset":3}}}';
  assert.deepEqual(parseConsumeStats(Buffer.from(text)), [
    { topic: 't', queueId: 1, brokerOffset: 10, consumerOffset: 4 },
    { topic: '%RETRY%g_t', queueId: 0, brokerOffset: 3, consumerOffset: 3 },
  ]);
});

test('receipt handle: the message queue is its 7th field; anything else reads queue 0', () => {
  assert.equal(queueIdOf('2 1796220378828 10000 6 0 mqload-broker 3 2 24770837'), 3);
  assert.equal(queueIdOf('opaque'), 0);
});

test('headers round-trip through latin-1 properties byte for byte', () => {
  const b = Buffer.from([0, 1, 127, 128, 200, 255]);
  assert.deepEqual(headerBytes(headerText(b)), b);
});

test('rocketmq exporter reading: group gauges by group and topic, system series left out, broker watermarks and put/get totals', () => {
  const text = [
    'rocketmq_consumer_lag_messages{consumer_group="g",topic="t",is_retry="false",is_system="false"} 5.0',
    'rocketmq_consumer_inflight_messages{consumer_group="g",topic="t",is_retry="false",is_system="false"} 2.0',
    'rocketmq_consumer_lag_messages{consumer_group="CID_RMQ_SYS",topic="x",is_retry="false",is_system="true"} 9.0',
    'rocketmq_messages_in_total{topic="t",is_system="false"} 100.0',
    'rocketmq_messages_in_total{topic="t2",is_system="false"} 50.0',
    'rocketmq_messages_out_total{topic="t",is_system="false"} 40.0',
    'rocketmq_processor_watermark{processor="send"} 3.0',
    'rocketmq_storage_flush_behind_bytes 1024.0',
  ].join('\n');
  const r = readRocketmq(parsePromText(text));
  assert.deepEqual(r.groups, [{ group: 'g', topic: 't', values: { consumer_lag_messages: 5, consumer_inflight_messages: 2 } }]);
  assert.equal(r.putTotal, 150);
  assert.equal(r.getTotal, 40);
  assert.deepEqual(r.broker, { flush_behind_bytes: 1024, send_queue_watermark: 3 });
});

test('broker config: properties parse; flush and replication mode become the collector\'s durability values', () => {
  const config = parseProperties('#comment\nflushDiskType=SYNC_FLUSH\nbrokerRole=ASYNC_MASTER\nmsgTraceTopicName=RMQ_SYS_TRACE_TOPIC\nempty=\n');
  assert.equal(config['flushDiskType'], 'SYNC_FLUSH');
  assert.equal(config['empty'], '');
  assert.equal(config['#comment'], undefined);
  assert.deepEqual(durabilityValues(config), { sync_flush: 1, sync_replication: 0 });
  assert.deepEqual(durabilityValues({ flushDiskType: 'ASYNC_FLUSH', brokerRole: 'SYNC_MASTER' }), { sync_flush: 0, sync_replication: 1 });
  assert.deepEqual(durabilityValues({}), {}, 'nothing read, nothing claimed');
});

test('a send failure is recorded without its request id, flow-control figures masked, so equal failures are one kind', () => {
  const a = sendFailure(new Error('[request-id=0A1B, response-code=42900] [TIMEOUT_CLEAN_QUEUE]broker busy, start flow control for a while, period in queue: 201ms, size of queue: 12'));
  const b = sendFailure(new Error('[request-id=FF00, response-code=42900] [TIMEOUT_CLEAN_QUEUE]broker busy, start flow control for a while, period in queue: 350ms, size of queue: 7'));
  assert.equal(a.message, '[response-code=42900] [TIMEOUT_CLEAN_QUEUE]broker busy, start flow control for a while, period in queue: Nms, size of queue: N');
  assert.equal(a.message, b.message);
  assert.equal(sendFailure('plain').message, 'plain');
});

test('the local RocketMQ and ActiveMQ load the same pinned Jolokia agent', () => {
  const version = (pom: string) => pomProperty(pom, 'jolokia.version');
  assert.equal(version('local/rocketmq/pom.xml'), version('local/activemq/pom.xml'));
  assert.match(rocketmqPaths().jolokiaAgent, /libs\/jolokia-agent-jvm-[\d.]+-javaagent\.jar$/);
});
