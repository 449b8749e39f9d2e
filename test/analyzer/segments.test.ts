/**
 * A merged record's generators are judged one segment at a time: the host, process and client
 * samples of N machines are not one series. Two synthetic segment records, one with a pegged
 * worker thread and one calm, are joined the way `mqload merge` tags them; the analysis finds the
 * pegged generator once and names its segment, and the calm one is not blamed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticRecord } from '../helpers/synthetic-record.js';
import { analyze } from '../../src/analyzer/analyze.js';
import { segmentIndexes, segmentWindow } from '../../src/analyzer/segments.js';
import { contextOf } from '../../src/analyzer/analyze.js';
import { GENERATOR_SOURCES, SEGMENT_LABEL, ownInstance, segmentInstance } from '../../src/record/segment.js';
import type { RunRecord } from '../../src/record/reader.js';
import type { Sample } from '../../src/record/format.js';

const hotCore = { maxCorePercent: 130, hostCpuPercent: 40 };
const calm = syntheticRecord({ seed: 1, processInstances: { 'all-threads': { cpuPercent: 60 }, coordinator: { cpuPercent: 20 }, 'worker-0': { cpuPercent: 40 } } });
const pegged = syntheticRecord({ seed: 2, ...hotCore, processInstances: { 'all-threads': { cpuPercent: 140 }, coordinator: { cpuPercent: 30 }, 'worker-0': { cpuPercent: 99 } } });

/** The samples of segment `k` as the merge keeps them. */
function tagged(record: RunRecord, k: number): Sample[] {
  return record.samples.map((x) => (GENERATOR_SOURCES.has(x.source) ? { ...x, instance: segmentInstance(k, x.source, x.instance), labels: { ...x.labels, [SEGMENT_LABEL]: String(k) } } : x));
}

/** Segment 1 calm, segment 2 pegged; broker-side samples once (segment 1's). */
function merged(): RunRecord {
  const brokerSide = calm.samples.filter((x) => !GENERATOR_SOURCES.has(x.source));
  const generator = [...tagged(calm, 1), ...tagged(pegged, 2)].filter((x) => GENERATOR_SOURCES.has(x.source));
  return { ...calm, samples: [...brokerSide, ...generator].sort((a, b) => a.t - b.t) };
}

test('instances survive the merge tag and come back', () => {
  for (const [source, instance] of [['process', 'worker-0'], ['host', undefined], ['client', 'p1']] as const) {
    assert.equal(ownInstance(3, source, segmentInstance(3, source, instance)), instance);
  }
  assert.equal(ownInstance(2, 'process', 's3/worker-0'), 's3/worker-0', 'another segment’s instance is left alone');
});

test('a segment window holds that segment’s generator samples, restored, and the broker’s', () => {
  const record = merged();
  assert.deepEqual(segmentIndexes(record.samples), [1, 2]);
  assert.deepEqual(segmentIndexes(calm.samples), [], 'a record of one run has no segments');
  const w = segmentWindow(contextOf(record).window, 2);
  const own = contextOf(pegged).window.samples.filter((x) => GENERATOR_SOURCES.has(x.source));
  assert.deepEqual(w.samples.filter((x) => GENERATOR_SOURCES.has(x.source)), own);
  assert.equal(w.samples.filter((x) => !GENERATOR_SOURCES.has(x.source)).length, contextOf(calm).window.samples.filter((x) => !GENERATOR_SOURCES.has(x.source)).length);
});

test('the merged analysis names the one saturated segment', () => {
  const alone = analyze(pegged).findings.filter((f) => f.id === 'generator-process-cpu');
  assert.equal(alone.length, 1, 'the pegged record on its own has the finding');
  const f = analyze(merged());
  const gen = f.findings.filter((x) => x.id === 'generator-process-cpu');
  assert.equal(gen.length, 1, JSON.stringify(f.findings.map((x) => x.title)));
  assert.equal(gen[0]!.segment, 2);
  assert.match(gen[0]!.title, /^Segment 2: /);
  assert.deepEqual(gen[0]!.evidence, alone[0]!.evidence, 'judged on segment 2’s own samples');
  assert.ok(f.ok.includes('generator-process-cpu (segment 1)'), f.ok.join(', '));
  assert.ok(!f.ok.includes('generator-process-cpu'), 'the per-generator rule does not also run on the mixed samples');
});
