/**
 * The pure verifier: SeqSet operations, and a simulated run (producers → partitions → consumer
 * workers → periodic shipments → ledger) with gaps, duplicates and reorderings planted at known
 * places, which must be found exactly; a clean stream of 5 million messages must give none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHUNK_BITS, SeqSet, popcount32 } from '../../src/verify/seq-set.js';
import { ProduceTracker, ReceiveTracker } from '../../src/verify/trackers.js';
import { DeliveryLedger, deliveryTotals } from '../../src/verify/ledger.js';

test('popcount32 counts bits', () => {
  assert.equal(popcount32(0), 0);
  assert.equal(popcount32(0xffffffff), 32);
  assert.equal(popcount32(0x80000001), 2);
  assert.equal(popcount32(0b1011), 3);
});

test('SeqSet: add/has/size, duplicates, chunks that fill collapse', () => {
  const s = new SeqSet();
  assert.equal(s.add(5), true);
  assert.equal(s.add(5), false);
  assert.equal(s.has(5), true);
  assert.equal(s.has(4), false);
  for (let i = 0; i < CHUNK_BITS * 3; i++) s.add(i);
  assert.equal(s.size, CHUNK_BITS * 3);
  assert.ok(s.byteSize() < 1024, `three full chunks take ${s.byteSize()} bytes`);
  assert.equal(s.has(CHUNK_BITS * 2 + 7), true);
  assert.equal(s.add(CHUNK_BITS + 1), false);
  assert.equal(s.has(CHUNK_BITS * 3), false);
});

test('SeqSet: merge counts the overlap, intersection, wire round trip, compaction keeps members', () => {
  const a = new SeqSet();
  const b = new SeqSet();
  for (let i = 0; i < 200_000; i += 2) a.add(i); // evens
  for (let i = 0; i < 200_000; i += 3) b.add(i); // multiples of 3
  const both = Math.ceil(200_000 / 6);
  assert.equal(a.intersectionSize(b), both);
  const copy = SeqSet.fromWire(structuredClone(b.toWire()));
  assert.equal(copy.size, b.size);
  const overlap = a.mergeFrom(copy);
  assert.equal(overlap, both);
  assert.equal(a.size, 100_000 + Math.ceil(200_000 / 3) - both);
  // A nearly full cold chunk with three holes compacts to runs and still answers correctly.
  const c = new SeqSet();
  for (let i = 0; i < CHUNK_BITS * 4; i++) if (i !== 10 && i !== 500 && i !== 40_000) c.add(i);
  const before = c.byteSize();
  c.compact();
  assert.ok(c.byteSize() < before / 10, `compacted ${before} → ${c.byteSize()} bytes`);
  assert.equal(c.has(10), false);
  assert.equal(c.has(11), true);
  assert.equal(c.has(40_000), false);
  assert.equal(c.size, CHUNK_BITS * 4 - 3);
  assert.equal(c.add(500), true, 'a late arrival into a compacted chunk is new');
  assert.equal(c.add(500), false);
  assert.equal(c.size, CHUNK_BITS * 4 - 2);
  assert.equal(SeqSet.fromWire(c.toWire()).size, c.size);
});

/** Deterministic partition of a producer's message (stands in for the key hash). */
const partitionOf = (producer: number, seq: number, partitions: number) => ((seq * 2654435761 + producer * 97) >>> 0) % partitions;

interface Plant {
  /** Acked by the producer but never delivered. */
  gaps: Set<string>;
  /** Failed on the producer (never acked) and never delivered. */
  failedLost: Set<string>;
  /** Failed on the producer but delivered anyway (not lost). */
  failedDelivered: Set<string>;
  /** Delivered twice: same worker within a shipment, same worker later, or another worker. */
  dupSame: Set<string>;
  dupLater: Set<string>;
  dupOtherWorker: Set<string>;
  /** Delivered after the next message of its partition (one reordering each). */
  swapped: Set<string>;
}

function emptyPlant(): Plant {
  return { gaps: new Set(), failedLost: new Set(), failedDelivered: new Set(), dupSame: new Set(), dupLater: new Set(), dupOtherWorker: new Set(), swapped: new Set() };
}

