/**
 * The Artemis broker collector (source `artemis`, plus the broker JVM as source `jolokia`): one
 * POSTed Jolokia bulk request per interval to the broker's `/console/jolokia` (basic auth and an
 * `Origin` header, see `drivers/jolokia.ts`) reading the broker control, every address
 * and every queue through wildcard ObjectNames, the JVM, and the run addresses' settings
 * (`readings.ts`). The broker's MBean name is looked up once at start.
 */
import type { Collector, SampleReading } from '../types.js';
import type { CollectorStatus } from '../../record/format.js';
import { describeError } from '../../errors.js';
import { JolokiaClient, type JolokiaTarget } from '../../drivers/jolokia.js';
import { ArtemisManagement } from '../../drivers/artemis/management.js';
import { scrubPassword } from '../../drivers/artemis/url.js';
import { ARTEMIS_SOURCE } from './names.js';
import { ArtemisReadings, artemisBulkRequest } from './readings.js';

/** `host:port` of a URL (the samples' `instance`; never with credentials). */
function hostPort(url: string): string {
  const u = new URL(url);
  return u.host;
}

/** One Artemis broker's Jolokia. */
export class ArtemisCollector implements Collector {
  readonly source = ARTEMIS_SOURCE;
  readonly name: string;
  private readonly client: JolokiaClient;
  private readonly readings: ArtemisReadings;
  private brokerMBean: string | null = null;

  /** @param addresses the run's addresses (topics); their queues and settings are read. */
  constructor(
    private readonly target: JolokiaTarget,
    private readonly addresses: readonly string[],
  ) {
    const instance = hostPort(target.base);
    this.name = `artemis:${instance}`;
    this.client = new JolokiaClient(target);
    this.readings = new ArtemisReadings(instance, target.base, addresses);
  }

  private scrub(err: unknown): string {
    return scrubPassword(describeError(err), this.target);
  }

  async start(): Promise<CollectorStatus> {
    try {
      this.brokerMBean = await new ArtemisManagement(this.client).brokerMBean();
      return { available: true };
    } catch (err) {
      return { available: false, reason: `Artemis Jolokia unavailable: ${this.scrub(err)}; the broker's web console must run (bin/artemis run serves it on --http-port)` };
    }
  }

  async sample(): Promise<SampleReading[]> {
    try {
      this.brokerMBean ??= await new ArtemisManagement(this.client).brokerMBean();
      const answers = await this.client.bulk(artemisBulkRequest(this.brokerMBean, this.addresses));
      return this.readings.map(answers, Date.now());
    } catch (err) {
      throw new Error(this.scrub(err));
    }
  }

  async stop(): Promise<void> {}
}
