/**
 * The local Apache ActiveMQ Classic broker (`mqload local up --broker activemq`) as a
 * {@link LocalBrokerLauncher}: a thin mapping of `broker.ts` onto the interface. mqload started
 * it for itself, so every broker fault (restart, kill, pause) may act on it.
 */
import type { DriverConfig } from '../../drivers/types.js';
import { activemqAddresses } from '../../drivers/activemq/url.js';
import type { LocalBroker, LocalBrokerLauncher } from '../types.js';
import { activemqDown, activemqStatus, activemqUp, isActivemqProcess, killActivemq, readActivemqState, restartActivemq, signalActivemq, type ActivemqState } from './broker.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function brokerOf(s: ActivemqState): LocalBroker {
  return { pid: s.pid, bootstrap: s.bootstrap, dataDir: s.dataDir };
}

export const activemqLauncher: LocalBrokerLauncher = {
  kind: 'activemq',
  shared: false,
  brokerFaults: new Set(['broker-restart', 'broker-kill', 'broker-pause']),
  recorded() {
    const s = readActivemqState();
    return s ? brokerOf(s) : null;
  },
  isAlive(b) {
    const s = readActivemqState();
    return s !== null && s.pid === b.pid && isActivemqProcess(s);
  },
  foreignAddresses(driver: DriverConfig, b) {
    const port = Number(b.bootstrap.slice(b.bootstrap.lastIndexOf(':') + 1));
    return activemqAddresses(driver).filter((a) => {
      const i = a.lastIndexOf(':');
      return !(LOOPBACK.has(a.slice(0, i)) && Number(a.slice(i + 1)) === port);
    });
  },
  async up() {
    return brokerOf((await activemqUp()).state);
  },
  async status(opts = {}) {
    const s = await activemqStatus(opts.timeoutMs);
    return { broker: s.state ? brokerOf(s.state) : null, processAlive: s.processAlive, answering: s.answering, ...(s.error !== undefined ? { error: s.error } : {}) };
  },
  async down(opts = {}) {
    await activemqDown(opts);
  },
  async restart(opts = {}) {
    return brokerOf(await restartActivemq(opts));
  },
  processes() {
    const s = readActivemqState();
    return s && isActivemqProcess(s) ? [s.pid] : [];
  },
  async signal(sig) {
    if (sig === 'SIGKILL') return brokerOf(await killActivemq());
    return brokerOf(signalActivemq(sig));
  },
};
