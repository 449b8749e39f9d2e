/**
 * `mqload tune`'s logic on hand-made inputs: the objective's syntax, applying actions to a copy
 * of a profile, the keep/revert decision under the noise rule, the loop's choice of change, its
 * stop reasons and the local broker given back its settings, and the report's step table and
 * profile diff. The loop against the real local Kafka is in `tune-planted.test.ts`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseObjective, objectiveThresholds, objectiveMet, objectiveFigures } from '../../src/tune/objective.js';
import { applyActions, pathKeys } from '../../src/tune/apply.js';
import { decideStep } from '../../src/tune/decide.js';
import { runTune, type StepRun } from '../../src/tune/loop.js';
import { renderTuneMarkdown, profileDiff } from '../../src/reports/tune.js';
import { compareFigures, type KeyFigure } from '../../src/reports/compare.js';
import { validateProfile } from '../../src/profile/validate.js';
import type { Profile } from '../../src/profile/schema.js';
import type { Finding, FindingAction, FindingsFile } from '../../src/analyzer/finding-types.js';
import type { RunSummary, ThresholdResult } from '../../src/record/summary.js';
import { MqloadError } from '../../src/errors.js';

function profile(): Profile {
  const v = validateProfile(
    {
      name: 'tune-test',
      driver: { type: 'kafka', brokers: ['127.0.0.1:9092'], config: {} },
      topics: [{ name: 't', partitions: 4 }],
      message: { size: 100 },
      producers: { count: 1, mode: 'async', acks: 'all', batch: { maxRecords: 1, lingerMs: 0 } },
      consumers: { groups: 1, perGroup: 2 },
      load: { phases: [{ executor: 'constant-arrival-rate', rate: 300, duration: '10s' }] },
      thresholds: { lost_messages: ['count==0'] },
    },
    'test',
  );
  assert.ok(v.profile, JSON.stringify(v.problems));
  return v.profile;
}

test('objective: throughput shorthand, bare latency per consumers, named metric terms; bad terms exit 2 naming the flag', () => {
  const t = parseObjective('throughput>=50000, p(99)<50', true);
  assert.deepEqual(t.map((x) => [x.metric, x.expression, x.figure, x.better]), [
    ['throughput', 'rate>=50000', 'throughput', 'higher'],
    ['e2e_latency', 'p(99)<50', 'e2e-p99', 'lower'],
  ]);
  assert.equal(parseObjective('p(99.9)<50', false)[0]!.metric, 'publish_latency', 'no consumers: bare latency is publish latency');
  assert.equal(parseObjective('p(99.9)<50', false)[0]!.figure, 'publish-p999');
  assert.deepEqual(parseObjective('dropped_sends:count==0', true).map((x) => [x.metric, x.figure]), [['dropped_sends', null]]);
  for (const bad of ['', 'throughput>=', 'p99<50', 'latency:p(99)<5', 'throughput:p(99)<5', 'a,,b']) {
    assert.throws(() => parseObjective(bad, true), (e: unknown) => e instanceof MqloadError && e.exitCode === 2 && /--objective/.test(e.message), bad);
  }
  assert.deepEqual(objectiveThresholds(t, { e2e_latency: ['p(99)<50'], lost_messages: ['count==0'] }), {
    e2e_latency: ['p(99)<50'],
    lost_messages: ['count==0'],
    throughput: ['rate>=50000'],
  });
  const results: ThresholdResult[] = [
    { metric: 'throughput', expression: 'rate>=50000', actual: 51000, ok: true },
    { metric: 'e2e_latency', expression: 'p(99)<50', actual: 70, ok: false },
  ];
  const lat = (p99: number) => ({ count: 10, mean: 1, min: 0.1, p50: 1, p90: 2, p99, p999: p99, max: p99 });
  const summary = (thresholds: ThresholdResult[], rate = 51000, e2eP99 = 70) => ({ thresholds, produce: { ratePerSec: rate }, latencyMs: { publish: lat(5), publishDelay: null, e2e: lat(e2eP99) } }) as unknown as RunSummary;
  assert.equal(objectiveMet(t, summary(results)), false);
  assert.equal(objectiveMet(t, summary(results.map((r) => ({ ...r, ok: true })))), true);
  assert.equal(objectiveMet([], summary([])), false, 'no objective is never "met"');
  // A run that did not carry the objective as thresholds (--baseline) is judged from its summary.
  assert.equal(objectiveMet(t, summary([], 51000, 40)), true);
  assert.equal(objectiveMet(t, summary([], 49000, 40)), false);
  assert.equal(objectiveMet(parseObjective('dropped_sends:count==0', true), summary([])), false, 'not in the summary: unknown, so not met');
  assert.deepEqual(objectiveFigures([]), ['throughput', 'publish-p99', 'e2e-p99']);
});

test('apply: profile paths (a client property under driver.config is one key), topic partitions, broker settings only on the local broker, schema refusals', () => {
  assert.deepEqual(pathKeys('driver.config.linger.ms'), ['driver', 'config', 'linger.ms']);
  const p = profile();
  const actions: FindingAction[] = [
    { target: 'profile', path: 'consumers.perGroup', from: 2, to: 6, why: 'w' },
    { target: 'topic', name: 't', setting: 'partitions', from: 4, to: 6, why: 'w' },
    { target: 'profile', path: 'driver.config.linger.ms', from: null, to: 20, why: 'w' },
  ];
  const a = applyActions(p, actions, false);
  assert.ok(!('reason' in a), JSON.stringify(a));
  assert.equal(a.profile.consumers?.perGroup, 6);
  assert.equal(a.profile.topics[0]!.partitions, 6);
  assert.equal(a.profile.driver.config?.['linger.ms'], 20);
  assert.deepEqual(a.broker, {});
  assert.equal(p.consumers?.perGroup, 2, 'the original is not touched');
  const heap: FindingAction = { target: 'local-broker', property: 'heap', from: '1g', to: '2g', why: 'w' };
  assert.match((applyActions(p, [heap], false) as { reason: string }).reason, /not the local broker/);
  assert.deepEqual((applyActions(p, [heap], true) as { broker: object }).broker, { heap: '2g' });
  assert.match((applyActions(p, [{ ...actions[1]!, name: 'other' } as FindingAction], true) as { reason: string }).reason, /not one of the profile's topics/);
  assert.match((applyActions(p, [{ target: 'profile', path: 'consumers.perGroup', from: 2, to: 5000, why: 'w' }], true) as { reason: string }).reason, /not valid: \/consumers\/perGroup/);
  assert.match((applyActions(p, [], true) as { reason: string }).reason, /advice only/);
});

const fig = (id: string, value: number, noise: number, better: 'higher' | 'lower' = 'lower'): KeyFigure => ({ id, label: id, unit: id === 'throughput' ? 'msg/s' : 'ms', better, gates: true, value, noise, intervalCv: noise, intervals: 10 });

test('decide: kept when the target clears or an objective figure improves beyond noise; reverted otherwise or when it breaks a met objective', () => {
  const before = [fig('throughput', 1000, 0.01, 'higher'), fig('e2e-p99', 200, 0.05)];
  const rows = (tp: number, e2e: number) => compareFigures(before, [fig('throughput', tp, 0.01, 'higher'), fig('e2e-p99', e2e, 0.05)], { minChange: 0.05, failOnRegression: null });
  const base = { targetId: 'consumer-lag-growing', objectiveFigures: ['throughput', 'e2e-p99'], metBefore: null, metAfter: null, status: 'completed' };
  const cleared = decideStep({ ...base, findingsAfter: ['consumer-processing-bound'], comparison: rows(1000, 190) });
  assert.equal(cleared.decision, 'kept');
  assert.match(cleared.reasons.join('; '), /consumer-lag-growing cleared.*within noise/);
  const improved = decideStep({ ...base, findingsAfter: ['consumer-lag-growing'], comparison: rows(1000, 100) });
  assert.equal(improved.decision, 'kept');
  assert.match(improved.reasons.join('; '), /better beyond noise: e2e-p99 200 ms → 100 ms \(−50 %, noise band ±14\.1 %\)/);
  const within = decideStep({ ...base, findingsAfter: ['consumer-lag-growing'], comparison: rows(1010, 195) });
  assert.equal(within.decision, 'reverted', 'a change inside the noise band is not an improvement');
  assert.match(within.reasons.join('; '), /still found; throughput, e2e-p99 within noise/);
  assert.equal(decideStep({ ...base, findingsAfter: [], comparison: rows(1000, 190), metBefore: true, metAfter: false }).decision, 'reverted', 'it broke the objective');
  assert.equal(decideStep({ ...base, findingsAfter: [], comparison: [], status: 'interrupted' }).decision, 'incomplete');
});

// --- the loop, on scripted runs --------------------------------------------------------------

const CATEGORY: Record<string, Finding['category']> = { 'jvm-heap-pressure': 'broker-jvm', 'jvm-gc-time': 'broker-jvm', 'tiny-batches': 'client-batching', 'generator-host-cpu': 'load-generator' };

function finding(id: string, actions: FindingAction[] | undefined, severity: Finding['severity'] = 'warning'): Finding {
  return { id, category: CATEGORY[id] ?? 'consumer-lag', severity, title: `${id} title`, evidence: [], recommendation: '', confidence: 'medium', ...(actions ? { actions } : {}) };
}

function run(findings: Finding[], e2eP99: number, thresholds: ThresholdResult[] = [], status: RunSummary['status'] = 'completed'): StepRun {
  const f: FindingsFile = { schemaVersion: '1', runId: 'r', primary: findings[0]?.id ?? null, verdict: findings.length ? 'bottleneck' : 'healthy', headline: '', window: { from: 0, to: 10 }, findings, insufficient: [], ok: [] };
  const summary = { status, thresholds, produce: { ratePerSec: 300 } } as unknown as RunSummary;
  return { summary, findings: f, key: [fig('throughput', 300, 0.01, 'higher'), fig('e2e-p99', e2eP99, 0.05), fig('publish-p99', 20, 0.05)], table: { throughput: 300, publishP99: 20, e2eP99, lagAtLoadEnd: null, gcTimeShare: null } };
}

/** A local broker control that records its restarts. */
function fakeBroker(heap: string) {
  const restarts: string[] = [];
  let now = heap;
  return {
    restarts,
    control: {
      current: () => ({ heap: now }),
      restartWith: async (c: { heap?: string }) => {
        now = c.heap ?? now;
        restarts.push(now);
        return { pid: 1, bootstrap: '127.0.0.1:9092' };
      },
    },
  };
}

