/**
 * The local Apache RocketMQ (`mqload local up --broker rocketmq`) as a {@link LocalBrokerLauncher}:
 * a thin mapping of `broker.ts` onto the interface. mqload started it for itself, so every broker
 * fault may act on it; kill and pause act on the broker+proxy JVM, a restart on every part.
 */
import type { DriverConfig } from '../../drivers/types.js';
import { rocketmqEndpoints } from '../../drivers/rocketmq/config.js';
import type { LocalBroker, LocalBrokerLauncher } from '../types.js';
import { isRocketmqProcess, killRocketmq, readRocketmqState, restartRocketmq, rocketmqDown, rocketmqProcesses, rocketmqStatus, rocketmqUp, signalRocketmq, type RocketmqState } from './broker.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function brokerOf(s: RocketmqState): LocalBroker {
  return { pid: s.pid, bootstrap: s.bootstrap, dataDir: s.dataDir };
}

export const rocketmqLauncher: LocalBrokerLauncher = {
  kind: 'rocketmq',
  shared: false,
  brokerFaults: new Set(['broker-restart', 'broker-kill', 'broker-pause']),
  recorded() {
    const s = readRocketmqState();
    return s ? brokerOf(s) : null;
  },
  isAlive(b) {
    const s = readRocketmqState();
    return s !== null && s.pid === b.pid && isRocketmqProcess(s);
  },
  foreignAddresses(driver: DriverConfig, b) {
    const port = Number(b.bootstrap.slice(b.bootstrap.lastIndexOf(':') + 1));
    return rocketmqEndpoints(driver).filter((a) => {
      const i = a.lastIndexOf(':');
      return !(LOOPBACK.has(a.slice(0, i)) && Number(a.slice(i + 1)) === port);
    });
  },
  async up() {
    return brokerOf((await rocketmqUp()).state);
  },
  async status(opts = {}) {
    const s = await rocketmqStatus(opts.timeoutMs);
    return { broker: s.state ? brokerOf(s.state) : null, processAlive: s.processAlive, answering: s.answering, ...(s.error !== undefined ? { error: s.error } : {}) };
  },
  async down(opts = {}) {
    await rocketmqDown(opts);
  },
  async restart(opts = {}) {
    return brokerOf(await restartRocketmq(opts));
  },
  processes: rocketmqProcesses,
  async signal(sig) {
    if (sig === 'SIGKILL') return brokerOf(await killRocketmq());
    return brokerOf(signalRocketmq(sig));
  },
};
