/**
 * What `mqload k8s render` renders: everything the manifests depend on, decided once from the
 * profile and the flags (`cli/k8s.ts`), so that building the objects (`manifests.ts`) and the pod
 * commands (`pod-command.ts`) are pure functions of it.
 */

/** Where the segments write their records and the merge reads them. */
export type RecordsVolume =
  /** A claim rendered with the run (ReadWriteMany: the segments run on different nodes). */
  | { kind: 'new-claim'; size: string; storageClass?: string }
  /** A claim the user already has. */
  | { kind: 'existing-claim'; claim: string };

/** Where the pods read the profile from. */
export type ProfileSource =
  /** A ConfigMap rendered with the run, holding the profile file as given. */
  | { kind: 'configmap'; fileName: string; text: string }
  /** A Secret the user created (the profile holds secrets, which a manifest must not carry). */
  | { kind: 'secret'; secret: string; fileName: string };

export interface RenderSpec {
  /** Run id shared by every segment (`mqload run --run-id`). */
  runId: string;
  /** Number of segments (pods of the Indexed Job), 1…MAX_SEGMENTS. */
  segments: number;
  image: string;
  imagePullPolicy: 'Always' | 'IfNotPresent' | 'Never';
  /** Namespace of every object; absent = the namespace `kubectl` applies to. */
  namespace?: string;
  /** The common `--start-at`, epoch ms. */
  startAtMs: number;
  profile: ProfileSource;
  /** `--brokers` passed to every segment, or absent to keep the profile's address. */
  brokers?: string[];
  /** `--workers` of each segment. */
  workers: number;
  /** Per pod: CPU request (a Kubernetes quantity, e.g. "2" or "1500m"); no CPU limit is set. */
  cpu: string;
  /** Per pod: memory request and limit (a Kubernetes quantity, e.g. "1Gi"). */
  memory: string;
  records: RecordsVolume;
  /** Segments on different nodes: `required` (a pod waits for a free node) or `preferred`. */
  spread: 'required' | 'preferred';
  /** Seconds after which the Jobs are stopped (SIGTERM, then their records are merged as they are). */
  deadlineSec: number;
  /** Seconds the merge waits for the segments to finish before merging what is there. */
  mergeWaitSec: number;
  /** Port of each segment's `/metrics` on the pod's address (annotated for Prometheus), or 0 for none. */
  metricsPort: number;
  imagePullSecret?: string;
  nodeSelector: Record<string, string>;
}

/** The mount points inside the pods. */
export const PROFILE_DIR = '/etc/mqload';
export const RECORDS_DIR = '/records';
