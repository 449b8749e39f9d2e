/**
 * `mqload local up|status|down --broker rocketmq`: the local Apache RocketMQ (name server and
 * broker with its gRPC proxy in a loopback-only network namespace, six ports bridged to
 * 127.0.0.1: gRPC, name server, broker remoting, Prometheus exporter, two Jolokia agents). Exit codes as for the other local brokers: `up` 0 running, 4 when the machine lacks
 * something (Java, Maven, socat, root for the namespace, a free port) or the broker failed to
 * start; `status` 0 when it runs and answers, 1 when not; `down` 0.
 */
import { rocketmqDown, rocketmqStatus, rocketmqUp, type RocketmqState } from '../local/rocketmq/broker.js';
import { ROCKETMQ_NAMESRV_HEAP, rocketmqPaths, type RocketmqSettings } from '../local/rocketmq/paths.js';

/** Flags of `local up` that apply to RocketMQ. */
export interface RocketmqUpFlags {
  port?: number;
  heap?: string;
  timeout?: number;
}

function describe(s: RocketmqState): string {
  return [
    `  gRPC:        ${s.bootstrap}  (profile: driver: { type: rocketmq, brokers: ["${s.bootstrap}"] })`,
    `  name server: 127.0.0.1:${s.namesrvPort}`,
    `  broker:      127.0.0.1:${s.brokerPort} (remoting, admin)`,
    `  metrics:     ${s.metricsUrl}`,
    ...(s.jolokiaUrl ? [`  jolokia:     broker JVM ${s.jolokiaUrl}, name server JVM ${s.namesrvJolokiaUrl ?? '-'} (user and password in ${rocketmqPaths().jolokiaAccessFile})`] : []),
    `  namespace:   ${s.netns} (only loopback; the ports above are bridged to 127.0.0.1)`,
    `  heap:        ${s.heap} (broker+proxy), ${ROCKETMQ_NAMESRV_HEAP} (name server)`,
    `  store:       ${s.dataDir}`,
    `  logs:        ${s.jvmLogDir}`,
    `  pids:        broker ${s.pid}, name server ${s.namesrvPid} (started ${s.startedAt})`,
  ].join('\n');
}

export async function rocketmqUpCommand(flags: RocketmqUpFlags): Promise<void> {
  const settings: Partial<RocketmqSettings> = {};
  if (flags.port !== undefined) settings.grpcPort = flags.port;
  if (flags.heap !== undefined) settings.heap = flags.heap;
  const r = await rocketmqUp({ settings, timeoutMs: flags.timeout !== undefined ? flags.timeout * 1000 : undefined, log: (line) => process.stderr.write(`${line}\n`) });
  const head = r.alreadyRunning ? `RocketMQ ${r.state.version} is already running` : `RocketMQ ${r.state.version} is up (answered after ${(r.startupMs / 1000).toFixed(1)} s)`;
  process.stdout.write(`${head}\n${describe(r.state)}\nstop it with: npx mqload local down --broker rocketmq\n`);
}

export async function rocketmqStatusCommand(flags: { json?: boolean }): Promise<void> {
  const s = await rocketmqStatus();
  const up = s.processAlive && s.answering;
  if (flags.json) process.stdout.write(JSON.stringify({ running: up, ...s }, null, 2) + '\n');
  else if (up && s.state) process.stdout.write(`RocketMQ ${s.state.version} is running\n${describe(s.state)}\n`);
  else if (s.processAlive && s.state) process.stdout.write(`RocketMQ process ${s.state.pid} is alive but does not answer: ${s.error ?? 'no answer'}\n`);
  else process.stdout.write('the local RocketMQ is not running (start it with: npx mqload local up --broker rocketmq)\n');
  if (!up) process.exitCode = 1;
}

export async function rocketmqDownCommand(flags: { purge?: boolean }): Promise<void> {
  const r = await rocketmqDown({ purge: flags.purge === true });
  if (r.outcome === 'not-running') process.stdout.write('the local RocketMQ was not running\n');
  else process.stdout.write(`stopped the local RocketMQ (broker pid ${r.state?.pid}, name server pid ${r.state?.namesrvPid}${r.outcome === 'killed' ? ', needed SIGKILL' : ''})\n`);
  for (const dir of r.purged) process.stdout.write(`deleted ${dir}\n`);
}
