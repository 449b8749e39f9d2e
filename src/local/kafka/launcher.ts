/**
 * The local Kafka broker (`mqload local up`) as a {@link LocalBrokerLauncher}: a thin mapping of
 * the single-node KRaft broker's functions (`broker.ts`, `state.ts`) onto the interface.
 */
import type { DriverConfig } from '../../drivers/types.js';
import type { LocalBroker, LocalBrokerLauncher } from '../types.js';
import { killLocalBroker, localDown, localStatus, pauseLocalBroker, restartLocalBroker, restartLocalBrokerWith, resumeLocalBroker, settingsOf, startLocalBroker } from './broker.js';
import { isLocalBrokerProcess, readLocalState, type LocalBrokerState } from './state.js';
import { UsageError } from '../../errors.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** The neutral view of the Kafka state file. */
function brokerOf(s: LocalBrokerState): LocalBroker & { state: LocalBrokerState } {
  return { pid: s.pid, bootstrap: s.bootstrap, jmxPort: s.jmxPort, dataDir: s.dataDir, state: s };
}

/** The Kafka state behind a {@link LocalBroker}: carried by it (made here, or a state itself), else read again. */
function stateOf(b: LocalBroker): LocalBrokerState | null {
  const x = b as LocalBroker & { state?: LocalBrokerState; configFile?: string };
  if (x.state) return x.state;
  if (typeof x.configFile === 'string') return b as LocalBrokerState;
  return readLocalState();
}

export const kafkaLauncher: LocalBrokerLauncher = {
  kind: 'kafka',
  shared: false,
  brokerFaults: new Set(['broker-restart', 'broker-kill', 'broker-pause']),
  recorded() {
    const s = readLocalState();
    return s ? brokerOf(s) : null;
  },
  isAlive(b) {
    const s = stateOf(b);
    return s !== null && s.pid === b.pid && isLocalBrokerProcess(s);
  },
  foreignAddresses(driver: DriverConfig, b) {
    const port = Number(b.bootstrap.slice(b.bootstrap.lastIndexOf(':') + 1));
    return driver.brokers.filter((a) => {
      const i = a.lastIndexOf(':');
      return !(LOOPBACK.has(a.slice(0, i)) && Number(a.slice(i + 1)) === port);
    });
  },
  async up(opts = {}) {
    return brokerOf((await startLocalBroker({ warmUp: opts.warmUp ?? false })).state);
  },
  async status(opts = {}) {
    const s = await localStatus({ timeoutMs: opts.timeoutMs });
    return { broker: s.state ? brokerOf(s.state) : null, processAlive: s.processAlive, answering: s.answering, ...(s.error !== undefined ? { error: s.error } : {}) };
  },
  async down(opts = {}) {
    await localDown(opts);
  },
  async restart(opts = {}) {
    return brokerOf((await restartLocalBroker({ warmUp: opts.warmUp ?? false })).state);
  },
  processes() {
    const s = readLocalState();
    return s && isLocalBrokerProcess(s) ? [s.pid] : [];
  },
  async signal(sig) {
    if (sig === 'SIGKILL') return brokerOf(await killLocalBroker());
    return brokerOf(sig === 'SIGSTOP' ? pauseLocalBroker() : resumeLocalBroker());
  },
  tunable: {
    current() {
      const s = readLocalState();
      if (!s || !isLocalBrokerProcess(s)) return null;
      const now = settingsOf(s);
      return { heap: now.heap, 'num.io.threads': String(now.ioThreads), 'num.network.threads': String(now.networkThreads) };
    },
    async restartWith(change) {
      const threads = (v: string | undefined, name: string): number | undefined => {
        if (v === undefined) return undefined;
        if (!/^[1-9][0-9]*$/.test(v)) throw new UsageError(`${name} must be a whole number, got "${v}"`);
        return Number(v);
      };
      const io = threads(change['num.io.threads'], 'num.io.threads');
      const net = threads(change['num.network.threads'], 'num.network.threads');
      return brokerOf(
        (await restartLocalBrokerWith({ ...(change.heap !== undefined ? { heap: change.heap } : {}), ...(io !== undefined ? { ioThreads: io } : {}), ...(net !== undefined ? { networkThreads: net } : {}) })).state,
      );
    },
  },
};
