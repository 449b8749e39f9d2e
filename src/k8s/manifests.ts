/**
 * The Kubernetes objects of one segmented run, built from typed models (`kubernetes-models`) and
 * each validated against the Kubernetes OpenAPI schema before it is returned:
 *
 * - a ConfigMap with the profile file (unless the profile comes from the user's Secret);
 * - a ReadWriteMany PersistentVolumeClaim for the records (unless an existing claim is named);
 * - the segments: an Indexed Job, `completions = parallelism = N`, one pod per segment, each
 *   index retried never (`backoffLimitPerIndex: 0`: a late re-run would not share the schedule)
 *   and failing alone (the other segments go on), pods spread over nodes by anti-affinity;
 * - the merge: a Job that waits for the segments, runs `mqload merge` and deletes the run's
 *   groups and `deleteAfterRun` topics (it mounts the profile to reach the broker).
 *
 * Pods run as the image's unprivileged `node` user (uid 1000) under the "restricted" Pod
 * Security Standard; memory is requested and limited, CPU only requested (a CPU limit throttles
 * the generator and shows up as publish delay that is not the broker's).
 */
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Job } from 'kubernetes-models/batch/v1/Job';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IIoK8sApimachineryPkgApisMetaV1ObjectMeta as ObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import { objectNames, type RunObjectNames } from './names.js';
import { MERGE_SCRIPT, SEGMENT_SCRIPT, mergeEnv, segmentEnv } from './pod-command.js';
import { PROFILE_DIR, RECORDS_DIR, type RenderSpec } from './spec.js';

/** One rendered object: its model (validated) and the file name `--out` writes it to. */
export interface Manifest {
  file: string;
  object: ConfigMap | PersistentVolumeClaim | Job;
}

/** The label every object of a run carries, valued with its base name. */
export const RUN_LABEL = 'mqload.io/run';
/** Label that tells a run's segment pods from its merge pod. */
export const ROLE_LABEL = 'mqload.io/role';
/** Annotation holding the run id as given (labels cannot hold every run id). */
export const RUN_ID_ANNOTATION = 'mqload.io/run-id';

/** Non-root user of the `node` base image. */
const NODE_UID = 1000;

function meta(spec: RenderSpec, names: RunObjectNames, name: string, role?: string): ObjectMeta {
  return {
    name,
    ...(spec.namespace ? { namespace: spec.namespace } : {}),
    labels: { 'app.kubernetes.io/name': 'mqload', 'app.kubernetes.io/managed-by': 'mqload', [RUN_LABEL]: names.segments, ...(role ? { [ROLE_LABEL]: role } : {}) },
    annotations: { [RUN_ID_ANNOTATION]: spec.runId },
  };
}

function volumes(spec: RenderSpec, names: RunObjectNames): IVolume[] {
  const claimName = spec.records.kind === 'existing-claim' ? spec.records.claim : names.records;
  const profile: IVolume =
    spec.profile.kind === 'configmap'
      ? { name: 'profile', configMap: { name: names.profile } }
      : { name: 'profile', secret: { secretName: spec.profile.secret, items: [{ key: spec.profile.fileName, path: spec.profile.fileName }] } };
  return [{ name: 'records', persistentVolumeClaim: { claimName } }, profile];
}

function container(spec: RenderSpec, name: string, script: string, env: IContainer['env'], metricsPort = 0): IContainer {
  return {
    name,
    image: spec.image,
    imagePullPolicy: spec.imagePullPolicy,
    command: ['sh', '-c', script],
    env,
    ...(metricsPort > 0 ? { ports: [{ name: 'metrics', containerPort: metricsPort, protocol: 'TCP' }] } : {}),
    resources: { requests: { cpu: spec.cpu, memory: spec.memory }, limits: { memory: spec.memory } },
    volumeMounts: [
      { name: 'records', mountPath: RECORDS_DIR },
      { name: 'profile', mountPath: PROFILE_DIR, readOnly: true },
    ],
    securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
  };
}

