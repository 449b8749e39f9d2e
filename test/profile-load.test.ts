import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { listShippedProfiles, loadProfile, resolveProfileArg, SHIPPED_PROFILES_DIR } from '../src/profile/load.js';
import { validateProfile } from '../src/profile/validate.js';
import { renderProfileSchema, SCHEMA_PATH } from '../src/profile/gen-schema.js';
import { ConfigError, UsageError } from '../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'mqload-profile-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const REPO = resolve(SHIPPED_PROFILES_DIR, '..');

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const QUICK = readFileSync(join(SHIPPED_PROFILES_DIR, 'quickstart.yaml'), 'utf8');

test('every shipped profile validates and declares the schema both ways', async () => {
  const names = listShippedProfiles();
  const artemis = ['artemis-quickstart', 'send-modes-sync', 'send-modes-async', 'send-modes-oneway', 'slow-consumers', 'backlog-build-and-drain', 'fanout-3-groups'].map((n) => `activemq/${n}`);
  for (const expected of ['quickstart', 'max-throughput', 'ramp', 'backlog-build-and-drain', 'sync-vs-async-vs-oneway/sync', 'sync-vs-async-vs-oneway/async', 'sync-vs-async-vs-oneway/oneway', ...artemis]) {
    assert.ok(names.includes(expected), `${expected} in ${names}`);
  }
  for (const name of names) {
    const path = resolveProfileArg(name);
    const text = readFileSync(path, 'utf8');
    const rel = name.includes('/') ? '../profile.schema.json' : './profile.schema.json';
    assert.ok(text.startsWith(`# yaml-language-server: $schema=${rel}\n`), `${name} header`);
    assert.equal((parse(text) as { $schema?: string }).$schema, rel, `${name} $schema`);
    const profile = await loadProfile(path);
    assert.ok(profile.name.length > 0);
    assert.deepEqual(validateProfile(profile, name), { profile, problems: [] }, `${name}: defaults validate again`);
  }
});

test('quickstart has the documented shape', async () => {
  const p = await loadProfile(resolveProfileArg('quickstart'));
  assert.equal(p.producers.count, 2);
  assert.equal(p.producers.mode, 'async');
  assert.deepEqual(p.load.phases, [{ executor: 'constant-arrival-rate', rate: 5000, duration: '30s' }]);
  assert.equal(p.load.warmup, '5s');
  assert.deepEqual(p.thresholds, { publish_latency: ['p(99)<100'], e2e_latency: ['p(99)<250'] });
});

for (const set of ['sync-vs-async-vs-oneway/', 'rabbitmq/send-modes-', 'activemq/send-modes-']) {
  test(`the three send-mode profiles ${set}* differ only in the send mode`, () => {
    const load = (m: string) => parse(readFileSync(resolveProfileArg(`${set}${m}`), 'utf8')) as Record<string, any>;
    const [sync, async, oneway] = ['sync', 'async', 'oneway'].map(load) as [Record<string, any>, Record<string, any>, Record<string, any>];
    for (const p of [sync, async, oneway]) {
      assert.deepEqual(p.load, async.load);
      assert.deepEqual(p.message, async.message);
      assert.deepEqual(p.consumers, async.consumers);
      assert.deepEqual(p.driver, async.driver);
      assert.equal(p.producers.count, async.producers.count);
      assert.deepEqual(p.thresholds, async.thresholds);
    }
    assert.deepEqual([sync.producers.mode, async.producers.mode, oneway.producers.mode], ['sync', 'async', 'oneway']);
  });
}

test('the committed JSON Schema equals the generated one', () => {
  assert.equal(readFileSync(SCHEMA_PATH, 'utf8'), renderProfileSchema(), 'stale: run `node dist/src/profile/gen-schema.js`');
  const schema = JSON.parse(renderProfileSchema()) as Record<string, unknown>;
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.equal(schema.additionalProperties, false);
});

test('JSON and YAML load the same profile', async () => {
  const data = parse(QUICK) as unknown;
  const fromJson = await loadProfile(file('q.json', JSON.stringify(data)));
  const fromYaml = await loadProfile(file('q.yml', QUICK));
  assert.deepEqual(fromJson, fromYaml);
  assert.deepEqual(fromYaml, validateProfile(data, 'x').profile);
});

