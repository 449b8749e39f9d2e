/**
 * The stack's configuration files: `promtool check config` accepts both Prometheus configs,
 * `docker-compose config -q` accepts docker-compose.yml (each skipped with a message when the
 * tool is missing), and the files agree with each other: the ports Prometheus scrapes are the
 * ones the services serve, the broker runs the same JMX exporter version and rules as
 * `mqload local`, and Grafana loads the dashboards from where they are mounted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { COMPOSE_FILE, GRAFANA_DIR, PROMETHEUS_COMPOSE_CONFIG, PROMETHEUS_LOCAL_CONFIG, ROOT, findExecutable, readPromConfig } from './stack-env.js';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[] | string;
  environment?: Record<string, string | number>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
  network_mode?: string;
  healthcheck?: { test: string[] };
}

const compose = () => parse(readFileSync(COMPOSE_FILE, 'utf8')) as { services: Record<string, ComposeService> };
const targetsOf = (path: string) => Object.fromEntries(readPromConfig(path).scrape_configs.map((s) => [s.job_name, s.static_configs.flatMap((c) => c.targets)]));

/** The JMX exporter version `mqload local` pins in local/kafka/pom.xml. */
function pinnedJmxExporterVersion(): string {
  const m = /<jmx\.exporter\.version>([^<]+)<\/jmx\.exporter\.version>/.exec(readFileSync(join(ROOT, 'local', 'kafka', 'pom.xml'), 'utf8'));
  assert.ok(m, 'local/kafka/pom.xml pins jmx.exporter.version');
  return m[1]!;
}

