/**
 * Which Kafka clients the bench measures: `$MQLOAD_BENCH_CLIENTS` (comma-separated) or every
 * client installed here, in the table's order. A named client that is not installed stops the bench.
 */
import { KAFKA_CLIENT_NAMES, KAFKA_CLIENTS, isClientInstalled, type KafkaClientName } from '../src/drivers/kafka/clients.js';

export function benchClients(): KafkaClientName[] {
  const env = process.env['MQLOAD_BENCH_CLIENTS'];
  const names = env ? env.split(',').map((s) => s.trim()).filter(Boolean) : KAFKA_CLIENT_NAMES.filter((n) => isClientInstalled(n));
  for (const n of names) {
    if (!(KAFKA_CLIENT_NAMES as readonly string[]).includes(n)) throw new Error(`unknown client "${n}" in MQLOAD_BENCH_CLIENTS`);
    if (!isClientInstalled(n as KafkaClientName)) throw new Error(`client ${n} is not installed: ${KAFKA_CLIENTS[n as KafkaClientName].install}`);
  }
  return names as KafkaClientName[];
}