/**
 * Simulates one group: `producers` × `perProducer` messages over `partitions` partitions,
 * partition p consumed by worker p % workers; each worker ships every `shipEvery` deliveries.
 */
function simulate(opts: { producers: number; perProducer: number; partitions: number; workers: number; shipEvery: number; plant: Plant }) {
  const { producers, perProducer, partitions, workers, shipEvery, plant } = opts;
  const group = 'g';
  const ledger = new DeliveryLedger(false);
  const produce = new ProduceTracker();
  const receivers = Array.from({ length: workers }, () => new ReceiveTracker());
  const since = new Array<number>(workers).fill(0);
  const laterDups: Array<{ w: number; p: number; part: number; seq: number }> = [];
  const ship = (w: number) => {
    ledger.apply({ produced: [], received: receivers[w]!.drain() });
    since[w] = 0;
  };
  const deliver = (w: number, part: number, p: number, seq: number) => {
    receivers[w]!.observe(group, part, `p${p}`, seq);
    if (++since[w]! >= shipEvery) ship(w);
  };
  const issued = new Map<string, number>();
  for (let p = 0; p < producers; p++) {
    const acked: number[] = [];
    const failed: number[] = [];
    // Pending swap per partition: the message held back to go after the next one.
    const held = new Map<number, number>();
    for (let seq = 0; seq < perProducer; seq++) {
      const id = `${p}:${seq}`;
      if (plant.failedLost.has(id) || plant.failedDelivered.has(id)) failed.push(seq);
      else acked.push(seq);
      if (acked.length >= 1000) produce.acked(`p${p}`, acked.splice(0));
      if (failed.length >= 1000) produce.failed(`p${p}`, failed.splice(0));
      if (plant.gaps.has(id) || plant.failedLost.has(id)) continue;
      const part = partitionOf(p, seq, partitions);
      const w = part % workers;
      if (plant.swapped.has(id)) {
        held.set(part, seq);
        continue;
      }
      deliver(w, part, p, seq);
      const h = held.get(part);
      if (h !== undefined) {
        held.delete(part);
        deliver(w, part, p, h);
      }
      if (plant.dupSame.has(id)) deliver(w, part, p, seq);
      if (plant.dupLater.has(id)) laterDups.push({ w, p, part, seq });
      if (plant.dupOtherWorker.has(id)) deliver((w + 1) % workers, part, p, seq);
    }
    produce.acked(`p${p}`, acked);
    produce.failed(`p${p}`, failed);
    issued.set(`p${p}`, perProducer);
    for (const [part, h] of held) deliver(part % workers, part, p, h);
  }
  for (let w = 0; w < workers; w++) ship(w);
  for (const d of laterDups) deliver(d.w, d.part, d.p, d.seq);
  for (let w = 0; w < workers; w++) ship(w);
  ledger.apply({ produced: produce.drain(issued), received: [] });
  const [result] = ledger.results([group], true);
  return { result: result!, ledger };
}

/** `count` distinct ids spread over the stream, avoiding the ones already used. */
function pick(count: number, producers: number, perProducer: number, used: Set<string>, seed: number): Set<string> {
  const out = new Set<string>();
  let x = seed;
  while (out.size < count) {
    x = (x * 1103515245 + 12345) >>> 0;
    const p = x % producers;
    const seq = 10 + ((x >>> 8) % (perProducer - 20));
    // Keep planted messages apart so a swap never meets another planted message.
    const near = [-2, -1, 0, 1, 2].some((d) => used.has(`${p}:${seq + d}`));
    if (near) continue;
    const id = `${p}:${seq}`;
    out.add(id);
    used.add(id);
  }
  return out;
}

