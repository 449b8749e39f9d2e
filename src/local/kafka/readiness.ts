/**
 * Is the local broker answering? Polls it with a metadata request through the Kafka driver
 * until it answers, the process dies or a deadline passes, and warms up the group coordinator
 * so the first consumer group of a test does not meet "coordinator is loading".
 */
import { connect } from 'node:net';
import { createDriver } from '../../drivers/index.js';
import type { BrokerInfo } from '../../drivers/types.js';
import { describeError } from '../../errors.js';
import { isProcessAlive } from '../process.js';

/** Client id the local-broker tooling uses towards the broker. */
const CLIENT_ID = 'mqload-local';

/** Result of a readiness wait. */
export type ReadyOutcome =
  | { kind: 'ready'; info: BrokerInfo; elapsedMs: number }
  | { kind: 'exited'; elapsedMs: number }
  | { kind: 'timeout'; lastError: string; elapsedMs: number };

/**
 * Waits until `bootstrap` answers a metadata request (`ready`), process `pid` is gone (`exited`)
 * or `timeoutMs` passed (`timeout`, with the last error). It first waits for the port to accept
 * TCP connections, then asks the driver's probe with the remaining time, so no metadata request
 * is abandoned half-way while the broker is still starting.
 */
export async function waitUntilReady(bootstrap: string, pid: number, timeoutMs: number): Promise<ReadyOutcome> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  const [host, portText] = splitHostPort(bootstrap);
  let lastError = 'no attempt made';
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return { kind: 'exited', elapsedMs: Date.now() - started };
    const refused = await tcpConnectError(host, Number(portText), 1000);
    if (refused === null) break;
    lastError = refused;
    await new Promise((r) => setTimeout(r, 250));
  }
  if (Date.now() >= deadline) return { kind: 'timeout', lastError, elapsedMs: Date.now() - started };
  const driver = createDriver({ type: 'kafka', brokers: [bootstrap] }, { clientId: CLIENT_ID });
  try {
    const info = await driver.probe(Math.max(1000, deadline - Date.now()));
    return { kind: 'ready', info, elapsedMs: Date.now() - started };
  } catch (err) {
    if (!isProcessAlive(pid)) return { kind: 'exited', elapsedMs: Date.now() - started };
    return { kind: 'timeout', lastError: describeError(err), elapsedMs: Date.now() - started };
  } finally {
    await driver.close();
  }
}

/** Splits `host:port`. */
function splitHostPort(address: string): [string, string] {
  const i = address.lastIndexOf(':');
  return [address.slice(0, i), address.slice(i + 1)];
}

/** Opens and closes a TCP connection; resolves null on success, else the error text. */
function tcpConnectError(host: string, port: number, timeoutMs: number): Promise<string | null> {
  return new Promise((resolvePromise) => {
    const socket = connect({ host, port });
    const done = (result: string | null): void => {
      socket.destroy();
      resolvePromise(result);
    };
    socket.setTimeout(timeoutMs, () => done(`no TCP answer within ${timeoutMs} ms`));
    socket.once('connect', () => done(null));
    socket.once('error', (err) => done(describeError(err)));
  });
}

/** One metadata request to `bootstrap`; resolves with the answer or rejects with BrokerUnreachableError. */
export async function probeBroker(bootstrap: string, timeoutMs: number): Promise<BrokerInfo> {
  const driver = createDriver({ type: 'kafka', brokers: [bootstrap] }, { clientId: CLIENT_ID });
  try {
    return await driver.probe(timeoutMs);
  } finally {
    await driver.close();
  }
}

/**
 * Joins and leaves a throwaway consumer group on a throwaway topic (both named
 * `mqload-local-warmup-<time>`), so the broker creates and loads `__consumer_offsets` now rather
 * than during the first test; then deletes the group and topic. Gives up after `timeoutMs`
 * (default 30 s). Rejects with every problem met (the join, the cleanup).
 */
export async function warmUpGroupCoordinator(bootstrap: string, timeoutMs = 30_000): Promise<void> {
  const name = `mqload-local-warmup-${Date.now().toString(36)}`;
  const problems: string[] = [];
  const driver = createDriver({ type: 'kafka', brokers: [bootstrap] }, { clientId: CLIENT_ID });
  const join = async (): Promise<void> => {
    await driver.ensureTopics([{ name, partitions: 1, replicationFactor: 1 }]);
    const consumer = await driver.createConsumer({ groupId: name, consumerId: 'warmup', topic: name, commit: 'auto', onBatch: async () => undefined });
    await consumer.start();
    await consumer.close();
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      join(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no group join within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
      }),
    ]);
  } catch (err) {
    problems.push(describeError(err));
  } finally {
    clearTimeout(timer);
    await driver.close(); // also leaves the group when the join is still pending
  }
  const cleaner = createDriver({ type: 'kafka', brokers: [bootstrap] }, { clientId: CLIENT_ID });
  try {
    await cleaner.deleteGroups([name]);
  } catch (err) {
    problems.push(`deleting group ${name}: ${describeError(err)}`);
  }
  try {
    await cleaner.deleteTopics([name]);
  } catch (err) {
    problems.push(`deleting topic ${name}: ${describeError(err)}`);
  } finally {
    await cleaner.close();
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
}
