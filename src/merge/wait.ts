/**
 * Waiting for a run's segments to finish before merging them (`mqload merge --wait`): the merge
 * Job of a Kubernetes run starts beside the segment pods and must not merge a share that is still
 * running. A segment is finished when its `segment.json` says anything but `running`; the wait
 * ends when all are, or at the deadline (a share still `running` then is merged as killed, a
 * directory that never appeared is reported missing by the merge).
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { RECORD_FILES } from '../record/writer.js';
import type { SegmentFile } from '../record/segment.js';

/** What one segment directory holds right now. */
export type SegmentState = 'absent' | SegmentFile['status'];

/** Reads a segment directory's state; a half-written segment.json reads as `running`. */
export async function segmentState(dir: string): Promise<SegmentState> {
  let text: string;
  try {
    text = await readFile(join(resolve(dir), RECORD_FILES.segment), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw err;
  }
  try {
    const status = (JSON.parse(text) as Partial<SegmentFile>).status;
    return status === 'completed' || status === 'interrupted' || status === 'failed' ? status : 'running';
  } catch {
    return 'running';
  }
}

export interface WaitOptions {
  /** Longest wait, ms. */
  timeoutMs: number;
  /** Poll period, ms (default 2000). */
  pollMs?: number;
  /** Called when the set of states changes, with one state per directory (in order). */
  onChange?: (states: SegmentState[]) => void;
}

/** Polls until every directory holds a finished segment or `timeoutMs` passed; returns the last states. */
export async function waitForSegments(dirs: readonly string[], opts: WaitOptions): Promise<{ states: SegmentState[]; timedOut: boolean }> {
  const deadline = Date.now() + opts.timeoutMs;
  const pollMs = opts.pollMs ?? 2000;
  let last = '';
  for (;;) {
    const states = await Promise.all(dirs.map(segmentState));
    const key = states.join(',');
    if (key !== last) {
      last = key;
      opts.onChange?.(states);
    }
    const done = states.every((s) => s !== 'absent' && s !== 'running');
    if (done) return { states, timedOut: false };
    const left = deadline - Date.now();
    if (left <= 0) return { states, timedOut: true };
    await new Promise((r) => setTimeout(r, Math.min(pollMs, left)));
  }
}
