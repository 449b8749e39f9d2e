/**
 * A lease on a local broker for test files: {@link useLocalBroker} starts it only when it is not
 * running and stops it after the last test process that uses it (one lease file per test
 * process under `<home>/test-leases/`, so parallel files share one broker; a broker that was
 * running before the tests is left running).
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { isProcessAlive } from '../../src/local/process.js';

/** How the lease reaches one local broker. */
export interface LeasedBroker {
  /** The broker's home directory (leases and the started marker live there). */
  home(): string;
  /** Whether it runs and answers. */
  answering(): Promise<boolean>;
  /** Starts it; resolves with whether it was already running, and its pid. */
  up(): Promise<{ alreadyRunning: boolean; pid: number }>;
  down(): Promise<void>;
}

/** Leases of other test processes still alive (stale ones removed). */
function liveLeases(dir: string): number[] {
  if (!existsSync(dir)) return [];
  const out: number[] = [];
  for (const f of readdirSync(dir)) {
    const pid = Number(f);
    if (Number.isInteger(pid) && pid !== process.pid && isProcessAlive(pid)) out.push(pid);
    else if (pid !== process.pid) rmSync(join(dir, f), { force: true });
  }
  return out;
}

/** Registers `before`/`after` hooks that hold a lease on `broker` during this file's tests. */
export function useLocalBroker(broker: LeasedBroker): void {
  const leaseDir = () => join(broker.home(), 'test-leases');
  const startedMarker = () => join(broker.home(), 'test-started');
  before(async () => {
    mkdirSync(leaseDir(), { recursive: true });
    writeFileSync(join(leaseDir(), String(process.pid)), '');
    if (await broker.answering()) return;
    const r = await broker.up();
    if (!r.alreadyRunning) writeFileSync(startedMarker(), String(r.pid));
  });
  after(async () => {
    rmSync(join(leaseDir(), String(process.pid)), { force: true });
    if (liveLeases(leaseDir()).length === 0 && existsSync(startedMarker())) {
      rmSync(startedMarker(), { force: true });
      await broker.down();
    }
  });
}
