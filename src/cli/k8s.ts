/**
 * `mqload k8s render <profile> --segments N --image IMAGE`: the Kubernetes manifests that run a
 * profile as N execution segments on N nodes and merge their records into one (`k8s/`). Prints
 * them as one YAML stream (pipe it to `kubectl apply -f -`) or writes one file per object with
 * `--out DIR`; what to run next goes to stderr. Contacts nothing. Exit 0, or 2 for a bad profile
 * or flag (a profile that holds secrets needs `--profile-secret`, faults are refused).
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { loadProfile, resolveProfileArg } from '../profile/load.js';
import { applyOverrides, overridesFromOptions } from '../profile/overrides.js';
import { secretsOf } from '../profile/redact.js';
import type { Profile } from '../profile/schema.js';
import { buildPlan } from '../plan/plan.js';
import { MAX_SEGMENTS } from '../plan/execution-segment.js';
import { driverAddresses } from '../drivers/addresses.js';
import { optionalClientInstall } from '../drivers/index.js';
import { buildManifests } from '../k8s/manifests.js';
import { isDnsLabel, objectNames } from '../k8s/names.js';
import { writeManifestFiles, yamlStream } from '../k8s/render.js';
import type { RenderSpec } from '../k8s/spec.js';
import { durationFlag, positiveInt, runIdFlag, startAtFlag } from './run.js';
import { runIdTime } from '../run/orchestrator.js';

/** Seconds a pod may need before its load starts (image pull aside): connect, prepare groups. */
const SETUP_SEC = 120;
/** Seconds after the load for stopping, draining, verification and reports, beyond the profile's grace. */
const FINISH_SEC = 300;

interface RenderOptions {
  segments: number;
  image: string;
  namespace?: string;
  runId?: string;
  startAt?: number;
  startIn: number;
  brokers?: string;
  workers?: number;
  cpu: string;
  memory: string;
  claim?: string;
  storage: string;
  storageClass?: string;
  profileSecret?: string;
  sameNodeOk?: boolean;
  pullPolicy: RenderSpec['imagePullPolicy'];
  pullSecret?: string;
  nodeSelector?: string;
  metricsPort: number;
  out?: string;
}

/** A Kubernetes quantity (`1`, `1500m`, `2Gi`, `512M`). */
function quantityFlag(flag: string) {
  return (value: string): string => {
    if (!/^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.test(value)) throw new UsageError(`${flag} must be a Kubernetes quantity, got "${value}"`, `e.g. ${flag} ${flag === '--cpu' ? '2' : '2Gi'}`);
    return value;
  };
}

/** A DNS-1123 label flag (namespace, claim, secret names). */
function labelFlag(flag: string) {
  return (value: string): string => {
    if (!isDnsLabel(value)) throw new UsageError(`${flag} must be a DNS-1123 label (lowercase letters, digits and '-'), got "${value}"`);
    return value;
  };
}

function segmentsFlag(value: string): number {
  const n = positiveInt('--segments')(value);
  if (n > MAX_SEGMENTS) throw new UsageError(`--segments must be at most ${MAX_SEGMENTS}, got ${n}`);
  return n;
}

