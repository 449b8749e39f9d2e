/**
 * ActiveMQ Classic faults (connection-kill through the Jolokia agent's connection views,
 * broker-pause; ./fault-tests.ts) against the real local ActiveMQ Classic, started once
 * for this file when it is not running.
 */
import { ACTIVEMQ_URL, activemqName, useLocalActivemq } from '../helpers/activemq.js';
import { brokerPauseTest, connectionKillTest, type FaultTarget } from './fault-tests.js';

useLocalActivemq();

const target: FaultTarget = {
  kind: 'activemq',
  driver: { type: 'activemq', url: ACTIVEMQ_URL, config: { prefetch: 200 } },
  topic: (name) => ({ name: activemqName(name), routing: 'queue', persistent: true, deleteAfterRun: true }),
};
connectionKillTest(target);
brokerPauseTest(target);
