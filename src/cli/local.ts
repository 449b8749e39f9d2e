/**
 * `mqload local up|status|down`: the local single-node Kafka broker (KRaft, 127.0.0.1 only), or
 * with `--broker artemis` the local Apache Artemis broker (see `local-artemis.ts`), with
 * `--broker rocketmq` the local Apache RocketMQ (see `local-rocketmq.ts`), with
 * `--broker activemq` the local ActiveMQ Classic broker (see `local-activemq.ts`).
 *
 * Exit codes: `up` 0 when the broker runs (started or already running), 4 when the machine lacks
 * something (Java, Maven, a free port) or the broker failed to start; `status` 0 when the broker
 * runs and answers, 1 when it does not; `down` 0 (also when nothing was running).
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { localDown, localStatus, localUp, settingsOf, type LocalBrokerSettings, type LocalBrokerState } from '../local/kafka/index.js';
import { UsageError } from '../errors.js';
import { artemisDownCommand, artemisStatusCommand, artemisUpCommand } from './local-artemis.js';
import { rocketmqDownCommand, rocketmqStatusCommand, rocketmqUpCommand } from './local-rocketmq.js';
import { activemqDownCommand, activemqStatusCommand, activemqUpCommand } from './local-activemq.js';

/** The brokers `mqload local` can start: Kafka (default), Apache Artemis, Apache RocketMQ and ActiveMQ Classic. */
const LOCAL_BROKERS = ['kafka', 'artemis', 'rocketmq', 'activemq'] as const;
type LocalBrokerKind = (typeof LOCAL_BROKERS)[number];

/** The `--broker` option, shared by the subcommands. */
function brokerOption(): Option {
  return new Option('--broker <kind>', 'which local broker').choices(LOCAL_BROKERS).default('kafka');
}

/** Parses a TCP port flag value. */
function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InvalidArgumentError('expected a port number between 1 and 65535');
  return n;
}

/** Parses a thread count: a whole number from 1 to 256 (commander names the flag). */
function parseThreadCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new InvalidArgumentError('expected a whole number from 1 to 256');
  return n;
}

/** Parses a positive number of seconds. */
function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number of seconds');
  return n;
}

/** The lines describing a running broker. */
function describe(state: LocalBrokerState): string {
  return [
    `  bootstrap:   ${state.bootstrap}`,
    `  JMX metrics: ${state.metricsUrl}`,
    `  controller:  127.0.0.1:${state.controllerPort}`,
    `  heap:        ${state.heap}`,
    `  threads:     ${settingsOf(state).ioThreads} request handler (num.io.threads), ${settingsOf(state).networkThreads} network (num.network.threads)`,
    `  data:        ${state.dataDir}`,
    `  log:         ${state.serverLog}`,
    `  pid:         ${state.pid} (started ${state.startedAt})`,
  ].join('\n');
}

interface UpFlags {
  broker: LocalBrokerKind;
  port?: number;
  corePort?: number;
  httpPort?: number;
  controllerPort?: number;
  jmxPort?: number;
  heap?: string;
  ioThreads?: number;
  networkThreads?: number;
  timeout?: number;
  warmUp: boolean;
}

