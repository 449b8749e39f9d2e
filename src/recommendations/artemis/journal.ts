/** Title and recommendation for the Artemis journal finding (KB §8 AR3), keyed by finding id. */
import { formatMs } from '../../reports/format.js';
import type { FindingText } from '../text.js';

/** Artemis journal finding texts, by finding id. */
export const artemisJournalTexts = {
  'artemis-journal-nio': (p: {
    p99Ms: number;
    limitMs: number;
    topics: string[];
    /** The broker JVM's operating system. */
    os: string;
    /** The broker's journal-buffer-timeout, ms; null when not read. */
    bufferTimeoutMs: number | null;
    /** What ASYNCIO uses by default, ms. */
    aioBufferTimeoutMs: number;
  }): FindingText => ({
    title: `Durable sends waited ${formatMs(p.p99Ms)} at p99 (above ${formatMs(p.limitMs)}) on a NIO journal (${p.os})`,
    recommendation:
      `Each persistent message on ${p.topics.map((t) => `\`${t}\``).join(', ')} is accepted only after the journal has written and synced it, and this broker journals through Java NIO` +
      `${p.bufferTimeoutMs !== null ? `, gathering writes for ${formatMs(p.bufferTimeoutMs)} before each flush` : ''}. ` +
      `On Linux use the ASYNCIO journal (libaio): it writes with direct, asynchronous I/O and gathers for ${formatMs(p.aioBufferTimeoutMs)} by default, so a durable send waits less for its flush and more sends share each sync; expect a lower publish p99 and more durable sends per second from the same disk — re-run this profile to measure it. ` +
      'Caveats: libaio must be installed on the broker host (Debian/Ubuntu `apt-get install libaio1`, RHEL `libaio`), else Artemis falls back to NIO with a warning in its log; the journal directory must be on a file system that supports direct I/O (ext4, xfs; not tmpfs or most network mounts); an existing instance switches with `<journal-type>ASYNCIO</journal-type>` in broker.xml, a new one is created with `artemis create --aio`. ' +
      'Run `artemis perf-journal` on the journal\'s disk to measure its sync rate and set journal-buffer-timeout from it. Whatever the journal, more sends in flight (producers.mode async, a larger producers.maxInFlight) share each sync: the rate rises even though each send still waits for it.',
  }),
} as const;
