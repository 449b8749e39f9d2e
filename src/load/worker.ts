/**
 * Load worker entry: runs this worker's producers and consumers through its own driver
 * instance, answers `collect` with an interval snapshot, and stops on request. One per core by
 * default, so the coordinator's event loop never steals time from the send loop. A worker
 * thread, or a child process for a client that cannot run in threads (see worker-channel.ts).
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createDriver } from '../drivers/index.js';
import { MqloadError, describeError } from '../errors.js';
import { createHistogram, recordMs, percentileMs } from '../metrics/histogram.js';
import { IntervalStats } from './stats.js';
import { nowWallMs } from './headers.js';
import { ProducerRunner } from './producer-runner.js';
import { SendPacer } from './pacer.js';
import { ConsumerRunner } from './consumer-runner.js';
import type { FromWorker, ToWorker, WorkerInit, WorkerClientStats, WorkerResources } from './protocol.js';
import { WorkerDelivery } from '../verify/worker-delivery.js';
import { openWorkerChannel } from './worker-channel.js';

const channel = await openWorkerChannel();
const init: WorkerInit = channel.init;
const index = init.worker.workerIndex;
const send = (m: FromWorker) => channel.send(m);

const driver = createDriver(init.driver, { clientId: `mqload-${init.runId}-${init.clientTag}`, logDir: init.logDir });
/** What keeps message order for the reorder check: partitions, or (competing consumers on one queue) each consumer alone. */
const lanes = driver.capabilities.partitions ? 'partition' : 'consumer';
const stats = new IntervalStats();
const pacer = new SendPacer(nowWallMs);
const producers: ProducerRunner[] = [];
const consumers: ConsumerRunner[] = [];
let shuttingDown = false;
/** The queue audit closed the consumers: a crashed one is not started again. */
let consumersStopped = false;
const delivery = new WorkerDelivery({
  workerIndex: index,
  runId: init.runId,
  verify: init.verify,
  send,
  issued: () => new Map(init.worker.producers.map((p, i) => [p.producerId, producers[i]?.issued ?? 0])),
  consumerIds: init.worker.consumers.map((c) => c.consumerId),
  recordError: (message) => stats.recordError(message),
});

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
let lastElu = performance.eventLoopUtilization();
let lastCpu = channel.cpuMs();
const clientLatency = createHistogram();
let client: WorkerClientStats = emptyClient();
function emptyClient(): WorkerClientStats {
  return { requests: 0, latencyMsSum: 0, latencyP99Ms: 0, timeouts: 0, retries: 0, queueSizeMax: 0 };
}
driver.onClientEvent?.((e) => {
  if (e.type === 'request') {
    client.requests++;
    client.latencyMsSum += e.latencyMs;
    recordMs(clientLatency, e.latencyMs);
  } else if (e.type === 'request-timeout') client.timeouts++;
  else if (e.type === 'retry') client.retries++;
  else if (e.type === 'request-queue-size') client.queueSizeMax = Math.max(client.queueSizeMax, e.size);
});

async function setup(): Promise<void> {
  for (const p of init.worker.producers) {
    const runner = new ProducerRunner(driver, {
      plan: p,
      segments: init.segments,
      warmupMs: init.warmupMs,
      runId: init.runId,
      message: init.message,
      stats,
      observer: delivery.produceObserver(),
      pacer,
    });
    await runner.connect();
    producers.push(runner);
  }
  for (const c of init.worker.consumers) {
    const runner = new ConsumerRunner(driver, c, init.runId, stats, delivery.consumeObserver(c.consumerId, lanes));
    consumers.push(runner);
  }
  // Consumers join only once the coordinator has positioned their groups (see broker-setup).
  if (consumers.length > 0) await consumersMayStart;
  await Promise.all(consumers.map((c) => c.start()));
}

let allowConsumers: () => void = () => undefined;
const consumersMayStart = new Promise<void>((resolve) => (allowConsumers = resolve));

