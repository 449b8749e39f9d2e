/**
 * The local broker's OS process (Linux, pid known from `mqload local`): CPU %, RSS, threads
 * from `/proc/<pid>/stat`, disk read/write bytes per second from `/proc/<pid>/io`
 * (`read_bytes`/`write_bytes`: bytes that reached the block layer), and the data dir's size.
 */
import { readFileSync } from 'node:fs';
import type { Collector, SampleReading } from './types.js';
import type { CollectorStatus } from '../record/format.js';
import { SAMPLE_NAMES } from '../record/sample-names.js';
import { describeError } from '../errors.js';
import { CounterRates } from './rates.js';
import { clockTicksPerSecondSync, duBytes, parseProcKeyValues, parseProcStat } from './proc.js';

const B = SAMPLE_NAMES.brokerProcess;

/** The part of the local broker's state this collector needs (the local-broker module's state has more). */
export interface LocalBrokerRef {
  pid: number;
  /** Kafka `log.dirs` directory. */
  dataDir?: string;
}

/** Re-reads the local broker state (a restarted broker has a new pid). */
export type LocalBrokerReader = () => LocalBrokerRef | null | Promise<LocalBrokerRef | null>;

/** The data dir is walked at most this often; samples in between repeat the last size. */
const DATA_DIR_REFRESH_MS = 10_000;
/** Page size assumed when `/proc/<pid>/status` lacks VmRSS (x86-64 and most arm64 kernels). */
const PAGE_SIZE = 4096;

/**
 * Samples: `source: 'broker-process'`, `instance: <pid>`. When the process is gone, `sample()`
 * rejects (a gap) after re-reading the local state once; a broker restarted by a fault is
 * followed to its new pid.
 */
export class BrokerProcessCollector implements Collector {
  readonly name = 'broker-process';
  readonly source = 'broker-process';
  private readonly rates = new CounterRates();
  private ticksPerSec = 100;
  private dataDirBytes: number | undefined;
  private dataDirAt = 0;
  /** Start time of the process first seen under the current pid (a reused pid has another). */
  private startTicks: number | null = null;

  constructor(private broker: LocalBrokerRef, private readonly reread: LocalBrokerReader | null) {}

  async start(): Promise<CollectorStatus> {
    if (process.platform !== 'linux') return { available: false, reason: 'broker process metrics need Linux /proc' };
    this.ticksPerSec = clockTicksPerSecondSync();
    try {
      await this.read();
      return { available: true };
    } catch (err) {
      return { available: false, reason: `broker process ${this.broker.pid}: ${describeError(err)}` };
    }
  }

  private async read(): Promise<SampleReading> {
    const pid = this.broker.pid;
    // /proc files live in memory: synchronous reads take microseconds (see host.ts).
    const statText = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const statusText = readFileSync(`/proc/${pid}/status`, 'utf8');
    let ioText: string | null = null;
    try {
      ioText = readFileSync(`/proc/${pid}/io`, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EACCES') throw err; // another user's process: no I/O figures
    }
    const atMs = Date.now();
    const st = parseProcStat(statText);
    if (this.startTicks === null) this.startTicks = st.startTicks;
    else if (st.startTicks !== this.startTicks) throw Object.assign(new Error(`pid ${pid} now belongs to another process`), { code: 'ESRCH' });
    const status = parseProcKeyValues(statusText);
    const values: Record<string, number> = {
      [B.threads]: status['Threads'] ?? st.threads,
      [B.rss]: status['VmRSS'] !== undefined ? status['VmRSS'] * 1024 : st.rssPages * PAGE_SIZE,
    };
    const cpuSec = (st.utimeTicks + st.stimeTicks) / this.ticksPerSec;
    const cpuRate = this.rates.rate(`cpu:${pid}`, cpuSec, atMs);
    if (cpuRate !== undefined) values[B.cpuPercent] = cpuRate * 100;
    if (ioText) {
      const io = parseProcKeyValues(ioText);
      const r = io['read_bytes'] !== undefined ? this.rates.rate(`read:${pid}`, io['read_bytes'], atMs) : undefined;
      const w = io['write_bytes'] !== undefined ? this.rates.rate(`write:${pid}`, io['write_bytes'], atMs) : undefined;
      if (r !== undefined) values[B.diskReadBps] = r;
      if (w !== undefined) values[B.diskWriteBps] = w;
    }
    if (this.broker.dataDir) {
      if (this.dataDirBytes === undefined || atMs - this.dataDirAt >= DATA_DIR_REFRESH_MS) {
        this.dataDirBytes = await duBytes(this.broker.dataDir);
        this.dataDirAt = atMs;
      }
      values[B.dataDirBytes] = this.dataDirBytes;
    }
    return { source: this.source, instance: String(pid), values };
  }

  async sample(): Promise<SampleReading[]> {
    try {
      return [await this.read()];
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ESRCH') throw err;
      const fresh = this.reread ? await this.reread() : null;
      if (fresh && fresh.pid !== this.broker.pid) {
        this.broker = fresh;
        this.startTicks = null;
        return [await this.read()];
      }
      throw new Error(`broker process ${this.broker.pid} is not running`);
    }
  }

  async stop(): Promise<void> {}
}
