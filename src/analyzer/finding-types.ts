/**
 * The analyzer's output: findings with their evidence, and `findings.json` ({@link FindingsFile}).
 * Written by the analyzer from the run record, read by the recommendations, the reports and the
 * sweep; nothing upstream of the analyzer (profile, plan, load, drivers, collectors, record)
 * imports them.
 */

export type FindingCategory =
  | 'load-generator'
  | 'rate-not-met'
  | 'broker-cpu'
  | 'broker-memory'
  | 'broker-network'
  | 'broker-disk'
  | 'broker-threads'
  | 'broker-jvm'
  | 'replication'
  | 'consumer-lag'
  | 'consumer-idle'
  | 'partitions'
  | 'client-batching'
  | 'delivery'
  | 'configuration';

export interface Evidence {
  /** What was measured, e.g. `request-handler idle`. */
  metric: string;
  value: number;
  unit: string;
  /** Threshold it was compared with, when there is one. */
  threshold?: number;
  /** Time window in seconds since run start. */
  window?: { from: number; to: number };
  note?: string;
}

/**
 * A change of a recommendation that mqload can apply itself (to a copy of the profile, to a topic
 * it creates, or to the local broker it runs), with the value computed from the evidence: where,
 * what, from what (null when unknown) to what, and why. Findings without one are advice only.
 */
export type FindingAction =
  | { target: 'profile'; path: string; from: number | string | null; to: number | string; why: string }
  | { target: 'topic'; name: string; setting: 'partitions'; from: number | null; to: number; why: string }
  /** A setting of the local broker mqload runs (`mqload local up`); against a remote cluster it is reported, not applied. */
  | { target: 'local-broker'; property: 'heap' | 'num.io.threads' | 'num.network.threads'; from: string | null; to: string; why: string };

export interface Finding {
  id: string;
  category: FindingCategory;
  severity: 'critical' | 'warning' | 'info';
  title: string;
  evidence: Evidence[];
  recommendation: string;
  confidence: 'high' | 'medium' | 'low';
  /** On a merged record: the execution segment (1-based) whose generator this finding judges. */
  segment?: number;
  /** What mqload can try itself of the recommendation; absent: it is advice only (more machines, a faster disk). */
  actions?: FindingAction[];
}

export interface FindingsFile {
  schemaVersion: string;
  runId: string;
  /** Id of the primary bottleneck finding, or null when none was found. */
  primary: string | null;
  verdict: 'healthy' | 'bottleneck' | 'generator-limited' | 'insufficient-data';
  /** One sentence for the top of the report. */
  headline: string;
  /** Trimmed analysis window, seconds since run start. */
  window: { from: number; to: number };
  findings: Finding[];
  /** Rules that could not decide, with why. */
  insufficient: Array<{ rule: string; reason: string }>;
  /** Rules that ran and found nothing. */
  ok: string[];
  scaling?: ScalingEstimate;
}

export interface ScalingEstimate {
  targetRatePerSec: number;
  inputs: Record<string, number | string>;
  partitionsNeeded?: number;
  consumersNeeded?: number;
  brokersNeeded?: number;
  notes: string[];
}
