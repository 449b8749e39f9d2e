/**
 * mqload's Grafana dashboards and where they are written: `grafana/dashboards/<file>`, which
 * Grafana loads through `grafana/provisioning/dashboards/mqload.yaml` (docker-compose) or which
 * a user imports by hand. The JSON files are generated from this code by `gen-dashboards.ts`.
 */
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dashboard } from './grafana.js';
import { mqloadRunDashboard } from './mqload-run.js';
import { kafkaBrokerDashboard } from './kafka-broker.js';
import { rabbitmqBrokerDashboard } from './rabbitmq-broker.js';
import { artemisBrokerDashboard } from './artemis-broker.js';
import { activemqBrokerDashboard } from './activemq-broker.js';
import { rocketmqBrokerDashboard } from './rocketmq-broker.js';

export { renderDashboard, type Dashboard } from './grafana.js';

/** A shipped dashboard: its file name under `grafana/dashboards/` and its builder. */
export interface ShippedDashboard {
  file: string;
  build: () => Dashboard;
}

/** The dashboards, in the order an operator opens them. */
export const DASHBOARDS: readonly ShippedDashboard[] = [
  { file: 'mqload-run.json', build: mqloadRunDashboard },
  { file: 'kafka-broker.json', build: kafkaBrokerDashboard },
  { file: 'rabbitmq-broker.json', build: rabbitmqBrokerDashboard },
  { file: 'artemis-broker.json', build: artemisBrokerDashboard },
  { file: 'activemq-broker.json', build: activemqBrokerDashboard },
  { file: 'rocketmq-broker.json', build: rocketmqBrokerDashboard },
];

/** The repository's `grafana/dashboards/` folder (this file is `src/dashboards/` or `dist/src/dashboards/`). */
export const DASHBOARDS_DIR = resolveDashboardsDir();

function resolveDashboardsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const compiled = basename(dirname(dirname(here))) === 'dist';
  return join(here, ...(compiled ? ['..', '..', '..'] : ['..', '..']), 'grafana', 'dashboards');
}
