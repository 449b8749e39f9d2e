/**
 * RocketMQ consumer behind {@link DriverConsumer}: one `SimpleConsumer` of rocketmq-client-nodejs
 * in the run's consumer group (a RocketMQ consumer group: its members share the topic's message
 * queues; another group gets every message again). Each consumer keeps `receivers` long-polling
 * `receive` calls of up to `consumerBatch` messages in flight (each message invisible to other
 * members for `invisibleMs`), and each holds at most one received batch ready, so the handler
 * (one batch at a time, in the order they arrived) never waits on a round trip while messages
 * are there; each message is acknowledged by its receipt handle:
 * - `after-process`: after the handler resolved, without holding up the next batch (a crash
 *   before leaves them, and the batches received and not yet handled, to come back once their
 *   invisible duration ends, flagged by their delivery attempt);
 * - `before-process` and `auto`: before the handler runs (a crash loses the batch it was
 *   handling; the received ones not yet handled were not acknowledged and come back).
 * A handler that throws leaves its batch unacknowledged: it comes back after the invisible time.
 * `close({ commit: false })` stops at once without acknowledging anything more (a crash); a
 * graceful `close()` does not acknowledge the `after-process` batch it was handling either (the
 * handler may have stopped part-way), so those messages come back once their invisible duration
 * ends: until then the broker counts them neither as lag nor as consumed.
 */
import { SimpleConsumer, type MessageView } from 'rocketmq-client-nodejs';
import type { CommitMode, DriverConsumer, ReceivedBatch, ReceivedMessage } from '../types.js';
import { clientLogger, closeClient, headerBytes, trackStreams } from './client.js';

export interface RocketmqConsumerSpec {
  endpoints: string;
  groupId: string;
  topic: string;
  commit: CommitMode;
  consumerBatch: number;
  /** Receive calls kept in flight; each holds at most one received batch waiting for the handler. */
  receivers: number;
  invisibleMs: number;
  pollMs: number;
  requestTimeoutMs: number;
  /** See {@link clientLogger}. */
  logDir: string | undefined;
  onBatch: (batch: ReceivedBatch) => Promise<void>;
  onAssignment?: (partitions: number[]) => void;
}

/** Back-off after a failed receive, ms. */
const RECEIVE_BACKOFF_MS = 1000;

/**
 * The message queue a message came from, read from its receipt handle (the proxy writes
 * `startOffset retrieveTime invisibleTime reviveQueueId topicType brokerName queueId queueOffset
 * commitLogOffset`; the client exposes no queue id); 0 when the handle is not of that form.
 */
export function queueIdOf(receiptHandle: string): number {
  const f = receiptHandle.split(' ');
  const q = f.length >= 8 ? Number(f[6]) : NaN;
  return Number.isInteger(q) && q >= 0 ? q : 0;
}

/**
 * The neutral view of a received message: its lane is its message queue (each keeps order for
 * itself; the profile sizes none of them), no position the verifier can use (queue offsets are
 * not reported back for redelivery), redelivered when its delivery attempt is past the first.
 */
export function fromRocketmqMessage(m: MessageView): ReceivedMessage {
  const headers: Record<string, Buffer | undefined> = {};
  for (const [k, v] of m.properties) headers[k] = headerBytes(v);
  const key = m.keys[0];
  return { partition: queueIdOf(m.receiptHandle), offset: null, redelivered: (m.deliveryAttempt ?? 1) > 1, key: key !== undefined ? headerBytes(key) : null, size: m.body.length, headers };
}