function snapshot(seq: number): void {
  const inFlight = producers.reduce((s, p) => s + p.inFlight, 0);
  const elu = performance.eventLoopUtilization(lastElu);
  lastElu = performance.eventLoopUtilization();
  const cpu = channel.cpuMs();
  // The pacer's fine waits block the loop on purpose (a sleep, not work): leave them out of the utilisation.
  const blocked = pacer.takeBlockedMs();
  const total = elu.idle + elu.active;
  const resources: WorkerResources = {
    eventLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    eventLoopDelayMaxMs: loopDelay.max / 1e6,
    elu: total > 0 ? Math.max(0, elu.active - blocked) / total : elu.utilization,
  };
  if (cpu && lastCpu) {
    resources.cpuUserMs = cpu.userMs - lastCpu.userMs;
    resources.cpuSystemMs = cpu.systemMs - lastCpu.systemMs;
  }
  lastCpu = cpu;
  loopDelay.reset();
  client.latencyP99Ms = clientLatency.totalCount > 0 ? percentileMs(clientLatency, 99) : 0;
  const c = client;
  client = emptyClient();
  clientLatency.reset();
  send({
    type: 'snapshot',
    workerIndex: index,
    seq,
    snapshot: delivery.decorate(stats.snapshot(inFlight)),
    resources,
    client: c,
    producersFinished: producers.every((p) => p.finished),
  });
  delivery.ship(0);
}

/** Crashes one consumer (no commit, in-flight batch abandoned) and starts a new member of its group after `downForMs`. */
async function crashConsumer(consumerId: string | null, downForMs: number): Promise<void> {
  const i = consumerId === null ? 0 : init.worker.consumers.findIndex((c) => c.consumerId === consumerId);
  const plan = init.worker.consumers[i];
  const runner = consumers[i];
  if (!plan || !runner) return;
  const owned = runner.assignment.length > 0 ? `partitions ${runner.assignment.join(', ')}` : 'no partitions';
  send({ type: 'event', workerIndex: index, kind: 'consumer-crash', message: `consumer ${plan.consumerId} of ${plan.groupId} (${owned}) crashed (no commit); rejoining in ${downForMs / 1000} s` });
  await runner.close({ commit: false });
  await new Promise((r) => setTimeout(r, downForMs));
  if (shuttingDown || consumersStopped) return;
  const fresh = new ConsumerRunner(driver, plan, init.runId, stats, delivery.consumeObserver(plan.consumerId, lanes));
  consumers[i] = fresh;
  await fresh.start();
  send({ type: 'consumer-rejoined', workerIndex: index, consumerId: plan.consumerId, atWall: nowWallMs() });
}

/** Closes every consumer for good (the queue audit counts the queue afterwards), then answers. */
async function stopConsumers(): Promise<void> {
  consumersStopped = true;
  await Promise.allSettled(consumers.map((c) => c.close()));
  send({ type: 'consumers-stopped', workerIndex: index });
}

async function shutdown(): Promise<void> {
  shuttingDown = true;
  pacer.stop();
  await Promise.allSettled(producers.map((p) => p.stop(0)));
  await Promise.allSettled(consumers.map((c) => c.close()));
  await Promise.allSettled(producers.map((p) => p.close()));
  await driver.close();
  loopDelay.disable();
  send({ type: 'closed', workerIndex: index });
  channel.close();
}

channel.onMessage((m: ToWorker) => {
  if (delivery.handle(m)) return;
  switch (m.type) {
    case 'start-consumers':
      allowConsumers();
      break;
    case 'start':
      stats.warmupEndWall = m.startWallMs + init.warmupMs;
      for (const p of producers) p.run(m.startWallMs);
      break;
    case 'collect':
      snapshot(m.seq);
      break;
    case 'stop-producers':
      void Promise.all(producers.map((p) => p.stop(m.timeoutMs))).then(() =>
        send({ type: 'producers-stopped', workerIndex: index, inFlight: producers.reduce((s, p) => s + p.inFlight, 0) }),
      );
      break;
    case 'pause-consumers':
      for (const c of consumers) c.pause();
      break;
    case 'resume-consumers':
      for (const c of consumers) c.resume();
      break;
    case 'crash-consumer':
      crashConsumer(m.consumerId, m.downForMs).catch((err: unknown) =>
        send({ type: 'event', workerIndex: index, kind: 'note', message: `consumer crash/rejoin failed: ${describeError(err)}` }),
      );
      break;
    case 'stop-consumers':
      void stopConsumers();
      break;
    case 'shutdown':
      void shutdown();
      break;
  }
});

setup().then(
  () => send({ type: 'ready', workerIndex: index }),
  (err: unknown) => {
    const e = err instanceof MqloadError ? err : null;
    send({ type: 'fatal', workerIndex: index, message: describeError(err), exitCode: e ? e.exitCode : 1, hint: e?.hint });
  },
);