test('planted gaps, duplicates and reorderings are found exactly', () => {
  const producers = 3;
  const perProducer = 300_000;
  const used = new Set<string>();
  const plant: Plant = {
    gaps: pick(37, producers, perProducer, used, 1),
    failedLost: pick(11, producers, perProducer, used, 2),
    failedDelivered: pick(5, producers, perProducer, used, 3),
    dupSame: pick(13, producers, perProducer, used, 4),
    dupLater: pick(17, producers, perProducer, used, 5),
    dupOtherWorker: pick(19, producers, perProducer, used, 6),
    swapped: pick(23, producers, perProducer, used, 7),
  };
  const { result } = simulate({ producers, perProducer, partitions: 6, workers: 3, shipEvery: 50_000, plant });
  const total = producers * perProducer;
  assert.equal(result.sent, total);
  assert.equal(result.acked, total - 11 - 5);
  assert.equal(result.lost, 37, 'lost = acked but never delivered');
  assert.equal(result.lostUnacked, 11, 'failed and never delivered');
  assert.equal(result.duplicated, 13 + 17 + 19);
  assert.equal(result.reordered, 23);
  assert.equal(result.unique, total - 37 - 11);
  assert.equal(result.received, result.unique + result.duplicated);
  assert.equal(result.verdict, 'loss');
  const t = deliveryTotals([result]);
  assert.deepEqual([t.lost, t.duplicated, t.reordered], [37, 49, 23]);
});

test('duplicates only → verdict duplicates; reorderings only → verdict reordering', () => {
  const used = new Set<string>();
  const dupOnly = { ...emptyPlant(), dupOtherWorker: pick(3, 2, 50_000, used, 9) };
  assert.equal(simulate({ producers: 2, perProducer: 50_000, partitions: 4, workers: 2, shipEvery: 7000, plant: dupOnly }).result.verdict, 'duplicates');
  const swapOnly = { ...emptyPlant(), swapped: pick(4, 2, 50_000, used, 10) };
  const r = simulate({ producers: 2, perProducer: 50_000, partitions: 4, workers: 2, shipEvery: 7000, plant: swapOnly }).result;
  assert.equal(r.verdict, 'reordering');
  assert.equal(r.reordered, 4);
});

test('a clean stream of 5 million messages: no false positives, state stays small', () => {
  const producers = 4;
  const perProducer = 1_250_000;
  const { result, ledger } = simulate({ producers, perProducer, partitions: 12, workers: 3, shipEvery: 100_000, plant: emptyPlant() });
  assert.deepEqual(
    { lost: result.lost, lostUnacked: result.lostUnacked, duplicated: result.duplicated, reordered: result.reordered, verdict: result.verdict },
    { lost: 0, lostUnacked: 0, duplicated: 0, reordered: 0, verdict: 'ok' },
  );
  assert.equal(result.unique, 5_000_000);
  assert.equal(result.received, 5_000_000);
  // Bounded: the state of 5 M messages is no larger than that of 50 k (the partial last chunk of each set).
  const small = simulate({ producers, perProducer: 12_500, partitions: 12, workers: 3, shipEvery: 100_000, plant: emptyPlant() });
  assert.ok(ledger.byteSize() <= small.ledger.byteSize() + 1024, `ledger holds ${ledger.byteSize()} bytes for 5 M messages, ${small.ledger.byteSize()} for 50 k`);
  assert.ok(ledger.byteSize() < producers * 3 * 9000, `ledger holds ${ledger.byteSize()} bytes`);
});

test('one-way: handed-off sends are "unknown", and those never received are lost', () => {
  const ledger = new DeliveryLedger(true);
  const produce = new ProduceTracker();
  produce.acked('p0', [0, 1, 2, 3, 4, 5, 6, 7]);
  produce.failed('p0', [8, 9]);
  const recv = new ReceiveTracker();
  for (const seq of [0, 1, 2, 4, 5, 9]) recv.observe('g', 0, 'p0', seq);
  ledger.apply({ produced: produce.drain(new Map([['p0', 10]])), received: recv.drain() });
  const [r] = ledger.results(['g'], true);
  assert.equal(r!.acked, 0);
  assert.equal(r!.unknown, 8);
  assert.equal(r!.lost, 3, '3, 6, 7 were sent and never received');
  assert.equal(r!.lostUnacked, 1, '8 failed and never arrived; 9 failed but arrived');
  assert.equal(r!.verdict, 'loss');
  assert.equal(ledger.results(['g'], false)[0]!.verdict, 'unverified');
});

