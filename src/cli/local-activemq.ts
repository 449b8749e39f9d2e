/**
 * `mqload local up|status|down --broker activemq`: the local Apache ActiveMQ Classic broker
 * (127.0.0.1 only). Same exit codes as for Kafka: `up` 0 running, 4 when the machine lacks
 * something (Java, Maven, a free port) or the broker failed to start; `status` 0 when it runs
 * and answers, 1 when not; `down` 0 (also when nothing was running). The generated password is
 * never printed: the output names the access file that holds it.
 */
import { activemqAccessFile } from '../drivers/activemq/access.js';
import { activemqDown, activemqStatus, activemqUp, type ActivemqState } from '../local/activemq/broker.js';
import type { ActivemqSettings } from '../local/activemq/paths.js';

/** Flags of `local up` that apply to ActiveMQ Classic. */
export interface ActivemqUpFlags {
  port?: number;
  httpPort?: number;
  heap?: string;
  timeout?: number;
}

function describe(s: ActivemqState): string {
  return [
    `  AMQP 1.0:    amqp://${s.bootstrap}  (profile: driver: { type: activemq, url: "amqp://${s.bootstrap}" })`,
    `  Jolokia:     ${s.jolokiaUrl}/  (JMX over HTTP)`,
    `  user:        mqload, password in ${activemqAccessFile()} (mode 0600)`,
    `  heap:        ${s.heap}; memory limit ${s.memoryLimitMb} MiB, store ${s.storeLimitMb} MiB, temp ${s.tempLimitMb} MiB`,
    `  data:        ${s.dataDir}`,
    `  log:         ${s.logFile}`,
    `  pid:         ${s.pid} (started ${s.startedAt})`,
  ].join('\n');
}

export async function activemqUpCommand(flags: ActivemqUpFlags): Promise<void> {
  const settings: Partial<ActivemqSettings> = {};
  if (flags.port !== undefined) settings.amqpPort = flags.port;
  if (flags.httpPort !== undefined) settings.jolokiaPort = flags.httpPort;
  if (flags.heap !== undefined) settings.heap = flags.heap;
  const r = await activemqUp({ settings, timeoutMs: flags.timeout !== undefined ? flags.timeout * 1000 : undefined, log: (line) => process.stderr.write(`${line}\n`) });
  const head = r.alreadyRunning ? `ActiveMQ ${r.state.version} is already running` : `ActiveMQ ${r.state.version} is up (answered after ${(r.startupMs / 1000).toFixed(1)} s)`;
  process.stdout.write(`${head}\n${describe(r.state)}\nstop it with: npx mqload local down --broker activemq\n`);
}

export async function activemqStatusCommand(flags: { json?: boolean }): Promise<void> {
  const s = await activemqStatus();
  const up = s.processAlive && s.answering;
  if (flags.json) process.stdout.write(JSON.stringify({ running: up, ...s }, null, 2) + '\n');
  else if (up && s.state) process.stdout.write(`ActiveMQ ${s.state.version} is running\n${describe(s.state)}\n`);
  else if (s.processAlive && s.state) process.stdout.write(`ActiveMQ process ${s.state.pid} is alive but does not answer: ${s.error ?? 'no answer'}\n`);
  else process.stdout.write('the local ActiveMQ broker is not running (start it with: npx mqload local up --broker activemq)\n');
  if (!up) process.exitCode = 1;
}

export async function activemqDownCommand(flags: { purge?: boolean }): Promise<void> {
  const r = await activemqDown({ purge: flags.purge === true });
  if (r.outcome === 'not-running') process.stdout.write('the local ActiveMQ broker was not running\n');
  else process.stdout.write(`stopped the local ActiveMQ broker (pid ${r.state?.pid}${r.outcome === 'killed' ? ', needed SIGKILL' : ''})\n`);
  for (const dir of r.purged) process.stdout.write(`deleted ${dir}\n`);
}
