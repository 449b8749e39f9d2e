/**
 * The Jolokia JVM agent (JMX over HTTP) as the local JVM brokers load it: the agent jar that a
 * broker's pom pins (`org.jolokia:jolokia-agent-jvm:<jolokia.version>:javaagent`, copied by
 * Maven into the broker's libs directory beside its jars), the `-javaagent:<jar>=config=<file>`
 * option, and the agent's config file: 127.0.0.1 only, basic auth, no discovery, written with
 * mode 0600 because it holds the password (which therefore never appears on a command line).
 * Used by the local ActiveMQ Classic (one JVM) and the local RocketMQ (name server and broker).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writePrivateFile } from '../drivers/private-file.js';

/** Maven artifact id of the agent; its jar is `<artifact>-<version>-javaagent.jar`. */
export const JOLOKIA_AGENT_ARTIFACT = 'jolokia-agent-jvm';

/** Who may read an agent: basic-auth user and password. */
export interface JolokiaAgentAccess {
  user: string;
  /** Secret: only in the 0600 files, never printed or logged. */
  password: string;
}

/** The agent jar of `version` inside `libsDir`. */
export function jolokiaAgentJar(libsDir: string, version: string): string {
  return join(libsDir, `${JOLOKIA_AGENT_ARTIFACT}-${version}-javaagent.jar`);
}

/** True for the file name of an agent jar (kept off a broker's class path: it is loaded with -javaagent). */
export function isJolokiaAgentJar(fileName: string): boolean {
  return fileName.startsWith(JOLOKIA_AGENT_ARTIFACT);
}

/** The jars of `libsDir` but the agent, sorted, as absolute paths: a broker's class path. */
export function classPathWithoutAgent(libsDir: string): string[] {
  return readdirSync(libsDir)
    .filter((f) => f.endsWith('.jar') && !isJolokiaAgentJar(f))
    .sort()
    .map((f) => join(libsDir, f));
}

/** The JVM option that loads the agent with its config file. */
export function jolokiaAgentOption(jar: string, configFile: string): string {
  return `-javaagent:${jar}=config=${configFile}`;
}

/** Escapes a value for a Java properties file. */
export function propertyValue(value: string | number): string {
  return String(value).replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/^\s/, '\\$&');
}

/** `key=value` lines of a Java properties file, values escaped. */
export function propertyLines(entries: Record<string, string | number>): string {
  return Object.entries(entries).map(([k, v]) => `${k}=${propertyValue(v)}`).join('\n') + '\n';
}

/**
 * Writes an agent's config (mode 0600): listens on 127.0.0.1:`port` (of the JVM's network
 * namespace), basic auth with `access`, no multicast discovery; `agentId` names it in answers.
 */
export function writeJolokiaAgentConfig(file: string, opts: { port: number; access: JolokiaAgentAccess; agentId: string }): void {
  writePrivateFile(file, propertyLines({ host: '127.0.0.1', port: opts.port, user: opts.access.user, password: opts.access.password, discoveryEnabled: 'false', agentId: opts.agentId }));
}

/** The access in `file` (JSON, mode 0600), or null when it is missing or unreadable. */
export function readJolokiaAgentAccess(file: string): JolokiaAgentAccess | null {
  if (!existsSync(file)) return null;
  try {
    const a = JSON.parse(readFileSync(file, 'utf8')) as Partial<JolokiaAgentAccess>;
    return typeof a.user === 'string' && typeof a.password === 'string' ? { user: a.user, password: a.password } : null;
  } catch {
    return null;
  }
}

/** The access in `file`, or a new one for `user` with a generated password, written there (mode 0600). */
export function ensureJolokiaAgentAccess(file: string, user: string): JolokiaAgentAccess {
  const prior = readJolokiaAgentAccess(file);
  if (prior) return prior;
  const access = { user, password: randomBytes(18).toString('base64url') };
  writePrivateFile(file, JSON.stringify(access, null, 2) + '\n');
  return access;
}
