/**
 * RabbitMQ broker state from the management HTTP API (`rabbitmq_management` plugin): nodes
 * (memory vs watermark, alarms, file descriptors, sockets, Erlang processes, memory breakdown),
 * the run's vhost's queues (depth, consumers, consumer capacity, rates, flow state), and
 * connection and channel states (flow control, blocked publishers, prefetch, unconfirmed).
 */
import type { Collector, SampleReading } from '../types.js';
import type { CollectorStatus } from '../../record/format.js';
import { describeError } from '../../errors.js';
import { COLUMNS, ENABLE_HINT, ManagementApi, ManagementApiError, type ApiChannel, type ApiConnection, type ApiNode, type ApiNodeMemory, type ApiQueue } from './http-api.js';
import { nodeValues, queueValues, totalValues } from './management-readings.js';
import { endpointName, type RabbitMqEndpoints } from './endpoints.js';
import type { RABBITMQ_SAMPLE_NAMES } from './names.js';

/** Tuning of the management collector. */
export interface ManagementCollectorOptions {
  /** HTTP timeout of one request, ms. */
  timeoutMs: number;
  /** Queues read per sample, deepest first (default 500): the API pages, and every queue costs broker CPU. */
  maxQueues?: number;
  /** Shortest time between two memory breakdowns of a node, ms (default 5 000): the broker walks every process for it. */
  memoryEveryMs?: number;
}

/** A page of `/api/queues/{vhost}?page=…`. */
interface QueuePage {
  items: ApiQueue[];
  total_count?: number;
}

/** Number of queues in the vhost (`total_count` of the page), a broker-wide sample value. */
export const QUEUES_IN_VHOST = 'queues';

/**
 * Samples (`source: 'rabbitmq'`, `instance: <host:port>` of the API):
 * one per node (`labels { node }`), one per queue (`labels { vhost, queue }`) and one broker-wide
 * (no labels: connection/channel states, prefetch, the queue values summed over the listed
 * queues, and `queues`, the vhost's queue count). Names: {@link RABBITMQ_SAMPLE_NAMES}.
 */
export class RabbitMqManagementCollector implements Collector {
  readonly source = 'rabbitmq';
  readonly name: string;
  private readonly api: ManagementApi;
  private readonly instance: string;
  private readonly lastMemoryAt = new Map<string, number>();

  constructor(private readonly endpoints: RabbitMqEndpoints & { management: string }, private readonly opts: ManagementCollectorOptions) {
    this.instance = endpointName(endpoints.management);
    this.name = `rabbitmq:${this.instance}`;
    this.api = new ManagementApi(endpoints.management, endpoints.auth, opts.timeoutMs);
  }

  async start(): Promise<CollectorStatus> {
    try {
      await this.api.get<unknown>('/api/overview?columns=rabbitmq_version');
      return { available: true };
    } catch (err) {
      const missing = err instanceof ManagementApiError && (err.status === 0 || err.status === 404);
      const why = `RabbitMQ management API unavailable (${describeError(err)})`;
      return { available: false, reason: this.endpoints.redact(missing ? `${why}: ${ENABLE_HINT.management}` : why) };
    }
  }

  async sample(): Promise<SampleReading[]> {
    try {
      return await this.read();
    } catch (err) {
      throw new Error(this.endpoints.redact(describeError(err)));
    }
  }

  private async read(): Promise<SampleReading[]> {
    const vhost = encodeURIComponent(this.endpoints.vhost);
    const pageSize = this.opts.maxQueues ?? 500;
    const [nodes, page, connections, channels] = await Promise.all([
      this.api.get<ApiNode[]>(ManagementApi.withColumns('/api/nodes', COLUMNS.nodes)),
      this.api.get<QueuePage>(ManagementApi.withColumns(`/api/queues/${vhost}?page=1&page_size=${pageSize}&sort=messages&sort_reverse=true`, COLUMNS.queues)),
      this.api.get<ApiConnection[]>(ManagementApi.withColumns('/api/connections', COLUMNS.connections)),
      this.api.get<ApiChannel[]>(ManagementApi.withColumns('/api/channels', COLUMNS.channels)),
    ]);
    const memories = await Promise.all(nodes.map((n) => this.memoryIfDue(n)));
    const out: SampleReading[] = nodes.map((n, i) => ({ source: this.source, instance: this.instance, labels: { node: n.name }, values: nodeValues(n, memories[i]) }));
    for (const q of page.items) out.push({ source: this.source, instance: this.instance, labels: { vhost: q.vhost, queue: q.name }, values: queueValues(q) });
    const totals = totalValues(connections, channels, page.items);
    totals[QUEUES_IN_VHOST] = page.total_count ?? page.items.length;
    out.push({ source: this.source, instance: this.instance, values: totals });
    return out;
  }

  /** The node's memory breakdown when the last one is older than `memoryEveryMs`; a failure only drops it. */
  private async memoryIfDue(node: ApiNode): Promise<ApiNodeMemory | undefined> {
    if (node.running === false) return undefined;
    const now = Date.now();
    if (now - (this.lastMemoryAt.get(node.name) ?? 0) < (this.opts.memoryEveryMs ?? 5000)) return undefined;
    this.lastMemoryAt.set(node.name, now);
    return this.api.get<ApiNodeMemory>(`/api/nodes/${encodeURIComponent(node.name)}/memory`).catch(() => undefined);
  }

  async stop(): Promise<void> {}
}