function portFlag(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--metrics-port must be a port number 0…65535, got "${value}"`);
  return n;
}

function pullPolicyFlag(value: string): RenderSpec['imagePullPolicy'] {
  if (value === 'Always' || value === 'IfNotPresent' || value === 'Never') return value;
  throw new UsageError(`--pull-policy must be Always, IfNotPresent or Never, got "${value}"`);
}

/** `key=value,key=value` into a map. */
function nodeSelectorOf(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (text === undefined) return out;
  for (const pair of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const m = /^([A-Za-z0-9./_-]+)=([A-Za-z0-9._-]*)$/.exec(pair);
    if (!m) throw new UsageError(`--node-selector: "${pair}" is not key=value`, 'e.g. --node-selector node-role/load=true');
    out[m[1]!] = m[2]!;
  }
  return out;
}

/** A default run id: the profile's name and the render time, e.g. `quickstart-20261204-1530`. */
function defaultRunId(profile: Profile, now: Date): string {
  const ts = runIdTime(now);
  const name = profile.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 40);
  return `${name === '' ? 'run' : name}-${ts}`;
}

/** Hosts a pod cannot reach the broker at: its own loopback. */
function loopbackAddresses(profile: Profile): string[] {
  return driverAddresses(profile.driver).filter((a) => /^(127\.|localhost:|\[?::1\]?:)/.test(a));
}

/** Decides the render spec from the profile and the flags; throws UsageError/ConfigError (exit 2). */
export async function renderSpecFor(profileArg: string, opts: RenderOptions, now = new Date()): Promise<{ spec: RenderSpec; warnings: string[] }> {
  const path = resolveProfileArg(profileArg);
  const overrides = overridesFromOptions({ brokers: opts.brokers });
  const profile = applyOverrides(await loadProfile(path), overrides, path);
  if ((profile.faults ?? []).length > 0) {
    throw new UsageError(`${path}: faults are not run by Kubernetes segments (they act on the local broker mqload runs itself)`, 'remove the faults section, or run the faults profile with `mqload run` beside a local broker');
  }
  const secrets = secretsOf(profile).length > 0;
  if (secrets && !opts.profileSecret) {
    throw new UsageError(
      `${path} holds secrets (a password, a token or a URL with credentials): a ConfigMap would carry them in clear text`,
      `create a Secret from the file and name it: kubectl create secret generic mqload-profile --from-file=profile${extname(path) || '.yaml'}=${path}, then --profile-secret mqload-profile`,
    );
  }
  const runId = opts.runId ?? defaultRunId(profile, now);
  const workers = opts.workers ?? Math.max(1, Math.ceil(parseCpu(opts.cpu)));
  // The plan of one share: proves the profile splits into N (and gives the run's length).
  const plan = buildPlan(profile, { workers, runId, segment: { index: 1, count: opts.segments } });
  const startAtMs = opts.startAt ?? now.getTime() + opts.startIn;
  const leadSec = Math.max(0, Math.ceil((startAtMs - now.getTime()) / 1000));
  const runSec = Math.ceil((plan.totalMs + (profile.verify?.graceMs ?? 5000) + 10_000) / 1000);
  const fileName = `profile${extname(path).toLowerCase() === '.json' ? '.json' : '.yaml'}`;
  const spec: RenderSpec = {
    runId,
    segments: opts.segments,
    image: opts.image,
    imagePullPolicy: opts.pullPolicy,
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
    startAtMs,
    profile: opts.profileSecret ? { kind: 'secret', secret: opts.profileSecret, fileName } : { kind: 'configmap', fileName, text: readFileSync(path, 'utf8') },
    ...(overrides.brokers ? { brokers: overrides.brokers } : {}),
    workers,
    cpu: opts.cpu,
    memory: opts.memory,
    records: opts.claim ? { kind: 'existing-claim', claim: opts.claim } : { kind: 'new-claim', size: opts.storage, ...(opts.storageClass ? { storageClass: opts.storageClass } : {}) },
    spread: opts.sameNodeOk ? 'preferred' : 'required',
    deadlineSec: leadSec + SETUP_SEC + runSec + FINISH_SEC,
    mergeWaitSec: leadSec + SETUP_SEC + runSec + FINISH_SEC,
    metricsPort: opts.metricsPort,
    ...(opts.pullSecret ? { imagePullSecret: opts.pullSecret } : {}),
    nodeSelector: nodeSelectorOf(opts.nodeSelector),
  };
  const warnings: string[] = [];
  const loop = loopbackAddresses(profile);
  if (loop.length > 0) warnings.push(`the profile's broker address ${loop.join(', ')} is loopback: inside a pod that is the pod itself; pass --brokers with an address the pods can reach (e.g. a Service name)`);
  const install = optionalClientInstall(profile.driver);
  if (install !== null) warnings.push(`the profile's client is optional (\`${install}\`), which docker/mqload.Dockerfile does not run; the segments will exit 4 unless the image has it`);
  return { spec, warnings };
}

/** CPU quantity in cores. */
function parseCpu(q: string): number {
  return q.endsWith('m') ? Number(q.slice(0, -1)) / 1000 : Number(q);
}

