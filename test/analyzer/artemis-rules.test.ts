/**
 * The Artemis rule pack on seeded synthetic Artemis records (synthetic-artemis.ts) at 0 % and
 * 20 % noise: each rule fires on its planted signal, stays quiet on the healthy baseline, and
 * says insufficient-data without the Artemis collector. Then the computed numbers of the texts
 * (consumers needed, credit window, max-size-bytes and heap), when the journal rule stays quiet,
 * and the core JVM rules on the collector's `jolokia` sample of an Artemis record.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticRecord, type SyntheticOptions } from '../helpers/synthetic-record.js';
import type { ArtemisPlant } from '../helpers/synthetic-artemis.js';
import { analyze, contextOf } from '../../src/analyzer/analyze.js';
import { ARTEMIS_PACK, CORE_PACK } from '../../src/analyzer/rules/index.js';
import type { Rule, RuleResult } from '../../src/analyzer/types.js';
import type { Finding } from '../../src/analyzer/finding-types.js';

const NOISE = [0, 0.2];
const SEEDS = [1, 42];

/** Options of an Artemis record: `plant` merged into the Artemis knobs. */
function artemis(plant: ArtemisPlant = {}, rest: SyntheticOptions = {}): SyntheticOptions {
  return { ...rest, artemis: { ...rest.artemis, ...plant } };
}

interface Case {
  fires: Array<{ opts: SyntheticOptions; id: string; severity: Finding['severity'] }>;
  healthy?: SyntheticOptions;
}

const CASES: Record<string, Case> = {
  'artemis-global-memory': {
    fires: [
      { opts: artemis({ addressMemoryPercent: 95 }), id: 'artemis-global-memory', severity: 'warning' },
      { opts: artemis({ fullFrom: 10 }), id: 'artemis-global-memory', severity: 'critical' },
    ],
  },
  'artemis-paging': {
    fires: [
      { opts: artemis({ fullFrom: 10 }), id: 'artemis-address-paging', severity: 'warning' },
      { opts: artemis({ fullFrom: 10, policy: 'BLOCK', maxSizeBytes: 10485760 }), id: 'artemis-address-full', severity: 'critical' },
      { opts: artemis({ fullFrom: 10, policy: 'DROP' }), id: 'artemis-address-full', severity: 'critical' },
    ],
  },
  'artemis-queue-growing': {
    fires: [{ opts: artemis({ depthSlopePerSec: 50, ackPerSec: 400 }), id: 'artemis-consumers-limit', severity: 'warning' }],
  },
  'artemis-credit': {
    fires: [{ opts: artemis({ prefetch: 10, delivering: 'at-credit', depthBase: 100 }), id: 'artemis-consumers-at-credit', severity: 'warning' }],
  },
  'artemis-journal': {
    // Publish p99 = 3 × 20 ms: persistent sends well above the 20 ms limit, on the default NIO journal on Linux.
    fires: [{ opts: artemis({ persistent: true }, { publishLatencyMs: 20 }), id: 'artemis-journal-nio', severity: 'warning' }],
  },
};

function evaluate(rule: Rule, opts: SyntheticOptions): RuleResult {
  return rule.evaluate(contextOf(syntheticRecord(opts)));
}

function findings(r: RuleResult): Finding[] {
  return r.status === 'issue' ? r.findings : [];
}

test('every Artemis rule has a test case', () => {
  assert.deepEqual(ARTEMIS_PACK.rules.map((r) => r.id).sort(), Object.keys(CASES).sort());
});