export class RocketmqConsumer implements DriverConsumer {
  private client: SimpleConsumer | null = null;
  private streams: ReturnType<typeof trackStreams> = [];
  private running = false;
  private crashed = false;
  private paused = false;
  /** Received batches waiting for the handler, oldest first. */
  private readonly ready: MessageView[][] = [];
  private handlerWaiter: (() => void) | null = null;
  private readonly receiverWaiters: Array<() => void> = [];
  /** After-process acknowledgements in flight. */
  private readonly acking = new Set<Promise<void>>();
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly spec: RocketmqConsumerSpec,
    private readonly onProblem: (reason: string) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    const s = this.spec;
    const client = new SimpleConsumer({
      endpoints: s.endpoints,
      namespace: '',
      logger: clientLogger(this.spec.logDir),
      consumerGroup: s.groupId,
      subscriptions: new Map([[s.topic, '*']]),
      awaitDuration: s.pollMs,
      requestTimeout: s.requestTimeoutMs,
    });
    this.streams = trackStreams(client as unknown as Parameters<typeof trackStreams>[0]);
    try {
      await client.startup();
    } catch (err) {
      await closeClient(client as unknown as Parameters<typeof closeClient>[0], this.streams);
      throw err;
    }
    this.client = client;
    this.running = true;
    s.onAssignment?.([0]);
    const loops = [this.handleLoop(client)];
    for (let i = 0; i < s.receivers; i++) loops.push(this.receiveLoop(client));
    this.loop = Promise.all(loops).then(() => undefined);
  }

  /** One receive loop: a batch at a time into {@link ready}, pausing while its batch waits or the consumer is paused. */
  private async receiveLoop(client: SimpleConsumer): Promise<void> {
    const s = this.spec;
    while (this.running) {
      if (this.paused || this.ready.length >= s.receivers) {
        await new Promise<void>((resolve) => this.receiverWaiters.push(resolve));
        continue;
      }
      let views: MessageView[];
      try {
        views = await client.receive(s.consumerBatch, s.invisibleMs);
      } catch (err) {
        if (!this.running) return;
        const text = err instanceof Error ? err.message : String(err);
        // An empty long poll is reported as "no new message" by some proxies: not a problem.
        if (!/no new message|MESSAGE_NOT_FOUND|40401/i.test(text)) this.onProblem(`receive: ${text}`);
        await new Promise((r) => setTimeout(r, RECEIVE_BACKOFF_MS));
        continue;
      }
      // After a close the batch is left unacknowledged: it comes back after its invisible duration.
      if (!this.running || views.length === 0) continue;
      this.ready.push(views);
      this.wakeHandler();
    }
  }

  /** The handler loop: the received batches one at a time, in the order they arrived. */
  private async handleLoop(client: SimpleConsumer): Promise<void> {
    const s = this.spec;
    while (this.running) {
      const views = this.paused ? undefined : this.ready.shift();
      if (views === undefined) {
        await new Promise<void>((resolve) => (this.handlerWaiter = resolve));
        continue;
      }
      this.wakeReceivers();
      const messages = views.map(fromRocketmqMessage);
      const batch: ReceivedBatch = { topic: s.topic, partition: messages[0]?.partition ?? 0, messages };
      if (s.commit !== 'after-process') await this.ack(client, views);
      if (this.crashed) return;
      try {
        await s.onBatch(batch);
      } catch (err) {
        this.onProblem(`handler failed, batch left to come back after its invisible duration: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      // A handler that returns while its consumer closes may have stopped part-way through the
      // batch: what it did not process must come back, so nothing of that batch is acknowledged.
      if (s.commit === 'after-process' && this.running) this.track(this.ack(client, views));
    }
  }

  /** Keeps an acknowledgement in flight until it settles (a graceful close waits for it). */
  private track(p: Promise<void>): void {
    this.acking.add(p);
    void p.finally(() => this.acking.delete(p));
  }

  private wakeHandler(): void {
    const w = this.handlerWaiter;
    this.handlerWaiter = null;
    w?.();
  }

  private wakeReceivers(): void {
    for (const w of this.receiverWaiters.splice(0)) w();
  }

  private async ack(client: SimpleConsumer, views: MessageView[]): Promise<void> {
    const results = await Promise.allSettled(views.map((v) => client.ack(v)));
    const failed = results.filter((r) => r.status === 'rejected').length;
    if (failed > 0) this.onProblem(`${failed} of ${views.length} acknowledgements failed (those messages come back after their invisible duration)`);
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wakeHandler();
    this.wakeReceivers();
  }

  /** Stops the loops (they end with the receives in flight, at most one long poll), waits for the acknowledgements in flight unless it is a crash, then shuts the client down. */
  async close(opts: { commit?: boolean } = {}): Promise<void> {
    if (!this.client) return;
    const client = this.client;
    this.client = null;
    if (opts.commit === false) this.crashed = true;
    this.running = false;
    this.resume();
    await this.loop;
    this.ready.length = 0;
    if (!this.crashed) await Promise.allSettled([...this.acking]);
    const problem = await closeClient(client as unknown as Parameters<typeof closeClient>[0], this.streams);
    if (problem) this.onProblem(`consumer shutdown: ${problem}`);
  }
}
