/**
 * RocketMQ producer behind {@link DriverProducer}: one `Producer` of rocketmq-client-nodejs (gRPC
 * to the proxy). The client sends one message per call, so every ticket is one `send`:
 * - sync: the load layer keeps one outstanding, so each send is awaited before the next;
 * - async: up to the load layer's window of sends concurrently in flight;
 * - oneway: **emulated**. The v5 protocol has no one-way send; the message is sent as in async
 *   mode and its ticket acknowledged at once, without waiting for the receipt: its fate is
 *   unknown to mqload. A send that fails later is counted ({@link emulatedOnewayFailures}) and
 *   reported as a client event, never as a failed ticket (that was already acknowledged).
 * A failure after the client's own attempts (`maxAttempts`) fails the ticket with its reason
 * ({@link sendFailure}: the response code and text, without the request id).
 */
import { Producer } from 'rocketmq-client-nodejs';
import type { DriverProducer, OutgoingMessage, SendListener, SendMode } from '../types.js';
import { TurnCollector } from '../turn-collector.js';
import { clientLogger, closeClient, headerText, trackStreams } from './client.js';

/** How long `close` waits for sends still in flight, ms. */
const CLOSE_WAIT_MS = 10_000;

export interface RocketmqProducerSpec {
  endpoints: string;
  topic: string;
  mode: SendMode;
  requestTimeoutMs: number;
  maxAttempts: number;
  /** See {@link clientLogger}. */
  logDir: string | undefined;
}

/**
 * A send failure as the run records it: the client's message without its per-request id
 * (`[request-id=…, response-code=42900] …` → `[response-code=42900] …`) and with the broker's
 * flow-control figures masked (`period in queue: 201ms, size of queue: 12` → `Nms`, `N`), so
 * equal failures count as one kind in the record's per-interval errors instead of one kind each.
 */
export function sendFailure(err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  const kind = message
    .replace(/request-id=[^,\]]*,\s*/, '')
    .replace(/\b\d+ms\b/g, 'Nms')
    .replace(/(size of queue: )\d+/g, '$1N');
  const out = new Error(kind);
  if (err instanceof Error) out.name = err.name;
  return out;
}

/** The message the client sends for one outgoing message: headers as user properties (latin-1 text), the key as the message key. */
export function toRocketmqMessage(topic: string, m: OutgoingMessage): { topic: string; body: Buffer; keys?: string[]; properties: Map<string, string> } {
  const properties = new Map<string, string>();
  for (const [k, v] of Object.entries(m.headers)) properties.set(k, headerText(v));
  return { topic, body: m.value, ...(m.key ? { keys: [headerText(m.key)] } : {}), properties };
}

export class RocketmqProducer implements DriverProducer {
  private inflight = 0;
  private closed = false;
  private drained: (() => void) | null = null;
  private readonly acks = new TurnCollector<number>((t) => this.listener.acked(t));
  /** Sends of emulated one-way mode that failed after their ticket was acknowledged. */
  emulatedOnewayFailures = 0;

  private constructor(
    private readonly client: Producer,
    private readonly streams: ReturnType<typeof trackStreams>,
    private readonly spec: RocketmqProducerSpec,
    private readonly listener: SendListener,
    private readonly onProblem: (reason: string) => void,
  ) {}

  /** Starts the client (fetches the topic's route). Rejects with the client's reason. */
  static async open(spec: RocketmqProducerSpec, listener: SendListener, onProblem: (reason: string) => void = () => undefined): Promise<RocketmqProducer> {
    const client = new Producer({ endpoints: spec.endpoints, namespace: '', logger: clientLogger(spec.logDir), topics: [spec.topic], requestTimeout: spec.requestTimeoutMs, maxAttempts: spec.maxAttempts });
    const streams = trackStreams(client as unknown as Parameters<typeof trackStreams>[0]);
    try {
      await client.startup();
    } catch (err) {
      await closeClient(client as unknown as Parameters<typeof closeClient>[0], streams);
      throw err;
    }
    return new RocketmqProducer(client, streams, spec, listener, onProblem);
  }

  send(ticket: number, message: OutgoingMessage): void {
    if (this.closed) {
      this.listener.failed([ticket], new Error('producer closed'));
      return;
    }
    const oneway = this.spec.mode === 'oneway';
    this.inflight++;
    if (oneway) this.acks.push(ticket);
    this.client.send(toRocketmqMessage(this.spec.topic, message)).then(
      () => {
        if (!oneway) this.acks.push(ticket);
        this.settle();
      },
      (err: unknown) => {
        if (oneway) {
          this.emulatedOnewayFailures++;
          this.onProblem(`emulated one-way send failed after its ticket was acknowledged: ${err instanceof Error ? err.message : String(err)}`);
        } else {
          this.listener.failed([ticket], sendFailure(err));
        }
        this.settle();
      },
    );
  }

  private settle(): void {
    this.inflight--;
    if (this.inflight === 0 && this.drained) this.drained();
  }

  /** Every send goes out at once; nothing is held back. */
  flush(): void {}

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.inflight > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, CLOSE_WAIT_MS);
        this.drained = () => (clearTimeout(t), resolve());
      });
    }
    const problem = await closeClient(this.client as unknown as Parameters<typeof closeClient>[0], this.streams);
    if (problem) this.onProblem(`producer shutdown: ${problem}`);
  }
}
