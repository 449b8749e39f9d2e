/**
 * One consumer: joins its group through the driver, reads the stamp of every message, records
 * end-to-end latency (receive time − send time, when the handler reaches the message), counts
 * messages and bytes, simulates `processingDelayMs` of work per message, and reports deliveries
 * to an optional observer (delivery verification, database sinks).
 */
import type { Driver, DriverConsumer, ReceivedBatch, ReceivedMessage } from '../drivers/types.js';
import type { ConsumerPlan } from '../plan/types.js';
import { readStamp, nowWallMs, type MessageStamp } from './headers.js';
import type { IntervalStats } from './stats.js';

/** Observes every stamped message a consumer handles. May be async (e.g. a database write). */
export interface ConsumeObserver {
  /**
   * Called per message, in partition order; a returned promise is awaited before the next
   * message. `message` is the driver's (its partition, position, redelivery flag and key); read
   * it during the call, never keep it.
   */
  delivered(group: string, message: ReceivedMessage, stamp: MessageStamp): void | Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class ConsumerRunner {
  private consumer: DriverConsumer | null = null;
  private carryMs = 0;
  /**
   * Set by `close()`: the handler stops at the next message rather than finishing its batch
   * (with a processing delay a batch can take many seconds). The rest of the batch stays
   * uncommitted, for the group's next member; `close({ commit: false })` (a crash) also commits
   * nothing more.
   */
  private stopping = false;
  /** Partitions currently assigned to this member. */
  assignment: number[] = [];

  constructor(
    private readonly driver: Driver,
    private readonly plan: ConsumerPlan,
    private readonly runId: string,
    private readonly stats: IntervalStats,
    private readonly observer?: ConsumeObserver,
  ) {}

  /** Joins the group; resolves once the member has its first assignment. */
  async start(): Promise<void> {
    this.consumer = await this.driver.createConsumer({
      groupId: this.plan.groupId,
      consumerId: this.plan.consumerId,
      topic: this.plan.topic,
      commit: this.plan.commit,
      onBatch: (b) => this.handle(b),
      onAssignment: (parts) => (this.assignment = parts),
    });
    await this.consumer.start();
  }

  pause(): void {
    this.consumer?.pause();
  }

  resume(): void {
    this.consumer?.resume();
  }

  /** Leaves the group; `commit: false` simulates a crash. */
  async close(opts?: { commit?: boolean }): Promise<void> {
    this.stopping = true;
    await this.consumer?.close(opts);
    this.consumer = null;
  }

  private async handle(batch: ReceivedBatch): Promise<void> {
    const stats = this.stats;
    const delay = this.plan.processingDelayMs;
    let counted = 0;
    for (const m of batch.messages) {
      if (this.stopping) break;
      const stamp = readStamp(m.headers);
      if (!stamp || stamp.runId !== this.runId) {
        stats.consume.foreign++;
        continue;
      }
      const now = nowWallMs();
      stats.consume.received++;
      stats.consume.bytes += m.size;
      if (stamp.warmup) {
        stats.warmup.received++;
        stats.warmup.receivedBytes += m.size;
      }
      stats.recordE2e(Math.max(0, now - stamp.sentMs), stamp.warmup);
      counted++;
      if (this.observer) {
        // Await only a real write (a sink): a microtask per message costs a fast consumer dearly.
        const pending = this.observer.delivered(this.plan.groupId, m, stamp);
        if (pending) await pending;
      }
      if (delay > 0) {
        this.carryMs += delay;
        if (this.carryMs >= 1) {
          const whole = Math.floor(this.carryMs);
          this.carryMs -= whole;
          await sleep(whole);
        }
      }
    }
    if (counted > 0) stats.recordGroup(this.plan.groupId, counted);
  }
}