test('loop: applies the primary finding\'s actions, keeps what clears it, skips advice-only findings, stops when nothing applicable remains', async () => {
  const lagAction: FindingAction[] = [{ target: 'profile', path: 'consumers.perGroup', from: 2, to: 6, why: 'w' }];
  const runs = [run([finding('generator-host-cpu', undefined), finding('consumer-lag-growing', lagAction)], 20_000), run([finding('consumer-processing-bound', undefined)], 300)];
  const profiles: Profile[] = [];
  const r = await runTune(profile(), { maxSteps: 5, objective: [], minChange: 0.05 }, {
    broker: null,
    dirFor: (i, l) => `d${i}-${l}`,
    runStep: async (p) => {
      profiles.push(p);
      return runs.shift()!;
    },
  });
  assert.deepEqual(r.steps.map((s) => [s.index, s.decision, s.dir]), [[0, 'baseline', 'd0-baseline'], [1, 'kept', 'd1-consumer-lag-growing']]);
  assert.equal(profiles[1]!.consumers?.perGroup, 6, 'the second run has the change');
  assert.deepEqual(r.skipped.map((k) => [k.stepIndex, k.finding.id]), [[1, 'generator-host-cpu'], [2, 'consumer-processing-bound']]);
  assert.match(r.stoppedBecause, /nothing applicable remains/);
  assert.equal(r.bestStep, 1);
  assert.equal(r.finalProfile.consumers?.perGroup, 6);
  const md = renderTuneMarkdown(r);
  assert.match(md, /\| 1 \| consumer-lag-growing: consumers\.perGroup 2 → 6 \| 300 msg\/s \(0 % ±5 %\) \|/);
  assert.match(md, /## Advice mqload did not apply[\s\S]*generator-host-cpu/);
  assert.match(profileDiff(r), /-  perGroup: 2\n\+  perGroup: 6/);
});

test('loop: a change that does not help is reverted and the broker given back its heap; the next change starts from the best profile', async () => {
  const heap: FindingAction[] = [{ target: 'local-broker', property: 'heap', from: '1g', to: '2g', why: 'w' }];
  const linger: FindingAction[] = [{ target: 'profile', path: 'producers.batch.lingerMs', from: 0, to: 20, why: 'w' }];
  const runs = [run([finding('jvm-heap-pressure', heap), finding('tiny-batches', linger)], 200), run([finding('jvm-heap-pressure', heap), finding('tiny-batches', linger)], 201), run([finding('jvm-heap-pressure', heap)], 120)];
  const b = fakeBroker('1g');
  const profiles: Profile[] = [];
  const r = await runTune(profile(), { maxSteps: 2, objective: [], minChange: 0.05 }, {
    broker: b.control,
    dirFor: (i) => `d${i}`,
    runStep: async (p) => {
      profiles.push(p);
      return runs.shift()!;
    },
  });
  assert.deepEqual(r.steps.map((s) => s.decision), ['baseline', 'reverted', 'kept']);
  assert.deepEqual(r.steps[1]!.broker, { heap: '2g' });
  assert.deepEqual(b.restarts, ['2g', '1g'], 'up with 2g for step 1, back to 1g after the revert');
  assert.equal(profiles[2]!.producers.batch?.lingerMs, 20);
  assert.match(r.stoppedBecause, /2 tuning steps run/);
  assert.deepEqual(r.brokerSettings, { original: { heap: '1g' }, kept: {} });
  assert.match(renderTuneMarkdown(r), /\| 1 \| jvm-heap-pressure: local broker heap 1g → 2g \|[^\n]*\| reverted \| jvm-heap-pressure is still found; publish-p99 within noise \|/, 'a heap change is judged on GC time and publish latency');
});

test('loop: stops once the objective is met, and a kept broker setting is reported while the broker is given back its own', async () => {
  const heap: FindingAction[] = [{ target: 'local-broker', property: 'heap', from: '1g', to: '2g', why: 'w' }];
  const objective = parseObjective('p(99)<150', true);
  const miss = [{ metric: 'e2e_latency', expression: 'p(99)<150', actual: 300, ok: false }];
  const hit = [{ metric: 'e2e_latency', expression: 'p(99)<150', actual: 100, ok: true }];
  const runs = [run([finding('jvm-heap-pressure', heap)], 300, miss), run([finding('jvm-gc-time', undefined)], 100, hit)];
  const b = fakeBroker('1g');
  const profiles: Profile[] = [];
  const r = await runTune(profile(), { maxSteps: 5, objective, minChange: 0.05 }, {
    broker: b.control,
    dirFor: (i) => `d${i}`,
    runStep: async (p) => {
      profiles.push(p);
      return runs.shift()!;
    },
  });
  assert.deepEqual(profiles[0]!.thresholds, { lost_messages: ['count==0'], e2e_latency: ['p(99)<150'] }, 'the objective runs as thresholds');
  assert.deepEqual(r.steps.map((s) => [s.decision, s.objectiveMet]), [['baseline', false], ['kept', true]]);
  assert.match(r.stoppedBecause, /objective is met \(step 1\)/);
  assert.equal(r.objectiveMet, true);
  assert.deepEqual(b.restarts, ['2g', '1g'], 'given back its heap at the end');
  assert.deepEqual(r.brokerSettings.kept, { heap: '2g' });
  assert.match(renderTuneMarkdown(r), /broker JVM heap 1g → 2g/);
});

test('loop: an interrupted step ends the loop with no decision', async () => {
  const runs = [run([finding('consumer-lag-growing', [{ target: 'profile', path: 'consumers.perGroup', from: 2, to: 6, why: 'w' }])], 200), run([], 0, [], 'interrupted')];
  const r = await runTune(profile(), { maxSteps: 5, objective: [], minChange: 0.05 }, { broker: null, dirFor: (i) => `d${i}`, runStep: async () => runs.shift()! });
  assert.deepEqual(r.steps.map((s) => s.decision), ['baseline', 'incomplete']);
  assert.equal(r.stoppedBecause, 'interrupted');
  assert.equal(r.bestStep, 0);
});