/** What to run after rendering, for stderr. */
function nextSteps(spec: RenderSpec): string {
  const names = objectNames(spec.runId);
  const ns = spec.namespace ? ` -n ${spec.namespace}` : '';
  const claim = spec.records.kind === 'existing-claim' ? spec.records.claim : names.records;
  return [
    `mqload: run ${spec.runId}: ${spec.segments} segment${spec.segments === 1 ? '' : 's'} start their load at ${new Date(spec.startAtMs).toISOString()}; apply before then (a late segment says so and starts at once)`,
    `  watch:   kubectl${ns} get pods -l mqload.io/run=${names.segments} -w`,
    `  summary: kubectl${ns} logs -f job/${names.merge}`,
    `  records: ${claim}:/${spec.runId}/s1…s${spec.segments} and /${spec.runId}/merged (README "Many machines on Kubernetes" shows how to copy them out)`,
    '',
  ].join('\n');
}

export function register(program: Command): void {
  const k8s = program.command('k8s').description('Kubernetes: run a profile as execution segments on many nodes');
  k8s
    .command('render')
    .description('print the manifests (ConfigMap, records claim, Indexed Job of segments, merge Job) for kubectl apply -f -')
    .argument('<profile>', 'profile file (YAML/JSON) or a name under profiles/')
    .requiredOption('--segments <n>', 'number of segments (pods), one per node', segmentsFlag)
    .requiredOption('--image <image>', 'mqload image the pods run (docker build -f docker/mqload.Dockerfile)')
    .option('--namespace <ns>', 'namespace of every object (default: the one kubectl applies to)', labelFlag('--namespace'))
    .option('--run-id <id>', 'run id of the segments (default <profile>-<time>)', runIdFlag)
    .option('--start-at <time>', 'common start of the load, ISO 8601 with a zone', startAtFlag)
    .option('--start-in <duration>', 'common start this long after rendering, when --start-at is not given', durationFlag('--start-in'), 120_000)
    .option('--brokers <list>', 'broker addresses the pods use, host:port,… (overrides driver.brokers)')
    .option('--workers <n>', 'worker threads per segment (default: the CPU request, rounded up)', positiveInt('--workers'))
    .option('--cpu <quantity>', 'CPU request per segment pod (no limit is set)', quantityFlag('--cpu'), '1')
    .option('--memory <quantity>', 'memory request and limit per pod', quantityFlag('--memory'), '1Gi')
    .option('--claim <name>', 'an existing ReadWriteMany claim for the records (default: render one)', labelFlag('--claim'))
    .option('--storage <quantity>', 'size of the rendered records claim', quantityFlag('--storage'), '1Gi')
    .option('--storage-class <name>', 'storage class of the rendered claim (one that offers ReadWriteMany)')
    .option('--profile-secret <name>', 'mount the profile from this Secret (key profile.yaml) instead of a ConfigMap; needed when it holds secrets', labelFlag('--profile-secret'))
    .option('--same-node-ok', 'prefer, not require, one segment per node')
    .option('--pull-policy <policy>', 'imagePullPolicy: Always, IfNotPresent or Never', pullPolicyFlag, 'IfNotPresent')
    .option('--pull-secret <name>', 'imagePullSecrets entry', labelFlag('--pull-secret'))
    .option('--node-selector <k=v,...>', 'nodeSelector of every pod')
    .option('--metrics-port <port>', "serve each segment's Prometheus /metrics on the pod's address at this port, annotated for scraping (0 = off)", portFlag, 0)
    .option('--out <dir>', 'write one file per object into this directory instead of stdout')
    .action(async (profileArg: string, opts: RenderOptions) => {
      const { spec, warnings } = await renderSpecFor(profileArg, opts);
      const manifests = buildManifests(spec);
      for (const w of warnings) process.stderr.write(`mqload: warning: ${w}\n`);
      if (opts.out) {
        const paths = await writeManifestFiles(resolve(opts.out), manifests);
        process.stderr.write(`wrote ${paths.map((p) => basename(p)).join(', ')} to ${resolve(opts.out)}; kubectl apply -f ${opts.out}\n`);
      } else process.stdout.write(yamlStream(manifests));
      process.stderr.write(nextSteps(spec));
    });
}
