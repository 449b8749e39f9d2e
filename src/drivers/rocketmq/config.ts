/**
 * The RocketMQ part of a profile's `driver` section: `brokers` (the proxy's gRPC endpoints the
 * client connects to) and client and admin tuning in `driver.config` by clear names. One table
 * ({@link ROCKETMQ_TUNING_KEYS}) gives the TypeBox schema (unknown keys refused with their path)
 * and the defaults. The defaults fit the local broker (`mqload local up --broker rocketmq`).
 */
import { Type, type TObject } from '@sinclair/typebox';
import { HostPort, Strict } from '../../profile/schema-parts.js';
import type { DriverConfig } from '../types.js';

/** The gRPC endpoint a profile gets when `driver.brokers` is left out: the local proxy. */
export const DEFAULT_ROCKETMQ_ENDPOINT = '127.0.0.1:8081';

/** Client and admin tuning of the RocketMQ driver, every field filled in. */
export interface RocketmqTuning {
  /** Name server `host:port` (admin: topic deletion). */
  namesrv: string;
  /** Broker remoting `host:port` (admin: topics, groups, offsets, lag). */
  brokerAddress: string;
  /** Cluster name of the broker (`brokerClusterName`). */
  cluster: string;
  /** Read and write queues a created topic gets. */
  queues: number;
  /** Long-polling wait of one receive, ms (the proxy refuses less than about 2.1 s with its default 5 s floor minus the request timeout). */
  pollMs: number;
  /** How long a received message stays invisible to other consumers before it is delivered again unless acknowledged, ms. */
  invisibleMs: number;
  /** Most messages per receive (the proxy caps it at 32). */
  consumerBatch: number;
  /** Receive calls each consumer keeps in flight (each holds at most one batch ready for the handler). */
  receivers: number;
  /** Per-request timeout of the gRPC client, ms. */
  requestTimeoutMs: number;
  /** Send attempts of the client (1 = no retry). */
  maxAttempts: number;
}

type KeySpec = { kind: 'integer'; min: number; max: number; description: string } | { kind: 'string'; description: string };

/** Every `driver.config` key the RocketMQ driver understands. */
export const ROCKETMQ_TUNING_KEYS: { readonly [K in keyof RocketmqTuning]: KeySpec } = {
  namesrv: { kind: 'string', description: 'name server host:port; default 127.0.0.1:9876' },
  brokerAddress: { kind: 'string', description: 'broker remoting host:port for topics, groups and lag; default 127.0.0.1:10911' },
  cluster: { kind: 'string', description: 'broker cluster name; default mqload (the local broker)' },
  queues: { kind: 'integer', min: 1, max: 1024, description: 'message queues of a created topic; default 4' },
  pollMs: { kind: 'integer', min: 2500, max: 30000, description: 'long-polling wait of one receive, ms; default 3000' },
  invisibleMs: { kind: 'integer', min: 10000, max: 43200000, description: 'invisible duration of a received message until it is acknowledged, ms (the proxy refuses less than its minInvisibleTimeMillsForRecv, 10 s by default); default 15000' },
  consumerBatch: { kind: 'integer', min: 1, max: 32, description: 'most messages per receive; default 32' },
  receivers: { kind: 'integer', min: 1, max: 16, description: 'receive calls each consumer keeps in flight, each holding at most one batch ready for the handler; default 4' },
  requestTimeoutMs: { kind: 'integer', min: 1000, max: 600000, description: 'gRPC request timeout, ms; default 3000' },
  maxAttempts: { kind: 'integer', min: 1, max: 100, description: 'send attempts of the client (1 = no retry); default 3' },
};

export const DEFAULT_ROCKETMQ_TUNING: RocketmqTuning = {
  namesrv: '127.0.0.1:9876',
  brokerAddress: '127.0.0.1:10911',
  cluster: 'mqload',
  queues: 4,
  pollMs: 3000,
  invisibleMs: 15000,
  consumerBatch: 32,
  receivers: 4,
  requestTimeoutMs: 3000,
  maxAttempts: 3,
};

/** TypeBox schema of `driver.config` for RocketMQ (unknown keys refused). */
export const RocketmqConfigSchema: TObject = Strict(
  Object.fromEntries(
    Object.entries(ROCKETMQ_TUNING_KEYS).map(([k, s]) => [
      k,
      Type.Optional(s.kind === 'integer' ? Type.Integer({ minimum: s.min, maximum: s.max, description: s.description }) : Type.String({ minLength: 1, description: s.description })),
    ]),
  ),
  { description: 'RocketMQ client and admin tuning (queues, pollMs, invisibleMs, consumerBatch, namesrv, brokerAddress, …)' },
);

/** TypeBox schema of the whole `driver` section when `type` is rocketmq. */
export const RocketmqDriverSchema: TObject = Strict(
  {
    type: Type.Literal('rocketmq', { description: 'broker kind: Apache RocketMQ 5 through its proxy (gRPC)' }),
    brokers: Type.Optional(Type.Array(HostPort, { minItems: 1, description: `the proxy's gRPC endpoints; default ${DEFAULT_ROCKETMQ_ENDPOINT} (the local broker)` })),
    config: Type.Optional(RocketmqConfigSchema),
  },
  { description: 'how to reach and tune the RocketMQ client (separate from the workload)' },
);

/** The tuning of a validated config, defaults filled in. */
export function rocketmqTuningOf(config: DriverConfig): RocketmqTuning {
  const src = config.config ?? {};
  const out = { ...DEFAULT_ROCKETMQ_TUNING } as unknown as Record<string, unknown>;
  for (const key of Object.keys(ROCKETMQ_TUNING_KEYS)) if (src[key] !== undefined) out[key] = src[key];
  return out as unknown as RocketmqTuning;
}

/** The gRPC endpoints of a config (`brokers`, else the local proxy's). */
export function rocketmqEndpoints(config: Pick<DriverConfig, 'brokers'>): string[] {
  return config.brokers && config.brokers.length > 0 ? [...config.brokers] : [DEFAULT_ROCKETMQ_ENDPOINT];
}
