/** The one-sentence headline at the top of findings.json and the reports, per verdict. */
import type { Finding, FindingsFile } from '../analyzer/finding-types.js';

/** What the headline is built from. */
export interface HeadlineInput {
  verdict: FindingsFile['verdict'];
  /** The primary finding (null when none). */
  primary: Finding | null;
  /** Findings at warning or critical besides the primary. */
  others: number;
  /** Why the run could not be judged (verdict insufficient-data). */
  insufficientReason?: string;
}

/** How to fix the test, per generator finding id (default: more generator capacity). */
const TEST_FIX: Record<string, string> = {
  'sync-round-trip-limit': 'more producers, or mode: async',
  'generator-dropped-sends': 'a larger producers.maxInFlight or more producers',
  'generator-memory': 'less memory per generator, or more generator machines',
  'generator-no-load': 'find why no sends were issued: worker errors in events.jsonl and the console',
};
const DEFAULT_TEST_FIX = 'more workers, more generator machines, or another client';

/** Builds the headline sentence. */
export function headline(h: HeadlineInput): string {
  const more = h.others > 0 ? ` (${h.others} more finding${h.others === 1 ? '' : 's'} below)` : '';
  switch (h.verdict) {
    case 'generator-limited':
      return (
        `The load generator was the limit — ${h.primary?.title ?? 'generator saturated'} — so these results understate the system; ` +
        `fix the test first (${(h.primary && TEST_FIX[h.primary.id]) ?? DEFAULT_TEST_FIX}), then re-run${more}.`
      );
    case 'bottleneck':
      return `Primary bottleneck: ${h.primary?.title ?? 'unknown'}${more}.`;
    case 'healthy':
      return h.primary?.title ?? 'No bottleneck found.';
    case 'insufficient-data':
      return (
        `Not enough data to judge the run: ${h.insufficientReason ?? 'no usable measurements'}` +
        (h.primary ? `; still found: ${h.primary.title}` : '') +
        '.'
      );
  }
}