function podSpec(spec: RenderSpec, main: IContainer, vols: IVolume[], extra: Partial<IPodSpec>): IPodSpec {
  return {
    restartPolicy: 'Never',
    // Time for a stopped run to drain in-flight sends and write its record.
    terminationGracePeriodSeconds: 60,
    securityContext: { runAsUser: NODE_UID, runAsGroup: NODE_UID, fsGroup: NODE_UID, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    ...(Object.keys(spec.nodeSelector).length > 0 ? { nodeSelector: { ...spec.nodeSelector } } : {}),
    ...(spec.imagePullSecret ? { imagePullSecrets: [{ name: spec.imagePullSecret }] } : {}),
    containers: [main],
    volumes: vols,
    ...extra,
  };
}

/** The conventional annotations a Prometheus pod-discovery job keys on, when /metrics is served. */
function scrapeAnnotations(port: number): Record<string, string> {
  return port > 0 ? { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port), 'prometheus.io/path': '/metrics' } : {};
}

/** The segments' Indexed Job. */
function segmentsJob(spec: RenderSpec, names: RunObjectNames): Job {
  const podLabels = { [RUN_LABEL]: names.segments, [ROLE_LABEL]: 'segment' };
  const term = { labelSelector: { matchLabels: podLabels }, topologyKey: 'kubernetes.io/hostname' };
  const affinity =
    spec.spread === 'required'
      ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } }
      : { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] } };
  return new Job({
    metadata: meta(spec, names, names.segments, 'segment'),
    spec: {
      completionMode: 'Indexed',
      completions: spec.segments,
      parallelism: spec.segments,
      backoffLimitPerIndex: 0,
      activeDeadlineSeconds: spec.deadlineSec,
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'mqload', ...podLabels }, annotations: { [RUN_ID_ANNOTATION]: spec.runId, ...scrapeAnnotations(spec.metricsPort) } },
        spec: podSpec(spec, container(spec, 'segment', SEGMENT_SCRIPT, segmentEnv(spec), spec.metricsPort), volumes(spec, names), { affinity }),
      },
    },
  });
}

/** The merge Job: one pod, no retry (a second merge would find its --out taken). */
function mergeJob(spec: RenderSpec, names: RunObjectNames): Job {
  const podLabels = { [RUN_LABEL]: names.segments, [ROLE_LABEL]: 'merge' };
  return new Job({
    metadata: meta(spec, names, names.merge, 'merge'),
    spec: {
      completions: 1,
      parallelism: 1,
      backoffLimit: 0,
      activeDeadlineSeconds: spec.deadlineSec + spec.mergeWaitSec,
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'mqload', ...podLabels }, annotations: { [RUN_ID_ANNOTATION]: spec.runId } },
        spec: podSpec(spec, container(spec, 'merge', MERGE_SCRIPT, mergeEnv(spec)), volumes(spec, names), {}),
      },
    },
  });
}

/** Every object of the run, in the order `kubectl apply` should create them; each one validated. */
export function buildManifests(spec: RenderSpec): Manifest[] {
  const names = objectNames(spec.runId);
  const out: Manifest[] = [];
  if (spec.profile.kind === 'configmap') {
    out.push({ file: '00-profile.yaml', object: new ConfigMap({ metadata: meta(spec, names, names.profile), data: { [spec.profile.fileName]: spec.profile.text } }) });
  }
  if (spec.records.kind === 'new-claim') {
    const { size, storageClass } = spec.records;
    out.push({
      file: '01-records.yaml',
      object: new PersistentVolumeClaim({
        metadata: meta(spec, names, names.records),
        spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: size } }, ...(storageClass ? { storageClassName: storageClass } : {}) },
      }),
    });
  }
  out.push({ file: '02-segments-job.yaml', object: segmentsJob(spec, names) });
  out.push({ file: '03-merge-job.yaml', object: mergeJob(spec, names) });
  for (const m of out) m.object.validate();
  return out;
}
