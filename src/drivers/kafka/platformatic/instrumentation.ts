/**
 * Request instrumentation for the platformatic client, from the library's diagnostics channel
 * (`plt:kafka:connections:api`, a tracing channel: `start` when a request is written, `asyncStart`
 * when its response arrives). Each request becomes one {@link ClientEvent} `request` with its
 * latency (ms), API name and broker, as kafkajs reports them. The channel is per thread, so
 * every platformatic client of a thread hears every request of the thread (one driver per load
 * worker, so a worker's figures are its own).
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientEvent } from '../../types.js';

const START = 'tracing:plt:kafka:connections:api:start';
const RESPONSE = 'tracing:plt:kafka:connections:api:asyncStart';

/** Kafka API names by key, for the APIs a load run uses (others appear as `api-<key>`). */
const API_NAMES: Record<number, string> = {
  0: 'Produce',
  1: 'Fetch',
  2: 'ListOffsets',
  3: 'Metadata',
  8: 'OffsetCommit',
  9: 'OffsetFetch',
  10: 'FindCoordinator',
  11: 'JoinGroup',
  12: 'Heartbeat',
  13: 'LeaveGroup',
  14: 'SyncGroup',
  18: 'ApiVersions',
  22: 'InitProducerId',
};

interface ApiDiagnostic {
  apiKey?: number;
  connection?: { host?: string; port?: number };
}

const started = new WeakMap<object, number>();
const listeners = new Set<(e: ClientEvent) => void>();

function onStart(message: unknown): void {
  if (typeof message === 'object' && message !== null) started.set(message, performance.now());
}

function onResponse(message: unknown): void {
  if (typeof message !== 'object' || message === null) return;
  const t0 = started.get(message);
  if (t0 === undefined) return;
  started.delete(message);
  const d = message as ApiDiagnostic;
  const key = typeof d.apiKey === 'number' ? d.apiKey : -1;
  const e: ClientEvent = {
    type: 'request',
    latencyMs: performance.now() - t0,
    api: API_NAMES[key] ?? `api-${key}`,
    broker: d.connection?.host !== undefined ? `${d.connection.host}:${d.connection.port ?? ''}` : 'unknown',
  };
  for (const l of listeners) l(e);
}

/** Forwards request events of this thread to `emit` until the returned function is called. */
export function instrumentRequests(emit: (e: ClientEvent) => void): () => void {
  if (listeners.size === 0) {
    subscribe(START, onStart);
    subscribe(RESPONSE, onResponse);
  }
  listeners.add(emit);
  return () => {
    listeners.delete(emit);
    if (listeners.size === 0) {
      unsubscribe(START, onStart);
      unsubscribe(RESPONSE, onResponse);
    }
  };
}
