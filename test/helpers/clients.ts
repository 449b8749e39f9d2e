/**
 * Which Kafka client libraries the driver conformance suite runs for: `$MQLOAD_TEST_CLIENTS`
 * (comma-separated; every one named must be installed, so CI cannot skip a client by accident),
 * or else every client installed here. `skipReason` says why a client is left out.
 */
import { KAFKA_CLIENT_NAMES, KAFKA_CLIENTS, isClientInstalled, type KafkaClientName } from '../../src/drivers/kafka/clients.js';

export interface TestClient {
  name: KafkaClientName;
  /** false, or why the suite skips this client here. */
  skipReason: string | false;
}

export function testClients(): TestClient[] {
  const env = process.env['MQLOAD_TEST_CLIENTS'];
  if (env) {
    const names = env.split(',').map((s) => s.trim()).filter(Boolean);
    for (const n of names) {
      if (!(KAFKA_CLIENT_NAMES as readonly string[]).includes(n)) throw new Error(`MQLOAD_TEST_CLIENTS names an unknown client "${n}" (known: ${KAFKA_CLIENT_NAMES.join(', ')})`);
      if (!isClientInstalled(n as KafkaClientName)) throw new Error(`MQLOAD_TEST_CLIENTS asks for ${n}, which is not installed (${KAFKA_CLIENTS[n as KafkaClientName].install})`);
    }
    return names.map((name) => ({ name: name as KafkaClientName, skipReason: false }));
  }
  return KAFKA_CLIENT_NAMES.map((name) => ({
    name,
    skipReason: isClientInstalled(name) ? false : `${name} is not installed here (${KAFKA_CLIENTS[name].install})`,
  }));
}
