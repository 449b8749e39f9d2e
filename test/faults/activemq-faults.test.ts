/**
 * ActiveMQ Classic faults (connection-kill through the Jolokia agent's connection views,
 * broker-pause; ./amqp10-fault-tests.ts) against the real local ActiveMQ Classic, started once
 * for this file when it is not running.
 */
import { ACTIVEMQ_URL, activemqName, useLocalActivemq } from '../helpers/activemq.js';
import { amqp10FaultTests } from './amqp10-fault-tests.js';

useLocalActivemq();

amqp10FaultTests({
  kind: 'activemq',
  driver: { type: 'activemq', url: ACTIVEMQ_URL, config: { prefetch: 200 } },
  topic: (name) => ({ name: activemqName(name), routing: 'queue', persistent: true, deleteAfterRun: true }),
});
