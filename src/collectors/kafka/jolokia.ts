/**
 * Broker JVM and Kafka metrics through a Jolokia agent's HTTP JSON API
 * (`collect.jolokia: ["http://host:8778/jolokia"]`): one POSTed bulk read per interval,
 * mapped by `jolokia-mapping.ts`, rates as for the JMX exporter (`broker-values.ts`).
 */
import type { Collector, SampleReading } from '../types.js';
import type { CollectorStatus } from '../../record/format.js';
import { describeError } from '../../errors.js';
import { ScrapeError, httpRequest } from '../prom-text.js';
import { JOLOKIA_BULK_READ, mapJolokiaResponses } from './jolokia-mapping.js';
import { BrokerValueDeriver } from './broker-values.js';

/** POSTs the bulk read to `url` and returns the parsed JSON body. Rejects with {@link ScrapeError}. */
async function postBulkRead(url: string, timeoutMs: number): Promise<unknown> {
  const res = await httpRequest(url, { method: 'POST', body: JSON.stringify(JOLOKIA_BULK_READ), timeoutMs });
  if (res.status < 200 || res.status >= 300) throw new ScrapeError(url, `HTTP ${res.status} ${res.statusText}`);
  try {
    return JSON.parse(res.body) as unknown;
  } catch (err) {
    throw new ScrapeError(url, `answer is not JSON (${describeError(err)}): not a Jolokia agent?`);
  }
}

/** One Jolokia agent. Samples: `source: 'jolokia'`, `instance: <url>`, the same value names as the `jmx` source. */
export class JolokiaCollector implements Collector {
  readonly source = 'jolokia';
  readonly name: string;
  private readonly deriver = new BrokerValueDeriver();

  constructor(private readonly url: string, private readonly timeoutMs: number) {
    this.name = `jolokia:${url}`;
  }

  async start(): Promise<CollectorStatus> {
    try {
      const reading = mapJolokiaResponses(await postBulkRead(this.url, this.timeoutMs));
      this.deriver.derive(reading, Date.now());
      return { available: true };
    } catch (err) {
      return { available: false, reason: describeError(err) };
    }
  }

  async sample(): Promise<SampleReading[]> {
    const body = await postBulkRead(this.url, this.timeoutMs);
    const atMs = Date.now();
    const values = this.deriver.derive(mapJolokiaResponses(body), atMs);
    return [{ source: this.source, instance: this.url, values }];
  }

  async stop(): Promise<void> {}
}