test('invalid profiles throw ConfigError with every problem and its line', async () => {
  const text = QUICK.replace('count: 2, mode: async', 'count: -2, mode: fast').replace('size: 1024', 'size: 1024, colour: red');
  const err = await loadProfile(file('bad.yaml', text)).then(
    () => assert.fail('expected ConfigError'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ConfigError);
  assert.equal(err.exitCode, 2);
  const paths = err.problems.map((p) => p.path).sort();
  assert.deepEqual(paths, ['/message/colour', '/producers/count', '/producers/mode']);
  const lineOfProducers = QUICK.split('\n').findIndex((l) => l.startsWith('producers:')) + 1;
  assert.ok(err.problems.find((p) => p.path === '/producers/mode')!.message.endsWith(`[line ${lineOfProducers}]`));
  assert.match(err.message, /3 problems/);
});

test('syntax errors carry line and column', async () => {
  const yamlErr = await loadProfile(file('syntax.yaml', 'name: x\nload: [\n  a: b\n')).catch((e: unknown) => e);
  assert.ok(yamlErr instanceof ConfigError);
  assert.match(yamlErr.problems[0]!.message, /YAML syntax error at line [0-9]+, column [0-9]+/);
  const dup = await loadProfile(file('dup.yaml', 'name: x\nname: y\n')).catch((e: unknown) => e);
  assert.ok(dup instanceof ConfigError);
  assert.match(dup.problems[0]!.message, /line 2/);
  const jsonErr = await loadProfile(file('syntax.json', '{\n  "name": "x",\n}')).catch((e: unknown) => e);
  assert.ok(jsonErr instanceof ConfigError);
  assert.match(jsonErr.problems[0]!.message, /JSON syntax error.*line 3/);
});

test('missing files and odd extensions are usage errors naming the path', async () => {
  const missing = join(dir, 'nope.yaml');
  const err = await loadProfile(missing).catch((e: unknown) => e);
  assert.ok(err instanceof UsageError);
  assert.ok(err.message.includes(missing));
  assert.match(err.hint, /quickstart/);
  const txt = await loadProfile(file('p.txt', QUICK)).catch((e: unknown) => e);
  assert.ok(txt instanceof UsageError && /\.yaml, \.yml or \.json/.test(txt.message));
  mkdirSync(join(dir, 'd.yaml'));
  const isDir = await loadProfile(join(dir, 'd.yaml')).catch((e: unknown) => e);
  assert.ok(isDir instanceof UsageError && /directory/.test(isDir.message));
});

test('resolveProfileArg: paths as given, bare names from profiles/', () => {
  assert.equal(resolveProfileArg('quickstart'), join(SHIPPED_PROFILES_DIR, 'quickstart.yaml'));
  assert.equal(resolveProfileArg('sync-vs-async-vs-oneway/oneway'), join(SHIPPED_PROFILES_DIR, 'sync-vs-async-vs-oneway', 'oneway.yaml'));
  assert.equal(resolveProfileArg('./my.yaml'), './my.yaml');
  assert.equal(resolveProfileArg('no-such-profile'), 'no-such-profile');
  const p = file('local.yaml', QUICK);
  assert.equal(resolveProfileArg(p), p);
});

function cli(...args: string[]) {
  return spawnSync(process.execPath, [join(REPO, 'bin', 'mqload.js'), 'validate', ...args], { encoding: 'utf8', timeout: 30_000 });
}

test('mqload validate: exit 2 with every path for a bad profile, no stack trace', () => {
  const bad = file(
    'cli-bad.yaml',
    QUICK.replace('producers: {', 'producer: { count: 1 }\nproducers: {').replace('maxInFlight: 1000', 'maxInFlight: -1').replace('rate: 5000, duration: 30s', 'rate: 5000, duration: 10 sec'),
  );
  const r = cli(bad);
  assert.equal(r.status, 2, r.stderr + r.stdout);
  const out = r.stdout + r.stderr;
  for (const path of ['/producer:', '/producers/maxInFlight:', '/load/phases/0/duration:']) assert.ok(out.includes(path), `${path} in ${out}`);
  assert.match(out, /did you mean "producers"/);
  assert.doesNotMatch(out, /\n\s+at .*\.js:\d+/);
});

test('mqload validate: exit 0 and a summary for valid profiles; 2 if any is missing', () => {
  const ok = cli('quickstart', 'sync-vs-async-vs-oneway/oneway');
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /✓ .*quickstart\.yaml/);
  assert.match(ok.stdout, /2 async/);
  assert.match(ok.stdout, /5000 msg\/s for 30s/);
  assert.match(ok.stdout, /= 40s/);
  const missing = cli('quickstart', join(dir, 'absent.yaml'));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /profile not found: .*absent\.yaml/);
  assert.doesNotMatch(missing.stderr, /\n\s+at /);
});
