/**
 * The commands the pods run, as constant shell scripts that read everything from their
 * environment: the values (run id, start, broker list) travel as environment variables, never
 * spliced into the script, so no profile name or flag value can change what the shell executes.
 * A test runs these same scripts locally with `JOB_COMPLETION_INDEX` set, as Kubernetes sets it
 * in each pod of an Indexed Job.
 */
import { PROFILE_DIR, RECORDS_DIR, type RenderSpec } from './spec.js';

/** One environment variable of a container. */
export interface EnvVar {
  name: string;
  value: string;
}

/**
 * A segment pod: segment K = JOB_COMPLETION_INDEX + 1 of MQLOAD_SEGMENTS, its record in
 * `$MQLOAD_RECORDS/$MQLOAD_RUN_ID/s<K>`, `/metrics` served on the pod's address when
 * MQLOAD_METRICS_PORT is set (and not at all otherwise). `exec` hands SIGTERM (a deleted pod, the Job's deadline)
 * straight to mqload, which stops cleanly and still writes the record.
 */
export const SEGMENT_SCRIPT = [
  'k=$((JOB_COMPLETION_INDEX + 1))',
  'set -- run "$MQLOAD_PROFILE" --segment "$k/$MQLOAD_SEGMENTS" --run-id "$MQLOAD_RUN_ID" --start-at "$MQLOAD_START_AT" --out "$MQLOAD_RECORDS/$MQLOAD_RUN_ID/s$k" --workers "$MQLOAD_WORKERS" --quiet',
  'if [ -n "${MQLOAD_BROKERS:-}" ]; then set -- "$@" --brokers "$MQLOAD_BROKERS"; fi',
  'if [ "${MQLOAD_METRICS_PORT:-0}" != 0 ]; then set -- "$@" --metrics-port "$MQLOAD_METRICS_PORT" --metrics-host 0.0.0.0; else set -- "$@" --metrics-port 0; fi',
  'exec node bin/mqload.js "$@"',
].join('\n');

/**
 * The merge pod: waits up to MQLOAD_MERGE_WAIT for every segment to finish (a segment that never
 * finishes is merged as killed), then writes the merged record, summary and reports to
 * `$MQLOAD_RECORDS/$MQLOAD_RUN_ID/merged` and deletes the run's groups and `deleteAfterRun`
 * topics (`--cleanup`, with the mounted profile: no segment deletes what the others use).
 */
export const MERGE_SCRIPT = [
  'set --',
  'i=1',
  'while [ "$i" -le "$MQLOAD_SEGMENTS" ]; do set -- "$@" "$MQLOAD_RECORDS/$MQLOAD_RUN_ID/s$i"; i=$((i + 1)); done',
  'set -- merge --wait "$MQLOAD_MERGE_WAIT" --out "$MQLOAD_RECORDS/$MQLOAD_RUN_ID/merged" --cleanup --profile "$MQLOAD_PROFILE" "$@"',
  'if [ -n "${MQLOAD_BROKERS:-}" ]; then set -- "$@" --brokers "$MQLOAD_BROKERS"; fi',
  'exec node bin/mqload.js "$@"',
].join('\n');

/** The environment both pods share; paths are the mount points. */
function commonEnv(spec: RenderSpec): EnvVar[] {
  return [
    { name: 'MQLOAD_RUN_ID', value: spec.runId },
    { name: 'MQLOAD_SEGMENTS', value: String(spec.segments) },
    { name: 'MQLOAD_RECORDS', value: RECORDS_DIR },
  ];
}

/** The profile and broker address, which both pods read. */
function brokerEnv(spec: RenderSpec): EnvVar[] {
  return [{ name: 'MQLOAD_PROFILE', value: `${PROFILE_DIR}/${spec.profile.fileName}` }, ...(spec.brokers ? [{ name: 'MQLOAD_BROKERS', value: spec.brokers.join(',') }] : [])];
}

/** The segment pods' environment (Kubernetes adds JOB_COMPLETION_INDEX). */
export function segmentEnv(spec: RenderSpec): EnvVar[] {
  return [
    ...commonEnv(spec),
    ...brokerEnv(spec),
    { name: 'MQLOAD_START_AT', value: new Date(spec.startAtMs).toISOString() },
    { name: 'MQLOAD_WORKERS', value: String(spec.workers) },
    { name: 'MQLOAD_METRICS_PORT', value: String(spec.metricsPort) },
  ];
}

/** The merge pod's environment. */
export function mergeEnv(spec: RenderSpec): EnvVar[] {
  return [...commonEnv(spec), ...brokerEnv(spec), { name: 'MQLOAD_MERGE_WAIT', value: `${spec.mergeWaitSec}s` }];
}
