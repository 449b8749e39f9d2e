/**
 * The rendered pods' commands, run here as the pods run them: the segment Job's `sh -c` script
 * and environment taken from the rendered Job, once per JOB_COMPLETION_INDEX, and the merge Job's
 * script started beside them (as `kubectl apply` starts both Jobs at once), against the real local
 * Kafka. Only the mount points are moved to temporary directories. The merged record written to
 * `<records>/<run id>/merged` must hold the invariants of one run, and the merge pod deletes the
 * run's group (`--cleanup`). Topics and groups are deleted afterwards in any case.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestKafka, uniqueName } from '../helpers/broker.js';
import { repoRootForTests } from '../helpers/cli.js';
import { waitForLocalBroker } from '../verify/run-helpers.js';
import { renderSpecFor } from '../../src/cli/k8s.js';
import { buildManifests } from '../../src/k8s/manifests.js';
import type { RunSummary } from '../../src/record/summary.js';
import type { MergedSegmentsFile, SegmentFile } from '../../src/record/segment.js';

const kafka = new TestKafka();
const work = mkdtempSync(join(tmpdir(), 'mqload-k8s-pods-'));
before(() => waitForLocalBroker());
after(async () => {
  await kafka.cleanup();
  rmSync(work, { recursive: true, force: true });
});

interface PodCommand {
  script: string;
  env: Record<string, string>;
}

/** The `sh -c` script and environment of the first container of a rendered Job. */
function podCommand(job: unknown): PodCommand {
  const c = (job as { spec: { template: { spec: { containers: Array<{ command: string[]; env: Array<{ name: string; value: string }> }> } } } }).spec.template.spec.containers[0]!;
  assert.deepEqual(c.command.slice(0, 2), ['sh', '-c']);
  return { script: c.command[2]!, env: Object.fromEntries(c.env.map((e) => [e.name, e.value])) };
}

/** Runs a pod's script from the repository root (the image's WORKDIR holds the same tree). */
function runPod(cmd: PodCommand, env: Record<string, string>, timeoutMs: number): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', cmd.script], { cwd: repoRootForTests(), env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...cmd.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`pod script did not finish within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stderr });
    });
  });
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

test('two segment pods and the merge pod, run locally with JOB_COMPLETION_INDEX: one merged record', { timeout: 180_000 }, async () => {
  const topic = kafka.trackTopic(uniqueName('mqload-k8s'));
  const profile = join(work, 'k8s.json');
  writeFileSync(
    profile,
    JSON.stringify({
      name: 'k8s-pods',
      driver: { type: 'kafka', brokers: ['kafka.example:9092'] },
      topics: [{ name: topic, partitions: 4, replicationFactor: 1 }],
      message: { size: 200, keys: 'round-robin' },
      producers: { count: 3, mode: 'async', acks: 'all', maxInFlight: 200 },
      consumers: { groups: 1, perGroup: 2 },
      load: { warmup: '1s', cooldown: '2s', phases: [{ executor: 'constant-arrival-rate', rate: 600, duration: '4s' }] },
      verify: { graceMs: 8000 },
    }),
  );
  const runId = uniqueName('k8s');
  kafka.trackGroup(`mqload-${runId}-g0`);
  // --brokers as a user passes the Service address; here the local broker.
  const { spec } = await renderSpecFor(profile, { segments: 2, image: 'mqload:test', runId, startIn: 15_000, brokers: '127.0.0.1:9092', workers: 1, cpu: '1', memory: '1Gi', storage: '1Gi', pullPolicy: 'IfNotPresent', metricsPort: 0 });
  const manifests = buildManifests(spec);
  const cm = manifests.find((m) => m.file === '00-profile.yaml')!.object.toJSON() as unknown as { data: Record<string, string> };
  const segmentPod = podCommand(manifests.find((m) => m.file === '02-segments-job.yaml')!.object.toJSON());
  const mergePod = podCommand(manifests.find((m) => m.file === '03-merge-job.yaml')!.object.toJSON());

  // The mounts: the ConfigMap's file and the records claim.
  const profileDir = join(work, 'etc-mqload');
  const records = join(work, 'records');
  mkdirSync(profileDir);
  mkdirSync(records);
  writeFileSync(join(profileDir, 'profile.json'), cm.data['profile.json']!);
  assert.equal(segmentPod.env.MQLOAD_PROFILE, '/etc/mqload/profile.json');
  const mounts = { MQLOAD_PROFILE: join(profileDir, 'profile.json'), MQLOAD_RECORDS: records };

  assert.equal(mergePod.env.MQLOAD_PROFILE, segmentPod.env.MQLOAD_PROFILE, 'the merge pod mounts the profile too (for --cleanup)');
  const merge = runPod(mergePod, mounts, 170_000);
  const pods = await Promise.all([0, 1].map((i) => runPod(segmentPod, { ...mounts, JOB_COMPLETION_INDEX: String(i) }, 150_000)));
  for (const p of pods) assert.equal(p.code, 0, p.stderr);
  const m = await merge;
  assert.equal(m.code, 0, m.stderr);
  assert.match(m.stderr, /waiting for segments: 1:(absent|running)/, 'the merge pod waited for the segments');

  for (const k of [1, 2]) {
    const seg = readJson<SegmentFile>(join(records, runId, `s${k}`, 'segment.json'));
    assert.equal(seg.index, k, 'JOB_COMPLETION_INDEX i runs segment i+1');
    assert.equal(seg.count, 2);
    assert.equal(seg.runId, runId);
    assert.equal(seg.startAt, new Date(spec.startAtMs).toISOString());
  }
  const merged = join(records, runId, 'merged');
  const s = readJson<RunSummary>(join(merged, 'summary.json'));
  const segs = readJson<MergedSegmentsFile>(join(merged, 'segments.json'));
  assert.equal(s.status, 'completed');
  assert.equal(s.runId, runId);
  assert.deepEqual(segs.segments.map((x) => x.status), ['completed', 'completed']);
  assert.equal(s.produce.sent, s.produce.acked + s.produce.failed + (s.produce.unresolved ?? 0));
  assert.equal(s.produce.failed, 0);
  // 600 msg/s for 4 s after the warm-up: every scheduled message was sent or, on a busy machine,
  // dropped by the generator (counted); the merged counters are the segments' sums.
  assert.ok(Math.abs(s.produce.sent + s.produce.dropped - 2400) <= 120, `600 msg/s for 4 s: ${s.produce.sent} sent, ${s.produce.dropped} dropped; ${JSON.stringify(segs.segments)}`);
  assert.equal(s.produce.sent, segs.segments.reduce((a, x) => a + x.sent, 0));
  assert.equal(s.produce.acked, s.produce.sent);
  const d = s.delivery?.[0];
  assert.ok(d, 'delivery verified across the pods');
  assert.equal(d.lost, 0);
  assert.equal(d.duplicatedInLog, 0);
  assert.equal(d.unique, d.acked);
  assert.ok(readFileSync(join(merged, 'report.md'), 'utf8').length > 0, 'the merge pod wrote the report');
  // The merge pod deleted the run's group, which no segment deletes while the others use it.
  const group = `mqload-${runId}-g0`;
  assert.match(m.stderr, new RegExp(`deleted the run's consumer groups ${group}`));
  const committed = await kafka.driver.offsets!.groupOffsets(group, topic);
  assert.ok(committed.every((p) => p.committed === -1n), `group ${group} is gone: ${committed.map((p) => p.committed).join(',')}`);
});