test('queue audit: acknowledged messages still queued are undelivered, not lost; a late delivery is not counted twice', () => {
  const ledger = new DeliveryLedger(false);
  const produce = new ProduceTracker();
  produce.acked('p0', Array.from({ length: 100 }, (_, i) => i));
  produce.acked('p1', [0, 1, 2]);
  const recv = new ReceiveTracker();
  for (let seq = 0; seq < 60; seq++) recv.observe('g', 0, 'p0', seq);
  for (const seq of [0, 1, 2]) recv.observe('g', 1, 'p1', seq);
  ledger.apply({ produced: produce.drain(new Map([['p0', 100], ['p1', 3]])), received: recv.drain() });
  const queued = new SeqSet();
  // 55–59 were delivered and are also past the committed offset (auto commit lags); 60–94 are
  // queued; 95–99 are in neither: lost. 200 was never acknowledged by this run.
  for (let seq = 55; seq < 95; seq++) queued.add(seq);
  queued.add(200);
  const [r] = ledger.results(['g'], true, new Map([['g', new Map([['p0', queued]])]]));
  assert.equal(r!.undelivered, 35);
  assert.equal(r!.lost, 5);
  assert.equal(r!.unique + r!.undelivered! + r!.lost, r!.acked);
  assert.equal(r!.verdict, 'loss');
  // Everything missing is queued: a backlog, not a loss.
  for (let seq = 95; seq < 100; seq++) queued.add(seq);
  const [b] = ledger.results(['g'], true, new Map([['g', new Map([['p0', queued]])]]));
  assert.deepEqual([b!.lost, b!.undelivered, b!.verdict], [0, 40, 'backlog']);
  // Without an audit the same state is a loss, and there is no undelivered count.
  const [plain] = ledger.results(['g'], true);
  assert.deepEqual([plain!.lost, plain!.undelivered, plain!.verdict], [40, undefined, 'loss']);
});

test('duplicates by origin: a position delivered twice is a redelivery, one message at two positions is written twice', () => {
  const ledger = new DeliveryLedger(false);
  const produce = new ProduceTracker();
  produce.acked('p0', Array.from({ length: 10 }, (_, i) => i));
  const w1 = new ReceiveTracker();
  const w2 = new ReceiveTracker();
  // Partition 0 holds seq 0-9 at offsets 100-109, and seq 5 again at offset 110 (a retried send).
  for (let seq = 0; seq < 10; seq++) w1.observe('g', 0, 'p0', seq, 100 + seq);
  w1.observe('g', 0, 'p0', 5, 110);
  // After a crash another worker reads offsets 107-110 again: four replays.
  for (const [seq, offset] of [[7, 107], [8, 108], [9, 109], [5, 110]] as const) w2.observe('g', 0, 'p0', seq, offset);
  ledger.apply({ produced: produce.drain(new Map([['p0', 10]])), received: w1.drain(), positions: w1.drainPositions() });
  ledger.apply({ produced: [], received: w2.drain(), positions: w2.drainPositions() });
  const [r] = ledger.results(['g'], true);
  assert.equal(r!.duplicated, 5);
  assert.equal(r!.redelivered, 4, 'offsets 107-110 delivered twice');
  assert.equal(r!.duplicatedInLog, 1, 'seq 5 at offsets 105 and 110');
  assert.equal(r!.verdict, 'duplicates');
});

