/**
 * A run whose one-way sends were emulated (RocketMQ: the driver declares `nativeOneWay: false`)
 * says so in the report, in markdown and html; a one-way run on a broker with a native
 * fire-and-forget send (Kafka acks 0) and an async RocketMQ run say nothing of it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFixture } from './fixtures.js';
import { renderReport } from '../../src/reports/index.js';
import { rocketmqCapabilities } from '../../src/drivers/rocketmq/driver.js';
import { LEGACY_KAFKA_CAPABILITIES } from '../../src/record/migrate.js';
import type { ReportInput } from '../../src/reports/input.js';
import type { BrokerFacts } from '../../src/record/format.js';
import type { SendModeName } from '../../src/profile/schema.js';

function recordOf(broker: BrokerFacts, mode: SendModeName): ReportInput {
  const base = buildFixture({ fault: false, withFindings: false });
  assert.ok(base.profile);
  return { ...base, profile: { ...base.profile, producers: { ...base.profile.producers, mode } }, broker };
}

const ROCKETMQ: BrokerFacts = { kind: 'rocketmq', capabilities: rocketmqCapabilities() };
const KAFKA: BrokerFacts = { kind: 'kafka', capabilities: LEGACY_KAFKA_CAPABILITIES };

for (const format of ['md', 'html'] as const) {
  test(`${format}: emulated one-way sends are named in the report`, async () => {
    const out = await renderReport(recordOf(ROCKETMQ, 'oneway'), format);
    assert.match(out, /One-way sends were emulated: rocketmq has no fire-and-forget send/);
    assert.match(out, /only delivery verification tells what arrived/);
  });
}

test('native one-way (Kafka) and async RocketMQ runs carry no emulation note', async () => {
  assert.doesNotMatch(await renderReport(recordOf(KAFKA, 'oneway'), 'md'), /emulated/);
  assert.doesNotMatch(await renderReport(recordOf(ROCKETMQ, 'async'), 'md'), /emulated/);
});
