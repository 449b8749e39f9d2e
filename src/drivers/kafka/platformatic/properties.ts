/**
 * The `driver.config` properties the platformatic client reads beyond the connection properties
 * every client accepts and the workload's own (see `clients.ts`). Kept apart from `config.ts` so
 * the client table can list them without loading the library.
 */
export const PLATFORMATIC_PROPERTIES: readonly string[] = [
  'retry.backoff.ms',
  'retry.backoff.max.ms',
  'metadata.max.age.ms',
  'ssl.ca.location',
  'ssl.certificate.location',
  'ssl.key.location',
  'ssl.key.password',
  'max.in.flight.requests.per.connection',
  'session.timeout.ms',
  'heartbeat.interval.ms',
  'rebalance.timeout.ms',
  'fetch.min.bytes',
  'fetch.max.bytes',
  'fetch.max.wait.ms',
  'max.partition.fetch.bytes',
  'isolation.level',
  'auto.commit.interval.ms',
  'max.poll.records',
];
