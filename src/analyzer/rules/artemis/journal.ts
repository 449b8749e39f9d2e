/**
 * AR3: durable sends wait for a NIO journal on Linux. The run sends persistent messages (a run
 * topic with `persistent: true`) and waits for their accepted disposition (mode sync or async,
 * not oneway), publish p99 stays above `artemisDurablePublishP99HighMs` in a sustained stretch
 * of intervals, and the broker's journal (the collector's journal sample: `JournalType`, the
 * broker JVM's OS) is NIO on Linux → warning: each durable send waits for a journal flush and
 * sync through Java NIO, where ASYNCIO (libaio) is available and gathers for less time. Not
 * judged: transient messages (they never wait for the journal), a journal that is already
 * ASYNCIO or MAPPED, or a broker on another OS (libaio is Linux only).
 */
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { timelineSeries, values } from '../../series.js';
import { sustained } from '../../sustained.js';
import { median } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { sendMode } from '../../profile-facts.js';
import { NO_ARTEMIS_SAMPLES, hasArtemisSamples, journalFacts, persistentTopics } from './facts.js';

/** The `artemis-journal` rule (AR3); see the file comment for the condition and thresholds. */
export const artemisJournal: Rule = {
  id: 'artemis-journal',
  kb: 'AR3',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    if (!hasArtemisSamples(w)) return insufficient(NO_ARTEMIS_SAMPLES);
    if (!ctx.profile) return insufficient('no profile.json (which topics are persistent is unknown)');
    const journal = journalFacts(w);
    if (!journal) return insufficient('the broker\'s journal type was not read (ActiveMQServerControl JournalType)');
    if (sendMode(ctx) === 'oneway') return insufficient('oneway (pre-settled) sends do not wait for the journal');
    const durable = persistentTopics(ctx.profile);
    if (durable.length === 0) return OK; // transient messages are accepted from memory
    if (journal.type !== 'NIO' || !/linux/i.test(journal.os)) return OK;
    if (journal.syncNonTransactional === false) return OK; // sends do not wait for the sync at all
    const p99 = timelineSeries(w, (e) => (e.latencyMs.publish && e.latencyMs.publish.count > 0 ? e.latencyMs.publish.p99 : NaN));
    if (!values(p99).some(Number.isFinite)) return insufficient('no publish latency in the timeline');
    const limit = T.artemisDurablePublishP99HighMs.value;
    const s = sustained(values(p99), (v) => v > limit);
    if (!s.holds) return OK;
    const med = median(values(p99).filter(Number.isFinite));
    const ev = [evidence(w, 'publish p99 median over intervals', med, 'ms', { threshold: limit, note: `persistent messages on ${durable.join(', ')}; ${sustainedNote(s)}` })];
    if (journal.bufferTimeoutMs !== null) ev.push(evidence(w, 'journal-buffer-timeout', journal.bufferTimeoutMs, 'ms', { note: 'NIO journal' }));
    return issue([
      makeFinding('artemis-journal-nio', { category: 'broker-disk', severity: 'warning', confidence: 'medium' }, ev, {
        p99Ms: med,
        limitMs: limit,
        topics: durable,
        os: journal.os,
        bufferTimeoutMs: journal.bufferTimeoutMs,
        aioBufferTimeoutMs: T.artemisAioBufferTimeoutMs.value,
      }),
    ]);
  },
};
