/**
 * Ranking and primary selection, separate from the rules. Generator saturation comes first: when
 * mqload itself was the limit (a `load-generator` finding at warning or above), every other figure
 * understates the system, so that finding leads and is the primary one. Otherwise findings are
 * ordered by severity, then category priority (causes before symptoms), then confidence.
 */
import type { Finding, FindingCategory, FindingsFile } from './finding-types.js';

/** Category order within a severity: causes first, symptoms (rate not met) last. */
export const CATEGORY_PRIORITY: readonly FindingCategory[] = [
  'load-generator',
  'replication',
  'broker-cpu',
  'broker-threads',
  'broker-disk',
  'broker-network',
  'broker-memory',
  'broker-jvm',
  'partitions',
  'consumer-lag',
  'consumer-idle',
  'client-batching',
  'configuration',
  'delivery',
  'rate-not-met',
];

const SEVERITY: Record<Finding['severity'], number> = { critical: 0, warning: 1, info: 2 };
const CONFIDENCE: Record<Finding['confidence'], number> = { high: 0, medium: 1, low: 2 };

/** True for a finding that says the load generator limited the test. */
export function isGeneratorSaturation(f: Finding): boolean {
  return f.category === 'load-generator' && f.severity !== 'info';
}

/** Categories that name a throughput or latency bottleneck (delivery and errors are correctness). */
const BOTTLENECK = new Set<FindingCategory>(CATEGORY_PRIORITY.filter((c) => c !== 'delivery'));

/**
 * Findings that report an effect rather than its cause (a rate or latency objective missed). They
 * become primary only when no cause was found.
 */
const SYMPTOM_IDS = new Set(['rate-not-met', 'generator-rate-not-met', 'consumer-time-lag']);

/** True for a finding that reports an effect (see {@link SYMPTOM_IDS}). */
export function isSymptom(f: Finding): boolean {
  return SYMPTOM_IDS.has(f.id) || f.category === 'rate-not-met';
}

/** Findings in rank order (a new array; the input is not modified). Stable for equal keys. */
export function rankFindings(findings: readonly Finding[]): Finding[] {
  const key = (f: Finding): number[] => [isGeneratorSaturation(f) ? 0 : 1, SEVERITY[f.severity], CATEGORY_PRIORITY.indexOf(f.category), CONFIDENCE[f.confidence]];
  return findings
    .map((f, i) => ({ f, i, k: key(f) }))
    .sort((a, b) => {
      for (let j = 0; j < a.k.length; j++) if (a.k[j] !== b.k[j]) return a.k[j]! - b.k[j]!;
      return a.i - b.i;
    })
    .map((x) => x.f);
}

/**
 * The primary finding of ranked findings, at warning or above: generator saturation first (a
 * cause before the generator's rate shortfall); else the first bottleneck cause; else the first
 * bottleneck symptom (a missed rate or latency objective); else the first finding (e.g. delivery
 * loss); else null.
 */
export function selectPrimary(ranked: readonly Finding[]): Finding | null {
  const serious = ranked.filter((f) => f.severity !== 'info');
  const generator = serious.filter(isGeneratorSaturation);
  return (
    generator.find((f) => !isSymptom(f)) ??
    generator[0] ??
    serious.find((f) => BOTTLENECK.has(f.category) && !isSymptom(f)) ??
    serious.find((f) => BOTTLENECK.has(f.category)) ??
    serious[0] ??
    null
  );
}

/** The verdict for a primary finding (healthy when none; the caller handles insufficient data). */
export function verdictFor(primary: Finding | null): FindingsFile['verdict'] {
  if (!primary) return 'healthy';
  return isGeneratorSaturation(primary) ? 'generator-limited' : 'bottleneck';
}