for (const rule of ARTEMIS_PACK.rules) {
  const c = CASES[rule.id]!;
  for (const noise of NOISE) {
    for (const seed of SEEDS) {
      test(`${rule.id}: quiet on the healthy Artemis baseline (noise ${noise}, seed ${seed})`, () => {
        const r = evaluate(rule, artemis({}, { seed, noise, ...c.healthy }));
        assert.equal(r.status, 'ok', `expected ok, got ${JSON.stringify(r).slice(0, 400)}`);
      });
      c.fires.forEach((f, i) => {
        test(`${rule.id}: fires ${f.id} (case ${i}, noise ${noise}, seed ${seed})`, () => {
          const r = evaluate(rule, { seed, noise, ...f.opts });
          const hit = findings(r).find((x) => x.id === f.id);
          assert.ok(hit, `expected ${f.id}, got ${JSON.stringify(r).slice(0, 400)}`);
          assert.equal(hit.severity, f.severity);
          for (const x of findings(r)) {
            assert.ok(x.evidence.length > 0 && x.evidence.every((e) => Number.isFinite(e.value)), 'finite evidence');
            assert.ok(!/NaN|undefined|Infinity|\[object/.test(x.title + x.recommendation), `clean text: ${x.title} / ${x.recommendation}`);
          }
        });
      });
    }
  }
  test(`${rule.id}: insufficient-data without the Artemis collector`, () => {
    const r = evaluate(rule, { ...c.fires[0]!.opts, artemis: { ...c.fires[0]!.opts.artemis, collector: false } });
    assert.equal(r.status, 'insufficient-data', JSON.stringify(r).slice(0, 300));
  });
}

const rule = (id: string): Rule => ARTEMIS_PACK.rules.find((r) => r.id === id)!;
const first = (r: RuleResult): Finding => findings(r)[0]!;

test('queue growing: consumers needed = ⌈target ÷ per-consumer acknowledged rate⌉', () => {
  // 400 msg/s acknowledged by 4 consumers → 100 msg/s each; 1000 msg/s target → 10 consumers.
  const f = first(evaluate(rule('artemis-queue-growing'), artemis({ depthSlopePerSec: 50, ackPerSec: 400 })));
  assert.match(f.recommendation, /run at least 10 consumers on `orders\.mqload-g0` \(consumers\.perGroup, now 4\)/);
  assert.match(f.recommendation, /⌈1,?000 ÷ 100⌉/);
  assert.equal(evaluate(rule('artemis-queue-growing'), artemis({ depthBase: 5000 })).status, 'ok', 'a deep but steady queue is not growing');
});

test('credit: a window of 10 at 250 msg/s per consumer and the publish round trip → a larger prefetch', () => {
  const f = first(evaluate(rule('artemis-credit'), artemis({ prefetch: 10, delivering: 'at-credit', depthBase: 100 }, { publishLatencyMs: 40 })));
  assert.match(f.title, /40 delivering of 4 × 10/);
  assert.match(f.recommendation, /Raise driver\.config\.prefetch from 10 to \d+/);
  assert.equal(evaluate(rule('artemis-credit'), artemis({ prefetch: 10, delivering: 'at-credit', depthBase: 0 })).status, 'ok', 'at the credit with nothing waiting: consumers keep up');
});

test('paging and address full: limits sized from the backlog, heap when the global limit applied', () => {
  const paging = first(evaluate(rule('artemis-paging'), artemis({ fullFrom: 10, depthBase: 200000 })));
  // 200 000 messages × 512 B = 102.4 MB; ÷ 0.8 = 128 MB global-max-size; × 2 = 256 MB heap.
  assert.match(paging.recommendation, /-Xmx ≈ 244 MiB \(global-max-size, half of the heap, becomes ≈ 122 MiB\)/);
  const full = first(evaluate(rule('artemis-paging'), artemis({ fullFrom: 10, depthBase: 200000, policy: 'FAIL', maxSizeBytes: 10485760 })));
  assert.match(full.title, /max-size-bytes 10 MiB, address-full-policy FAIL/);
  assert.match(full.recommendation, /sends are refused/);
  assert.match(full.recommendation, /raise its max-size-bytes to about 122 MiB/);
  assert.ok(!/Xmx/.test(full.recommendation), 'an own limit needs no heap');
});

test('global memory: global-max-size and heap that keep the peak at 80 %', () => {
  const f = first(evaluate(rule('artemis-global-memory'), artemis({ addressMemoryPercent: 95 })));
  // 95 % of 256 MiB = 243 MiB; ÷ 0.8 = 304 MiB; heap 608 MiB.
  assert.match(f.recommendation, /global-max-size ≈ 304 MiB: by default half of the heap, so -Xmx ≈ 608 MiB/);
});

test('an Artemis record: the core JVM rules read the collector\'s jolokia sample; healthy names no Kafka or RabbitMQ words', () => {
  const heap = CORE_PACK.rules.find((r) => r.id === 'jvm-heap')!;
  assert.ok(findings(evaluate(heap, artemis({}, { heapOldRatio: 0.9 }))).some((f) => f.id === 'jvm-heap-pressure'), 'heap pressure from the jolokia sample');
  assert.equal(evaluate(heap, artemis()).status, 'ok');
  const a = analyze(syntheticRecord(artemis({}, { seed: 3, noise: 0.05 })));
  const healthy = a.findings.find((f) => f.id === 'healthy');
  assert.ok(healthy, `healthy: ${a.findings.map((f) => f.id).join(', ')}`);
  assert.match(healthy.title + healthy.recommendation + JSON.stringify(healthy.evidence), /Artemis address memory/);
  assert.ok(!/partition|ISR|RabbitMQ|prefetch_count|vhost/i.test(a.findings.map((f) => f.title + f.recommendation).join(' ')), a.findings.map((f) => f.recommendation).join('\n'));
});

test('journal: recommends ASYNCIO with its effect and caveats; quiet for transient, fast, ASYNCIO or non-Linux; no fact, no verdict', () => {
  const slow = { publishLatencyMs: 20 };
  const f = first(evaluate(rule('artemis-journal'), artemis({ persistent: true }, slow)));
  assert.match(f.title, /Durable sends waited 60 ms at p99 \(above 20 ms\) on a NIO journal \(Linux\)/);
  assert.match(f.recommendation, /gathering writes for 3\.33 ms before each flush/);
  assert.match(f.recommendation, /ASYNCIO journal \(libaio\).*500 µs by default/);
  assert.match(f.recommendation, /libaio must be installed/);
  assert.match(f.recommendation, /artemis create --aio/);
  const status = (plant: ArtemisPlant, rest: SyntheticOptions = slow) => evaluate(rule('artemis-journal'), artemis(plant, rest)).status;
  assert.equal(status({ persistent: false }), 'ok', 'transient messages never wait for the journal');
  assert.equal(status({ persistent: true }, {}), 'ok', 'durable sends at 15 ms p99');
  assert.equal(status({ persistent: true, journal: { type: 'ASYNCIO', os: 'Linux' } }), 'ok', 'already ASYNCIO');
  assert.equal(status({ persistent: true, journal: { type: 'NIO', os: 'Windows Server 2022' } }), 'ok', 'no libaio off Linux');
  assert.equal(status({ persistent: true, journal: false }), 'insufficient-data', 'journal type not read');
});