test('duplicates by origin: only replays give the verdict "redelivered"; a broker flag stands in for positions', () => {
  const produce = new ProduceTracker();
  produce.acked('p0', [0, 1, 2, 3]);
  const acked = produce.drain(new Map([['p0', 4]]));
  // Kafka-like: offsets 0-3, then 2 and 3 read again.
  const byOffset = new ReceiveTracker();
  for (const [seq, offset] of [[0, 0], [1, 1], [2, 2], [3, 3], [2, 2], [3, 3]] as const) byOffset.observe('g', 0, 'p0', seq, offset);
  const a = new DeliveryLedger(false);
  a.apply({ produced: acked, received: byOffset.drain(), positions: byOffset.drainPositions() });
  assert.deepEqual(origins(a.results(['g'], true)[0]!), [2, 2, 0, 'redelivered']);
  // RabbitMQ-like: no positions; two deliveries flagged redelivered, one plain copy.
  const byFlag = new ReceiveTracker();
  for (const seq of [0, 1, 2, 3]) byFlag.observe('g', 0, 'p0', seq);
  byFlag.observe('g', 0, 'p0', 2, -1, true);
  byFlag.observe('g', 0, 'p0', 3, -1, true);
  byFlag.observe('g', 0, 'p0', 1);
  const b = new DeliveryLedger(false);
  b.apply({ produced: acked, received: byFlag.drain(), positions: byFlag.drainPositions() });
  assert.deepEqual(origins(b.results(['g'], true)[0]!), [3, 2, 1, 'duplicates']);
  // A shipment without positions (an older worker) reports every duplicate as written twice.
  const old = new ReceiveTracker();
  for (const seq of [0, 1, 2, 3, 3]) old.observe('g', 0, 'p0', seq);
  const c = new DeliveryLedger(false);
  c.apply({ produced: acked, received: old.drain() });
  assert.deepEqual(origins(c.results(['g'], true)[0]!), [1, 0, 1, 'duplicates']);
  // Producers that publish each message once (no client retries): the plain copy is a redelivery the broker did not flag.
  const once = new DeliveryLedger(false, false);
  const again = new ReceiveTracker();
  for (const seq of [0, 1, 2, 3]) again.observe('g', 0, 'p0', seq);
  again.observe('g', 0, 'p0', 2, -1, true);
  again.observe('g', 0, 'p0', 1);
  once.apply({ produced: acked, received: again.drain(), positions: again.drainPositions() });
  assert.deepEqual(origins(once.results(['g'], true)[0]!), [2, 2, 0, 'redelivered']);
});

function origins(r: { duplicated: number; redelivered?: number; duplicatedInLog?: number; verdict: string }): unknown[] {
  return [r.duplicated, r.redelivered, r.duplicatedInLog, r.verdict];
}
test('queue depth (no offsets): min(missing, depth) still queued; the rest lost only when the depth is exact', () => {
  const ledger = new DeliveryLedger(false);
  const produce = new ProduceTracker();
  produce.acked('p0', Array.from({ length: 100 }, (_, i) => i));
  const recv = new ReceiveTracker();
  for (let seq = 0; seq < 60; seq++) recv.observe('g', 0, 'p0', seq);
  ledger.apply({ produced: produce.drain(new Map([['p0', 100]])), received: recv.drain() });
  const depth = (messages: number, exact: boolean) => ledger.results(['g'], true, new Map(), new Map([['g', { messages, exact }]]))[0]!;
  // 40 missing, 40 in the queue: a backlog, whether or not the count is exact.
  for (const exact of [true, false]) assert.deepEqual([depth(40, exact).lost, depth(40, exact).undelivered, depth(40, exact).verdict], [0, 40, 'backlog']);
  // A deeper queue (redeliveries, another publisher) covers at most the missing ones.
  assert.deepEqual([depth(55, true).lost, depth(55, true).undelivered, depth(55, true).verdict], [0, 40, 'backlog']);
  // 30 in the queue: 10 not covered. Exact depth: lost; inexact: unverified, lost an upper bound.
  const exact = depth(30, true);
  assert.deepEqual([exact.lost, exact.undelivered, exact.verdict], [10, 30, 'loss']);
  assert.equal(exact.unique + exact.undelivered! + exact.lost, exact.acked);
  const inexact = depth(30, false);
  assert.deepEqual([inexact.lost, inexact.undelivered, inexact.verdict], [10, 30, 'unverified']);
  // An empty queue changes nothing but adds the undelivered count.
  assert.deepEqual([depth(0, true).lost, depth(0, true).undelivered, depth(0, true).verdict], [40, 0, 'loss']);
});