/** Registers `mqload local` and its subcommands. */
export function register(program: Command): void {
  const local = program
    .command('local')
    .description('run a local single-node Kafka broker (KRaft), Apache Artemis (--broker artemis), Apache RocketMQ (--broker rocketmq) or ActiveMQ Classic (--broker activemq), on 127.0.0.1 for trying mqload out and for tests');

  local
    .command('up')
    .description('start the local broker (downloads the Kafka or ActiveMQ jars or the Artemis distribution with Maven on first use) and wait until it answers')
    .addOption(brokerOption())
    .option('--port <port>', 'client port (default 9092; Artemis: the AMQP port, default 5673; RocketMQ: the gRPC port, default 8081; ActiveMQ: the AMQP port, default 5674)', parsePort)
    .option('--core-port <port>', 'Artemis: core protocol port (default 61616)', parsePort)
    .option('--http-port <port>', 'Artemis: web console and Jolokia port (default 8161); ActiveMQ: its Jolokia agent (default 8162)', parsePort)
    .option('--controller-port <port>', 'KRaft controller port (default: port + 1)', parsePort)
    .option('--jmx-port <port>', 'port of the Prometheus JMX exporter (default 7071)', parsePort)
    .option('--heap <size>', 'JVM heap, e.g. 512m or 2g (default 1g; Artemis 512M; ActiveMQ 256m)')
    .option('--io-threads <n>', 'Kafka: request handler threads, num.io.threads (default 8)', parseThreadCount)
    .option('--network-threads <n>', 'Kafka: network threads, num.network.threads (default 3)', parseThreadCount)
    .option('--timeout <seconds>', 'how long to wait for the broker to answer (default 60)', parseSeconds)
    .option('--no-warm-up', 'skip joining a throwaway consumer group after start')
    .addHelpText(
      'after',
      '\nFiles live under ~/.cache/mqload/kafka-<version>/ ($MQLOAD_CACHE_DIR moves the base; $MQLOAD_KAFKA_LIBS points at existing jars);\n' +
        'Artemis under ~/.cache/mqload/artemis/, ActiveMQ under ~/.cache/mqload/activemq/ (each generated password in access.json there, mode 0600);\n' +
        'RocketMQ under ~/.cache/mqload/rocketmq/ (runs in a loopback-only network namespace: needs root, iproute2 and socat).\n' +
        'Exit codes: 0 running, 2 bad flags, 4 Java/Maven missing, a port taken, or the broker failed to start.',
    )
    .action(async (flags: UpFlags) => {
      const kafkaOnly = [
        flags.controllerPort !== undefined && '--controller-port',
        flags.jmxPort !== undefined && '--jmx-port',
        !flags.warmUp && '--no-warm-up',
        flags.ioThreads !== undefined && '--io-threads',
        flags.networkThreads !== undefined && '--network-threads',
      ];
      const artemisOnly = [flags.corePort !== undefined && '--core-port', flags.httpPort !== undefined && '--http-port'];
      const foreign =
        flags.broker === 'artemis' ? kafkaOnly
        : flags.broker === 'rocketmq' ? [...kafkaOnly, ...artemisOnly]
        : flags.broker === 'activemq' ? [...kafkaOnly, artemisOnly[0]]
        : artemisOnly;
      const refused = foreign.filter((f): f is string => typeof f === 'string');
      if (refused.length > 0) throw new UsageError(`${refused.join(', ')} do not apply to --broker ${flags.broker}`, 'see `mqload local up --help`');
      if (flags.broker === 'artemis') return artemisUpCommand(flags);
      if (flags.broker === 'rocketmq') return rocketmqUpCommand(flags);
      if (flags.broker === 'activemq') return activemqUpCommand(flags);
      const settings: Partial<LocalBrokerSettings> = {};
      if (flags.port !== undefined) settings.port = flags.port;
      if (flags.controllerPort !== undefined) settings.controllerPort = flags.controllerPort;
      if (flags.jmxPort !== undefined) settings.jmxPort = flags.jmxPort;
      if (flags.heap !== undefined) settings.heap = flags.heap;
      if (flags.ioThreads !== undefined) settings.ioThreads = flags.ioThreads;
      if (flags.networkThreads !== undefined) settings.networkThreads = flags.networkThreads;
      const result = await localUp({
        settings,
        timeoutMs: flags.timeout !== undefined ? flags.timeout * 1000 : undefined,
        warmUp: flags.warmUp,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
      const head = result.alreadyRunning
        ? `Kafka ${result.state.version} is already running`
        : `Kafka ${result.state.version} is up (answered after ${(result.startupMs / 1000).toFixed(1)} s)`;
      process.stdout.write(`${head}\n${describe(result.state)}\nstop it with: npx mqload local down\n`);
    });

  local
    .command('status')
    .description('show whether the local broker runs and answers (exit 0 when it does, 1 when not)')
    .addOption(brokerOption())
    .option('--json', 'print the state as JSON')
    .action(async (flags: { json?: boolean; broker: LocalBrokerKind }) => {
      if (flags.broker === 'artemis') return artemisStatusCommand(flags);
      if (flags.broker === 'rocketmq') return rocketmqStatusCommand(flags);
      if (flags.broker === 'activemq') return activemqStatusCommand(flags);
      const status = await localStatus();
      const up = status.processAlive && status.answering;
      if (flags.json) {
        process.stdout.write(JSON.stringify({ running: up, ...status }, null, 2) + '\n');
      } else if (up && status.state) {
        process.stdout.write(`Kafka ${status.state.version} is running\n${describe(status.state)}\n`);
      } else if (status.processAlive && status.state) {
        process.stdout.write(`Kafka process ${status.state.pid} is alive but does not answer at ${status.state.bootstrap}: ${status.error ?? 'no answer'}\n`);
      } else {
        process.stdout.write('the local Kafka broker is not running (start it with: npx mqload local up)\n');
      }
      if (!up) process.exitCode = 1;
    });

  local
    .command('down')
    .description('stop the local broker this tool started (SIGTERM, then SIGKILL after 30 s)')
    .addOption(brokerOption())
    .option('--purge', 'also delete its data and logs (the downloaded jars are kept)')
    .action(async (flags: { purge?: boolean; broker: LocalBrokerKind }) => {
      if (flags.broker === 'artemis') return artemisDownCommand(flags);
      if (flags.broker === 'rocketmq') return rocketmqDownCommand(flags);
      if (flags.broker === 'activemq') return activemqDownCommand(flags);
      const result = await localDown({ purge: flags.purge === true });
      if (result.outcome === 'not-running') process.stdout.write('the local Kafka broker was not running\n');
      else process.stdout.write(`stopped the local Kafka broker (pid ${result.state?.pid}${result.outcome === 'killed' ? ', needed SIGKILL' : ''})\n`);
      for (const dir of result.purged) process.stdout.write(`deleted ${dir}\n`);
    });
}
