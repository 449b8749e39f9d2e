/**
 * The RabbitMQ collectors of a run (`driver.type: rabbitmq`): the management API collector
 * (source `rabbitmq`) and the Prometheus plugin collector (source `rabbitmq-prometheus`), each
 * unless its `collect.rabbitmq*` setting is `false`. Endpoints and credentials: `endpoints.ts`;
 * sample names: `names.ts`. A plugin that is off makes its collector unavailable at start, with
 * a reason saying how to enable it; the run goes on.
 */
import type { Collector, SampleReading } from '../types.js';
import type { CollectorStatus } from '../../record/format.js';
import type { CollectorContext } from '../index.js';
import { scrapeTimeoutMs } from '../index.js';
import { RabbitMqConfigError, resolveRabbitMqEndpoints, type RabbitMqProfilePart } from './endpoints.js';
import { RabbitMqManagementCollector } from './management.js';
import { RabbitMqPrometheusCollector } from './prometheus.js';

export { RABBITMQ_SAMPLE_NAMES, RABBITMQ_SOURCES, memoryName, type RabbitMqSource } from './names.js';
export { RabbitMqManagementCollector } from './management.js';
export { RabbitMqPrometheusCollector } from './prometheus.js';
export { resolveRabbitMqEndpoints, type RabbitMqEndpoints } from './endpoints.js';

/** Stands in for the collectors when the profile's RabbitMQ settings cannot be used: unavailable, with why. */
class MisconfiguredCollector implements Collector {
  readonly name = 'rabbitmq';
  readonly source = 'rabbitmq';
  constructor(private readonly reason: string) {}
  async start(): Promise<CollectorStatus> {
    return { available: false, reason: this.reason };
  }
  async sample(): Promise<SampleReading[]> {
    return [];
  }
  async stop(): Promise<void> {}
}

/** The RabbitMQ collectors `ctx.profile` asks for, not yet started. */
export function rabbitmqCollectors(ctx: Pick<CollectorContext, 'profile'>): Collector[] {
  const profile: RabbitMqProfilePart = ctx.profile;
  let endpoints;
  try {
    endpoints = resolveRabbitMqEndpoints(profile);
  } catch (err) {
    if (err instanceof RabbitMqConfigError) return [new MisconfiguredCollector(err.message)];
    throw err;
  }
  const timeoutMs = scrapeTimeoutMs(ctx.profile.collect?.intervalMs ?? 1000);
  const out: Collector[] = [];
  const { management, prometheus } = endpoints;
  if (management !== null) out.push(new RabbitMqManagementCollector({ ...endpoints, management }, { timeoutMs }));
  if (prometheus !== null) out.push(new RabbitMqPrometheusCollector({ ...endpoints, prometheus }, timeoutMs));
  return out;
}
