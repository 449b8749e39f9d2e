/**
 * The local Apache Artemis broker (`mqload local up --broker artemis`) as a
 * {@link LocalBrokerLauncher}: a thin mapping of `broker.ts` onto the interface. mqload started
 * it for itself, so every broker fault (restart, kill, pause) may act on it.
 */
import type { DriverConfig } from '../../drivers/types.js';
import { artemisAddresses } from '../../drivers/artemis/url.js';
import type { LocalBroker, LocalBrokerLauncher } from '../types.js';
import { artemisDown, artemisStatus, artemisUp, isArtemisProcess, killArtemis, readArtemisState, restartArtemis, signalArtemis, type ArtemisState } from './broker.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function brokerOf(s: ArtemisState): LocalBroker {
  return { pid: s.pid, bootstrap: s.bootstrap, dataDir: s.dataDir };
}

export const artemisLauncher: LocalBrokerLauncher = {
  kind: 'artemis',
  shared: false,
  brokerFaults: new Set(['broker-restart', 'broker-kill', 'broker-pause']),
  recorded() {
    const s = readArtemisState();
    return s ? brokerOf(s) : null;
  },
  isAlive(b) {
    const s = readArtemisState();
    return s !== null && s.pid === b.pid && isArtemisProcess(s);
  },
  foreignAddresses(driver: DriverConfig, b) {
    const port = Number(b.bootstrap.slice(b.bootstrap.lastIndexOf(':') + 1));
    return artemisAddresses(driver).filter((a) => {
      const i = a.lastIndexOf(':');
      return !(LOOPBACK.has(a.slice(0, i)) && Number(a.slice(i + 1)) === port);
    });
  },
  async up() {
    return brokerOf((await artemisUp()).state);
  },
  async status(opts = {}) {
    const s = await artemisStatus(opts.timeoutMs);
    return { broker: s.state ? brokerOf(s.state) : null, processAlive: s.processAlive, answering: s.answering, ...(s.error !== undefined ? { error: s.error } : {}) };
  },
  async down(opts = {}) {
    await artemisDown(opts);
  },
  async restart(opts = {}) {
    return brokerOf(await restartArtemis(opts));
  },
  processes() {
    const s = readArtemisState();
    return s && isArtemisProcess(s) ? [s.pid] : [];
  },
  async signal(sig) {
    if (sig === 'SIGKILL') return brokerOf(await killArtemis());
    return brokerOf(signalArtemis(sig));
  },
};
