/** Artemis faults (connection-kill, broker-pause; ./fault-tests.ts) against the real local Artemis, started once for this file when it is not running. */
import { ARTEMIS_URL, artemisName, useLocalArtemis } from '../helpers/artemis.js';
import { brokerPauseTest, connectionKillTest, type FaultTarget } from './fault-tests.js';

useLocalArtemis();

const target: FaultTarget = {
  kind: 'artemis',
  driver: { type: 'artemis', url: ARTEMIS_URL, config: { prefetch: 200 } },
  topic: (name) => ({ name: artemisName(name), durable: true, persistent: true, deleteAfterRun: true }),
};
connectionKillTest(target);
brokerPauseTest(target);
