/**
 * Kafka's own collectors beside the neutral ones (see {@link BrokerCollectors}): per-partition
 * consumer lag and time lag through offsets (`lag.ts`), and the local Kafka broker's JMX
 * exporter (`127.0.0.1:<jmxPort>`, 7071 by default) watched unless `collect.jmxExporter` is
 * given. `jmx.ts`/`jolokia.ts` map Kafka's MBeans (and the JVM's); explicit endpoints of
 * either are honoured for every kind by `../index.ts`.
 */
import type { BrokerCollectors } from '../types.js';
import { LagCollector } from './lag.js';

/** The local Kafka broker's JMX exporter endpoint. */
export function localJmxEndpoint(local: { jmxPort?: number }): string {
  return `127.0.0.1:${local.jmxPort ?? 7071}`;
}

export const KAFKA_COLLECTORS: BrokerCollectors = {
  lag: (driver, targets) => (driver.offsets ? [new LagCollector(driver.offsets, [...targets])] : null),
  defaultJmxExporters: (local) => [localJmxEndpoint(local)],
  // The local broker runs broker and controller in one process: two request-handler pools.
  jmxHandlerPools: (endpoint, local) => (local && endpoint === localJmxEndpoint(local) ? 2 : 1),
};
