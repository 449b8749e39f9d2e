/**
 * `mqload k8s render`, offline: the manifests are built from typed models and validate against
 * the Kubernetes OpenAPI schema (kubernetes-models' validate()), a broken object fails that same
 * validation, the YAML stream holds exactly the objects, the names, labels, Indexed Job, spread
 * and environment say what the run needs, and profiles that cannot go into a ConfigMap are
 * refused with exit 2 without the secret appearing anywhere.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { buildManifests } from '../../src/k8s/manifests.js';
import { objectNames, isDnsLabel } from '../../src/k8s/names.js';
import { renderSpecFor } from '../../src/cli/k8s.js';
import { loadProfile } from '../../src/profile/load.js';
import { UsageError } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'mqload-k8s-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** The flags' defaults as commander gives them, plus what a test sets. */
function flags(extra: Record<string, unknown> = {}) {
  return { segments: 3, image: 'registry.example/mqload:1.0', startIn: 120_000, cpu: '1', memory: '1Gi', storage: '1Gi', pullPolicy: 'IfNotPresent' as const, metricsPort: 0, ...extra };
}

function profileFile(name: string, body: Record<string, unknown>): string {
  const file = join(work, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      name,
      driver: { type: 'kafka', brokers: ['127.0.0.1:9092'] },
      topics: [{ name: `mqload-${name}`, partitions: 6, replicationFactor: 1 }],
      message: { size: 100 },
      producers: { count: 4, mode: 'async' },
      consumers: { groups: 1, perGroup: 3 },
      load: { phases: [{ executor: 'constant-arrival-rate', rate: 1000, duration: '20s' }] },
      ...body,
    }),
  );
  return file;
}

test('the quickstart renders four objects that validate, named and labelled for the run', async () => {
  const now = new Date('2026-12-04T12:00:00Z');
  const { spec, warnings } = await renderSpecFor('quickstart', flags({ runId: 'load1', brokers: 'kafka-0.kafka:9092,kafka-1.kafka:9092', namespace: 'load', metricsPort: 9464 }), now);
  assert.deepEqual(warnings, [], 'a reachable broker address: no warning');
  const manifests = buildManifests(spec);
  assert.deepEqual(manifests.map((m) => m.file), ['00-profile.yaml', '01-records.yaml', '02-segments-job.yaml', '03-merge-job.yaml']);
  const names = objectNames('load1');
  const [cm, pvc, segments, merge] = manifests.map((m) => m.object.toJSON() as unknown as Record<string, any>);
  for (const o of [cm, pvc, segments, merge]) {
    assert.equal(o!.metadata.namespace, 'load');
    assert.equal(o!.metadata.labels['mqload.io/run'], names.segments);
    assert.equal(o!.metadata.annotations['mqload.io/run-id'], 'load1');
    assert.ok(isDnsLabel(o!.metadata.name), o!.metadata.name);
  }
  assert.equal(cm!.kind, 'ConfigMap');
  assert.equal(cm!.data['profile.yaml'], readFileSync('profiles/quickstart.yaml', 'utf8'), 'the profile file travels as given');
  assert.deepEqual(pvc!.spec.accessModes, ['ReadWriteMany']);

  const js = segments!.spec;
  assert.equal(js.completionMode, 'Indexed');
  assert.equal(js.completions, 3);
  assert.equal(js.parallelism, 3);
  assert.equal(js.backoffLimitPerIndex, 0);
  const pod = js.template.spec;
  assert.equal(pod.restartPolicy, 'Never');
  const anti = pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0];
  assert.equal(anti.topologyKey, 'kubernetes.io/hostname');
  assert.deepEqual(anti.labelSelector.matchLabels, js.template.metadata.labels['mqload.io/role'] === 'segment' ? { 'mqload.io/run': names.segments, 'mqload.io/role': 'segment' } : null);
  const c = pod.containers[0];
  assert.deepEqual(c.command.slice(0, 2), ['sh', '-c']);
  const env = Object.fromEntries((c.env as Array<{ name: string; value: string }>).map((e) => [e.name, e.value]));
  assert.equal(env.MQLOAD_START_AT, '2026-12-04T12:02:00.000Z', '--start-in 2m after rendering');
  assert.equal(env.MQLOAD_SEGMENTS, '3');
  assert.equal(env.MQLOAD_BROKERS, 'kafka-0.kafka:9092,kafka-1.kafka:9092');
  assert.equal(env.MQLOAD_PROFILE, '/etc/mqload/profile.yaml');
  assert.equal(env.MQLOAD_METRICS_PORT, '9464');
  assert.deepEqual(c.ports, [{ name: 'metrics', containerPort: 9464, protocol: 'TCP' }]);
  assert.equal(js.template.metadata.annotations['prometheus.io/port'], '9464');
  assert.deepEqual(c.resources, { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '1Gi' } }, 'no CPU limit: throttling would show as publish delay');
  assert.equal(pod.securityContext.runAsNonRoot, true);
  assert.equal(pod.volumes.find((v: { name: string }) => v.name === 'records').persistentVolumeClaim.claimName, names.records);

  assert.equal(merge!.spec.backoffLimit, 0);
  const mc = merge!.spec.template.spec.containers[0];
  assert.match(mc.command[2], /merge --wait "\$MQLOAD_MERGE_WAIT" .*--cleanup --profile "\$MQLOAD_PROFILE"/);
  assert.deepEqual(mc.volumeMounts.map((v: { mountPath: string }) => v.mountPath), ['/records', '/etc/mqload']);
  assert.ok(merge!.spec.activeDeadlineSeconds > js.activeDeadlineSeconds, 'the merge outlives the segments it waits for');
  assert.ok(js.activeDeadlineSeconds > 120 + 40, 'the segments have the lead time and the run');
});

