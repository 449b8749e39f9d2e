/**
 * Reads a whole topic back with an independent kafkajs consumer in a throwaway group and counts
 * what the log holds: records, distinct mqload messages (by producer and sequence number) and
 * messages written more than once. Tells a producer that wrote a message twice (duplicated in
 * the log) from a consumer that received one twice (redelivery).
 */
import { createDriver } from '../../src/drivers/index.js';
import { readStamp } from '../../src/load/headers.js';
import { testBrokers, uniqueName } from './broker.js';

export interface LogContents {
  records: number;
  /** Distinct (producer, seq) stamps of `runId`. */
  unique: number;
  /** Messages of `runId` found more than once in the log (counting each extra copy). */
  writtenTwice: number;
}

/** Reads `topic` from the start until every record up to the current log end is seen (or `timeoutMs`). */
export async function readBackLog(topic: string, runId: string, timeoutMs = 60_000): Promise<LogContents> {
  const driver = createDriver({ type: 'kafka', brokers: testBrokers(), client: 'kafkajs' }, { clientId: uniqueName('mqload-readback') });
  const group = uniqueName('readback');
  try {
    const total = (await driver.offsets!.topicOffsets(topic)).reduce((n, o) => n + Number(o.high - o.low), 0);
    const seen = new Set<string>();
    let records = 0;
    let writtenTwice = 0;
    let done!: () => void;
    const all = new Promise<void>((r) => (done = r));
    const consumer = await driver.createConsumer({
      groupId: group,
      consumerId: 'readback',
      topic,
      commit: 'auto',
      onBatch: async (b) => {
        for (const m of b.messages) {
          records++;
          const s = readStamp(m.headers);
          if (s && s.runId === runId) {
            const id = `${s.producerId}/${s.seq}`;
            if (seen.has(id)) writtenTwice++;
            else seen.add(id);
          }
        }
        if (records >= total) done();
      },
    });
    await consumer.start();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    await consumer.close();
    if (records < total) throw new Error(`read back ${records} of ${total} records of ${topic} within ${timeoutMs} ms`);
    return { records, unique: seen.size, writtenTwice };
  } finally {
    await driver.deleteGroups([group]).catch(() => undefined);
    await driver.close();
  }
}