test('competing consumers: order is judged per consumer lane, not across consumers of one queue', () => {
  const produce = new ProduceTracker();
  produce.acked('p0', [0, 1, 2, 3]);
  const acked = produce.drain(new Map([['p0', 4]]));
  // Consumer 0 handles 0 and 2, consumer 1 handles 1 and 3, and 1 is noted after 2.
  const deliveries = [[0, 0], [2, 0], [1, 1], [3, 1]] as const;
  const perConsumer = new ReceiveTracker();
  for (const [seq, lane] of deliveries) perConsumer.observe('g', 0, 'p0', seq, -1, false, lane);
  const a = new DeliveryLedger(false);
  a.apply({ produced: acked, received: perConsumer.drain(), positions: perConsumer.drainPositions() });
  assert.deepEqual([a.results(['g'], true)[0]!.reordered, a.results(['g'], true)[0]!.verdict], [0, 'ok']);
  // The same deliveries judged as one lane (a partition) are a reordering.
  const oneLane = new ReceiveTracker();
  for (const [seq] of deliveries) oneLane.observe('g', 0, 'p0', seq);
  const b = new DeliveryLedger(false);
  b.apply({ produced: acked, received: oneLane.drain(), positions: oneLane.drainPositions() });
  assert.equal(b.results(['g'], true)[0]!.reordered, 1);
});

test('SeqSet: min and countBelow across bitmap, runs and full chunks', () => {
  const s = new SeqSet();
  assert.equal(s.min(), undefined);
  assert.equal(s.countBelow(10), 0);
  for (const n of [70_000, 70_005, 200_000]) s.add(n);
  assert.equal(s.min(), 70_000);
  assert.deepEqual([s.countBelow(70_000), s.countBelow(70_001), s.countBelow(70_006), s.countBelow(1e9)], [0, 1, 2, 3]);
  s.compact();
  assert.equal(s.min(), 70_000, 'a compacted (runs) chunk');
  const full = new SeqSet();
  for (let n = 0; n < 65_536 + 40; n++) full.add(n);
  assert.deepEqual([full.min(), full.countBelow(65_536), full.countBelow(65_550), full.countBelow(0)], [0, 65_536, 65_550, 0]);
});

test('named start (a stream offset): what lies before the first delivery of each producer is beforeStart, not lost; a gap after it is lost', () => {
  const produce = new ProduceTracker();
  produce.acked('p0', Array.from({ length: 100 }, (_, i) => i));
  produce.acked('p1', Array.from({ length: 50 }, (_, i) => i));
  const recv = new ReceiveTracker();
  // The start lies after p0's 30th and p1's 20th message; p0's 77 is lost.
  for (let seq = 30; seq < 100; seq++) if (seq !== 77) recv.observe('g', 0, 'p0', seq);
  for (let seq = 20; seq < 50; seq++) recv.observe('g', 0, 'p1', seq);
  const state = { produced: produce.drain(new Map([['p0', 100], ['p1', 50]])), received: recv.drain() };
  const named = new DeliveryLedger(false, true, { namedStartGroups: new Set(['g']) });
  named.apply(structuredClone(state));
  const [r] = named.results(['g'], true);
  assert.deepEqual([r!.beforeStart, r!.lost, r!.unique, r!.verdict], [50, 1, 99, 'loss']);
  assert.equal(r!.unique + r!.lost + r!.beforeStart!, r!.acked);
  assert.equal(deliveryTotals([r!]).base, 100, 'rates are over what the group was owed');
  // The same deliveries for a group that starts with the run: everything missing is lost.
  const plain = new DeliveryLedger(false);
  plain.apply(structuredClone(state));
  const [q] = plain.results(['g'], true);
  assert.deepEqual([q!.beforeStart, q!.lost], [undefined, 51]);
});

test('named start the group never reached: nothing of the run arrived, so unverified with lost as the upper bound', () => {
  const produce = new ProduceTracker();
  produce.acked('p0', Array.from({ length: 10 }, (_, i) => i));
  const ledger = new DeliveryLedger(false, true, { namedStartGroups: new Set(['g']) });
  ledger.apply({ produced: produce.drain(new Map([['p0', 10]])), received: [] });
  const [r] = ledger.results(['g'], true);
  assert.deepEqual([r!.beforeStart, r!.lost, r!.verdict], [0, 10, 'unverified']);
});
