/**
 * The delivery side of one worker thread, in one place so the worker entry only wires it:
 * verification trackers (when `init.verify`), the producers' outage tracker (always; per
 * request, O(1)), and the consumers' database sink (once the coordinator sends `open-sink`).
 * It provides the observers handed to the producer and consumer runners, adds the sink's
 * stored-latency histogram to each interval snapshot, ships verification deltas after each
 * snapshot, and answers the coordinator's delivery messages.
 */
import type { ProduceObserver } from '../load/producer-runner.js';
import type { ConsumeObserver } from '../load/consumer-runner.js';
import type { FromWorker, ToWorker } from '../load/protocol.js';
import type { IntervalSnapshot } from '../load/stats.js';
import { nowWallMs } from '../load/headers.js';
import { describeError } from '../errors.js';
import { OutageTracker } from '../faults/outage.js';
import { ConsumerSinks } from '../sinks/consumer-sinks.js';
import { ProduceTracker, ReceiveTracker, drainVerifier, type WorkerVerifier } from './trackers.js';

/** Reorder lanes kept per consumer where a consumer is its own lane (see {@link WorkerDelivery.consumeObserver}). */
const BROKER_LANES = 1024;

/** What the worker entry provides. */
export interface WorkerDeliveryOptions {
  workerIndex: number;
  runId: string;
  verify: boolean;
  send(m: FromWorker): void;
  /** Cumulative issued count per producer id. */
  issued(): ReadonlyMap<string, number>;
  /** Consumer ids of this worker. */
  consumerIds: readonly string[];
  recordError(message: string): void;
}

export class WorkerDelivery {
  private readonly verifier: WorkerVerifier | null;
  private readonly outages = new OutageTracker();
  private sinks: ConsumerSinks | null = null;

  constructor(private readonly opts: WorkerDeliveryOptions) {
    this.verifier = opts.verify ? { produce: new ProduceTracker(), receive: new ReceiveTracker() } : null;
  }

  /** Observer for every producer runner of this worker. */
  produceObserver(): ProduceObserver {
    const v = this.verifier;
    const outages = this.outages;
    return {
      acked(producerId, seqs, sentWallMs) {
        v?.produce.acked(producerId, seqs);
        outages.acked(producerId, sentWallMs, nowWallMs());
      },
      failed(producerId, seqs, sentWallMs) {
        v?.produce.failed(producerId, seqs);
        outages.failed(producerId, sentWallMs, seqs.length);
      },
    };
  }

  /**
   * Observer for one consumer runner: verification first, then the sink write (awaited by the
   * consumer). `lanes` says what keeps order: the partition (Kafka), or only the consumer itself
   * (competing consumers on one queue), whose index in this worker is then its reorder lane, one
   * lane per lane of the broker it reads from (a broker's own queues behind one destination, such
   * as RocketMQ's message queues, each keep order only for themselves; 0 for a single queue).
   */
  consumeObserver(consumerId: string, lanes: 'partition' | 'consumer' = 'partition'): ConsumeObserver {
    const lane = lanes === 'consumer' ? Math.max(0, this.opts.consumerIds.indexOf(consumerId)) * BROKER_LANES : -1;
    return {
      delivered: (group, m, stamp) => {
        this.verifier?.receive.observe(group, m.partition, stamp.producerId, stamp.seq, m.offset === null ? -1 : Number(m.offset), m.redelivered, lane < 0 ? m.partition : lane + (m.partition % BROKER_LANES));
        if (this.sinks) return this.sinks.write(consumerId, m.partition, m.key, stamp);
      },
    };
  }

  /** Adds this interval's stored-latency histograms (and their warm-up part) to a snapshot. */
  decorate(snapshot: IntervalSnapshot): IntervalSnapshot {
    if (!this.sinks) return snapshot;
    const { all, warm } = this.sinks.takeStoredHistograms();
    if (all) snapshot.hist.stored = all;
    if (warm) snapshot.warmupHist.stored = warm;
    return snapshot;
  }

  /** Ships the verification delta (round 0 after each snapshot, else a flush round). */
  ship(round: number): void {
    if (!this.verifier) return;
    this.opts.send({ type: 'verification', workerIndex: this.opts.workerIndex, round, state: drainVerifier(this.verifier, this.opts.issued()) });
  }

  /** Handles the coordinator's delivery messages; false for any other message. */
  handle(m: ToWorker): boolean {
    const { send, workerIndex } = this.opts;
    switch (m.type) {
      case 'flush-verification':
        if (this.verifier) this.ship(m.round);
        else send({ type: 'verification', workerIndex, round: m.round, state: { produced: [], received: [] } });
        return true;
      case 'open-sink': {
        const sinks = new ConsumerSinks(m.sink, this.opts.runId, this.opts.recordError);
        sinks.open(this.opts.consumerIds).then(
          () => {
            this.sinks = sinks;
            send({ type: 'sink-opened', workerIndex });
          },
          (err: unknown) => {
            void sinks.close();
            send({ type: 'sink-opened', workerIndex, error: describeError(err) });
          },
        );
        return true;
      }
      case 'close-sink': {
        const sinks = this.sinks;
        if (!sinks) {
          send({ type: 'sink-stats', workerIndex, stats: { writes: 0, inserted: 0, duplicates: 0, errors: 0 } });
          return true;
        }
        void sinks.close().then((stats) => send({ type: 'sink-stats', workerIndex, stats }));
        return true;
      }
      case 'report-outages':
        send({ type: 'outages', workerIndex, windows: this.outages.windows() });
        return true;
      default:
        return false;
    }
  }
}