test('promtool accepts both Prometheus configs', (t) => {
  const promtool = findExecutable('promtool');
  if (!promtool) return t.skip('promtool not installed (apt-get install prometheus)');
  for (const file of [PROMETHEUS_COMPOSE_CONFIG, PROMETHEUS_LOCAL_CONFIG]) {
    const res: SpawnSyncReturns<string> = spawnSync(promtool, ['check', 'config', file], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(res.status, 0, `promtool check config ${file}:\n${res.stdout}${res.stderr}`);
  }
});

test('docker-compose accepts docker-compose.yml', (t) => {
  const dc = findExecutable('docker-compose');
  if (!dc) return t.skip('docker-compose not installed (apt-get install docker-compose)');
  const res: SpawnSyncReturns<string> = spawnSync(dc, ['-f', COMPOSE_FILE, 'config', '-q'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(res.status, 0, `docker-compose config -q:\n${res.stdout}${res.stderr}`);
});

test('both Prometheus configs scrape the same jobs every 5 s', () => {
  for (const file of [PROMETHEUS_COMPOSE_CONFIG, PROMETHEUS_LOCAL_CONFIG]) assert.equal(readPromConfig(file).global?.['scrape_interval'], '5s', file);
  assert.deepEqual(Object.keys(targetsOf(PROMETHEUS_COMPOSE_CONFIG)).sort(), ['kafka', 'mqload', 'node']);
  assert.deepEqual(Object.keys(targetsOf(PROMETHEUS_LOCAL_CONFIG)).sort(), ['kafka', 'mqload', 'node']);
  assert.deepEqual(targetsOf(PROMETHEUS_LOCAL_CONFIG), { mqload: ['127.0.0.1:9464'], kafka: ['127.0.0.1:7071'], node: ['127.0.0.1:9100'] });
});

test('the compose broker runs the pinned JMX exporter agent with the rules of mqload local, on the port Prometheus scrapes', () => {
  const { services } = compose();
  const version = pinnedJmxExporterVersion();
  const jar = `jmx_prometheus_javaagent-${version}.jar`;
  const agent = services['jmx-agent']!;
  assert.match(String(agent.command), new RegExp(`io\\.prometheus\\.jmx:jmx_prometheus_javaagent:${version.replace(/\./g, '\\.')}\\b`));
  assert.ok(String(agent.command).includes(`/agent/${jar}`));

  const kafka = services['kafka']!;
  assert.match(kafka.image ?? '', /^apache\/kafka:/);
  assert.equal(kafka.environment?.['KAFKA_PROCESS_ROLES'], 'broker,controller');
  const opts = String(kafka.environment?.['KAFKA_OPTS']);
  const m = /-javaagent:(\S+)=(\d+):(\S+)/.exec(opts);
  assert.ok(m, `KAFKA_OPTS loads the agent: ${opts}`);
  const [, jarPath, port, rulesPath] = m;
  assert.ok(jarPath!.endsWith(`/${jar}`), jarPath);
  const mounts = (kafka.volumes ?? []).map((v) => v.split(':'));
  assert.ok(mounts.some(([src, dst]) => src === 'jmx-agent' && jarPath!.startsWith(`${dst}/`)), 'the agent volume is mounted where KAFKA_OPTS looks');
  assert.ok(mounts.some(([src, dst]) => src === './local/kafka/jmx-exporter.yaml' && dst === rulesPath), 'the rules of mqload local are mounted where the agent reads them');
  assert.ok(existsSync(join(ROOT, 'local', 'kafka', 'jmx-exporter.yaml')));
  assert.match(kafka.healthcheck?.test.join(' ') ?? '', /KAFKA_OPTS= /, 'the healthcheck client must not load the agent (its port is taken)');

  const targets = targetsOf(PROMETHEUS_COMPOSE_CONFIG);
  assert.deepEqual(targets['kafka'], [`kafka:${port}`]);
  assert.equal(services['node-exporter']?.network_mode, 'service:kafka');
  assert.deepEqual(targets['node'], ['kafka:9100']);
});

test('the compose mqload service runs a profile against the compose broker once it is healthy, serving /metrics where Prometheus scrapes', () => {
  const { services } = compose();
  const mqload = services['mqload']!;
  assert.ok(mqload.build && existsSync(join(ROOT, mqload.build.context, mqload.build.dockerfile)), 'Dockerfile exists');
  const args = Array.isArray(mqload.command) ? mqload.command : [];
  const flag = (name: string) => args[args.indexOf(name) + 1];
  assert.equal(args[0], 'run');
  assert.equal(flag('--brokers'), 'kafka:9092');
  assert.equal(flag('--metrics-host'), '0.0.0.0');
  assert.match(flag('--metrics-linger') ?? '', /^\d+(ms|s|m)$/, 'a duration `mqload run --metrics-linger` accepts');
  assert.ok(!args.includes('--metrics-port'), 'default port 9464');
  assert.deepEqual(targetsOf(PROMETHEUS_COMPOSE_CONFIG)['mqload'], ['mqload:9464']);
  assert.deepEqual((mqload.depends_on as Record<string, { condition: string }>)['kafka'], { condition: 'service_healthy' });
});

test('Grafana gets the datasource and the dashboards from where compose mounts them', () => {
  const { services } = compose();
  const grafana = services['grafana']!;
  const mounts = new Map((grafana.volumes ?? []).map((v) => v.split(':') as [string, string]));
  assert.equal(mounts.get('./grafana/provisioning'), '/etc/grafana/provisioning');
  const providers = parse(readFileSync(join(GRAFANA_DIR, 'provisioning', 'dashboards', 'mqload.yaml'), 'utf8')) as { providers: Array<{ options: { path: string } }> };
  assert.equal(mounts.get('./grafana/dashboards'), providers.providers[0]!.options.path);
  assert.equal(grafana.environment?.['GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH'], `${providers.providers[0]!.options.path}/mqload-run.json`);

  const ds = parse(readFileSync(join(GRAFANA_DIR, 'provisioning', 'datasources', 'prometheus.yaml'), 'utf8')) as { datasources: Array<{ type: string; url: string; jsonData: { timeInterval: string } }> };
  const prom = ds.datasources[0]!;
  assert.equal(prom.type, 'prometheus');
  assert.equal(new URL(prom.url).hostname, 'prometheus');
  assert.ok(services[new URL(prom.url).hostname], 'the datasource host is a compose service');
  assert.equal(prom.jsonData.timeInterval, readPromConfig(PROMETHEUS_COMPOSE_CONFIG).global?.['scrape_interval']);
});
