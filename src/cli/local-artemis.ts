/**
 * `mqload local up|status|down --broker artemis`: the local Apache Artemis broker (127.0.0.1
 * only). Same exit codes as for Kafka: `up` 0 running, 4 when the machine lacks something (Java,
 * Maven, a free port) or the broker failed to start; `status` 0 when it runs and answers, 1
 * when not; `down` 0 (also when nothing was running). The generated password is never printed:
 * the output names the access file that holds it.
 */
import { accessFile } from '../drivers/artemis/access.js';
import { artemisDown, artemisStatus, artemisUp, type ArtemisState } from '../local/artemis/broker.js';
import type { ArtemisSettings } from '../local/artemis/paths.js';

/** Flags of `local up` that apply to Artemis. */
export interface ArtemisUpFlags {
  port?: number;
  corePort?: number;
  httpPort?: number;
  heap?: string;
  timeout?: number;
}

function describe(s: ArtemisState): string {
  return [
    `  AMQP 1.0:    amqp://${s.bootstrap}  (profile: driver: { type: artemis, url: "amqp://${s.bootstrap}" })`,
    `  core:        tcp://127.0.0.1:${s.corePort}`,
    `  Jolokia:     ${s.jolokiaUrl}/  (console: http://127.0.0.1:${s.httpPort}/console)`,
    `  user:        mqload, password in ${accessFile()} (mode 0600)`,
    `  heap:        ${s.heap}`,
    `  data:        ${s.dataDir}`,
    `  log:         ${s.logFile}`,
    `  pid:         ${s.pid} (started ${s.startedAt})`,
  ].join('\n');
}

export async function artemisUpCommand(flags: ArtemisUpFlags): Promise<void> {
  const settings: Partial<ArtemisSettings> = {};
  if (flags.port !== undefined) settings.amqpPort = flags.port;
  if (flags.corePort !== undefined) settings.corePort = flags.corePort;
  if (flags.httpPort !== undefined) settings.httpPort = flags.httpPort;
  if (flags.heap !== undefined) settings.heap = flags.heap;
  const r = await artemisUp({ settings, timeoutMs: flags.timeout !== undefined ? flags.timeout * 1000 : undefined, log: (line) => process.stderr.write(`${line}\n`) });
  const head = r.alreadyRunning ? `Artemis ${r.state.version} is already running` : `Artemis ${r.state.version} is up (answered after ${(r.startupMs / 1000).toFixed(1)} s)`;
  process.stdout.write(`${head}\n${describe(r.state)}\nstop it with: npx mqload local down --broker artemis\n`);
}

export async function artemisStatusCommand(flags: { json?: boolean }): Promise<void> {
  const s = await artemisStatus();
  const up = s.processAlive && s.answering;
  if (flags.json) process.stdout.write(JSON.stringify({ running: up, ...s }, null, 2) + '\n');
  else if (up && s.state) process.stdout.write(`Artemis ${s.state.version} is running\n${describe(s.state)}\n`);
  else if (s.processAlive && s.state) process.stdout.write(`Artemis process ${s.state.pid} is alive but does not answer: ${s.error ?? 'no answer'}\n`);
  else process.stdout.write('the local Artemis broker is not running (start it with: npx mqload local up --broker artemis)\n');
  if (!up) process.exitCode = 1;
}

export async function artemisDownCommand(flags: { purge?: boolean }): Promise<void> {
  const r = await artemisDown({ purge: flags.purge === true });
  if (r.outcome === 'not-running') process.stdout.write('the local Artemis broker was not running\n');
  else process.stdout.write(`stopped the local Artemis broker (pid ${r.state?.pid}${r.outcome === 'killed' ? ', needed SIGKILL' : ''})\n`);
  for (const dir of r.purged) process.stdout.write(`deleted ${dir}\n`);
}
