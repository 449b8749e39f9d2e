/** Scaling estimates: the Cruise Control formula and partitions/consumers from measured rates. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ccBrokersToAdd, consumersNeeded } from '../../src/analyzer/scaling.js';
import { analyze } from '../../src/analyzer/analyze.js';
import { syntheticRecord } from '../helpers/synthetic-record.js';

test('Cruise Control brokers to add: ceil((U − C·t) / (c·t)), 0 when within capacity', () => {
  assert.equal(ccBrokersToAdd(1.4, 2, 1, 0.7), 0); // exactly at the threshold
  assert.equal(ccBrokersToAdd(1.0, 2, 1, 0.7), 0);
  assert.equal(ccBrokersToAdd(2.1, 2, 1, 0.7), 1); // (2.1 − 1.4) / 0.7 = 1
  assert.equal(ccBrokersToAdd(3.0, 2, 1, 0.7), 3); // 2.29 → 3
  assert.equal(ccBrokersToAdd(25, 32, 8, 0.7), 1); // in cores: 4 brokers × 8 cores, 25 busy → (25 − 22.4) / 5.6 → 1
});

test('consumers needed rounds up and is at least 1', () => {
  assert.equal(consumersNeeded(1000, 225), 5);
  assert.equal(consumersNeeded(1000, 250), 4);
  assert.equal(consumersNeeded(10, 1000), 1);
});

test('lagging consumers: consumers and partitions from the per-consumer rate', () => {
  // 1000 msg/s produced; consumers take 900 msg/s over 4 consumers = 225 each → 5.
  const s = analyze(syntheticRecord({ lagSlopePerSec: 100 })).scaling!;
  assert.equal(s.targetRatePerSec, 1000);
  assert.equal(s.inputs.perConsumerRate, 225);
  assert.equal(s.consumersNeeded, 5);
  assert.equal(s.partitionsNeeded, 5);
  assert.ok(s.notes.some((n) => /lower bound/.test(n)), 'the produce side is a lower bound');
});

test('broker-limited produce rate: partitions from the per-partition rate, brokers from CPU', () => {
  // 500 of 1000 msg/s on 8 partitions → 62.5 msg/s per partition → 16; CPU 95 % at half the target → U = 1.9 on 1 broker → +2.
  const s = analyze(syntheticRecord({ achievedShare: 0.5, brokerCpuPercent: 95 })).scaling!;
  assert.equal(s.inputs.perPartitionProduceRate, 62.5);
  assert.equal(s.partitionsNeeded, 16);
  assert.equal(s.inputs.brokerCpuUtilisationAtTarget, 1.9);
  assert.equal(s.brokersNeeded, 3);
});

test('a generator-limited run does not use the produce rate as partition capacity', () => {
  const s = analyze(syntheticRecord({ achievedShare: 0.5, eventLoopP99Ms: 200 })).scaling!;
  assert.equal(s.partitionsNeeded, undefined);
  assert.ok(s.notes.some((n) => /load generator limited/.test(n)));
});

test('processing delay gives the per-consumer capacity when consumers keep up', () => {
  // delay 1 ms → 1000 msg/s per consumer → 1 consumer for 1000 msg/s.
  const s = analyze(syntheticRecord({ consumers: { groups: 1, perGroup: 4, delayMs: 1 } })).scaling!;
  assert.equal(s.inputs.perConsumerCapacity, 1000);
  assert.equal(s.consumersNeeded, 1);
});

test('max-throughput: the target is the achieved rate; brokers within capacity', () => {
  const s = analyze(syntheticRecord({ targetRate: null, brokerCpuPercent: 50 })).scaling!;
  assert.equal(s.inputs.targetFrom, 'achieved rate (max-throughput)');
  assert.equal(s.targetRatePerSec, 1000);
  assert.equal(s.brokersNeeded, 1);
  assert.ok(s.notes.some((n) => /network: broker NIC utilisation/.test(n)), 'network headroom judged from the NIC link speed');
});

test('no broker CPU: brokers not estimated, and the notes say why', () => {
  const s = analyze(syntheticRecord({ collectors: { node: false } })).scaling!;
  assert.equal(s.brokersNeeded, undefined);
  assert.ok(s.notes.some((n) => /no broker CPU samples/.test(n)));
});
