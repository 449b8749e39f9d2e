/** Artemis faults (connection-kill, broker-pause; ./amqp10-fault-tests.ts) against the real local Artemis, started once for this file when it is not running. */
import { ARTEMIS_URL, artemisName, useLocalArtemis } from '../helpers/artemis.js';
import { amqp10FaultTests } from './amqp10-fault-tests.js';

useLocalArtemis();

amqp10FaultTests({
  kind: 'artemis',
  driver: { type: 'artemis', url: ARTEMIS_URL, config: { prefetch: 200 } },
  topic: (name) => ({ name: artemisName(name), durable: true, persistent: true, deleteAfterRun: true }),
});