test('the YAML stream is the objects, and each document validates again as its model', async () => {
  const r = await runCli(['k8s', 'render', 'quickstart', '--segments', '2', '--image', 'mqload:dev', '--run-id', 'Stream_Test.1', '--brokers', 'kafka:9092']);
  assert.equal(r.code, 0, r.stderr);
  const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as Record<string, any>);
  assert.deepEqual(docs.map((d) => d.kind), ['ConfigMap', 'PersistentVolumeClaim', 'Job', 'Job']);
  new ConfigMap(docs[0] as never).validate();
  new PersistentVolumeClaim(docs[1] as never).validate();
  for (const d of docs.slice(2)) new Job(d as never).validate();
  assert.equal(docs[2]!.metadata.name, 'mqload-stream-test-1', 'the run id folded into a DNS label');
  assert.equal(docs[2]!.spec.template.spec.containers[0].env.find((e: { name: string }) => e.name === 'MQLOAD_RUN_ID').value, 'Stream_Test.1', 'the run id itself is kept');
  assert.match(r.stderr, /kubectl logs -f job\/mqload-stream-test-1-merge|logs -f job\/mqload-stream-test-1-merge/);
});

test('a broken object fails the schema validation the renderer relies on', async () => {
  const { spec } = await renderSpecFor('quickstart', flags({ runId: 'bad', brokers: 'kafka:9092' }));
  const job = buildManifests(spec)[2]!.object.toJSON() as unknown as Record<string, any>;
  const broken = structuredClone(job);
  broken.spec.completions = 'three';
  assert.throws(() => new Job(broken as never).validate(), /completions/);
  const noImage = structuredClone(job);
  delete noImage.spec.template.spec.containers[0].name;
  assert.throws(() => new Job(noImage as never).validate(), /name/);
  new Job(job as never).validate();
});

test('--out writes one file per object; --profile-secret mounts a Secret and renders no ConfigMap', async () => {
  const file = profileFile('secret-profile', { driver: { type: 'kafka', brokers: ['kafka:9093'], config: { 'sasl.mechanism': 'PLAIN', 'sasl.username': 'load', 'sasl.password': 'hunter2-k8s' } } });
  const refused = await runCli(['k8s', 'render', file, '--segments', '2', '--image', 'mqload:dev']);
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /holds secrets/);
  assert.match(refused.stderr, /kubectl create secret generic mqload-profile --from-file=profile\.json=/);
  assert.doesNotMatch(refused.stdout + refused.stderr, /hunter2/);

  const out = join(work, 'secret-out');
  const r = await runCli(['k8s', 'render', file, '--segments', '2', '--image', 'mqload:dev', '--profile-secret', 'mqload-profile', '--claim', 'shared-records', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(out).sort(), ['02-segments-job.yaml', '03-merge-job.yaml'], 'no ConfigMap, no new claim');
  const text = readdirSync(out).map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
  assert.doesNotMatch(text, /hunter2/);
  const job = parseAllDocuments(readFileSync(join(out, '02-segments-job.yaml'), 'utf8'))[0]!.toJS() as Record<string, any>;
  const vols = job.spec.template.spec.volumes as Array<Record<string, any>>;
  assert.deepEqual(vols.find((v) => v.name === 'profile')!.secret, { secretName: 'mqload-profile', items: [{ key: 'profile.json', path: 'profile.json' }] });
  assert.equal(vols.find((v) => v.name === 'records')!.persistentVolumeClaim.claimName, 'shared-records');
});

test('refused and warned: faults, bad flags, a loopback broker address, a split that cannot be made', async () => {
  const faults = profileFile('faults', { faults: [{ at: '5s', action: 'broker-restart' }] });
  await assert.rejects(renderSpecFor(faults, flags()), (e: unknown) => e instanceof UsageError && /faults/.test(e.message));
  const bad = await runCli(['k8s', 'render', 'quickstart', '--segments', '2', '--image', 'x', '--memory', 'lots']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--memory must be a Kubernetes quantity/);
  const ns = await runCli(['k8s', 'render', 'quickstart', '--segments', '2', '--image', 'x', '--namespace', 'Load_Test']);
  assert.equal(ns.code, 2);
  assert.match(ns.stderr, /--namespace must be a DNS-1123 label/);
  const { warnings } = await renderSpecFor('quickstart', flags());
  assert.match(warnings.join('\n'), /127\.0\.0\.1:9092 is loopback/);
  const native = await renderSpecFor(profileFile('native', { driver: { type: 'kafka', brokers: ['kafka:9092'], client: 'librdkafka' } }), flags());
  assert.match(native.warnings.join('\n'), /client is optional \(`.*drivers install librdkafka.*`\).*exit 4/);
  assert.deepEqual((await renderSpecFor(profileFile('bundled', { driver: { type: 'kafka', brokers: ['kafka:9092'], client: 'kafkajs' } }), flags())).warnings, []);
  const ok = await renderSpecFor(profileFile('uneven', {}), flags({ segments: 5, brokers: 'kafka:9092' }));
  assert.equal(ok.spec.segments, 5, 'more segments than producers: some shares have none');
});

test('the profile a pod reads from the ConfigMap loads as the same profile', async () => {
  const { spec } = await renderSpecFor('quickstart', flags({ brokers: 'kafka:9092' }));
  const cm = buildManifests(spec)[0]!.object.toJSON() as unknown as { data: Record<string, string> };
  const file = join(work, 'from-configmap.yaml');
  writeFileSync(file, cm.data['profile.yaml']!);
  assert.deepEqual(await loadProfile(file), await loadProfile('profiles/quickstart.yaml'));
});
