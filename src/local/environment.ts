/**
 * Checks of this machine before starting a local broker: a Java runtime new enough for the
 * broker (a launcher says which, {@link JavaRequirement}), Maven (only needed to download the
 * jars once) and free ports on 127.0.0.1. Every failure is an {@link EnvironmentError} (exit 4)
 * that says what is missing and what to do.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { EnvironmentError, describeError } from '../errors.js';

/** The Java a local broker needs, and who to name when it is missing or too old. */
export interface JavaRequirement {
  /** Lowest major version, e.g. 17. */
  major: number;
  /** Who needs it, as the "missing" error names it, e.g. `the local Kafka broker`. */
  neededBy: string;
  /** What sets the version floor, as the "too old" error names it, e.g. `Kafka 4`. */
  floorSetBy: string;
}

/** A Java runtime found on this machine. */
export interface JavaRuntime {
  /** Executable to spawn (`$JAVA_HOME/bin/java` when JAVA_HOME is set, else `java` from PATH). */
  command: string;
  /** Major version, e.g. 17. */
  major: number;
  /** The version string as `java -version` printed it. */
  version: string;
}

/** How to get Java `major` or newer. */
function javaHint(major: number): string {
  return `install Java ${major} or newer (Debian/Ubuntu: \`apt-get install -y openjdk-${major}-jre-headless\`) or set JAVA_HOME`;
}

/** Finds a Java runtime and checks its version against `need`. Throws {@link EnvironmentError} when absent or too old. */
export function findJava(need: JavaRequirement): JavaRuntime {
  const javaHome = process.env['JAVA_HOME'];
  const fromHome = javaHome ? join(javaHome, 'bin', 'java') : null;
  const command = fromHome && existsSync(fromHome) ? fromHome : 'java';
  const res = spawnSync(command, ['-version'], { encoding: 'utf8', timeout: 30_000 });
  if (res.error) {
    const code = (res.error as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? 'Java was not found (no `java` on PATH)' : `\`${command} -version\` failed: ${describeError(res.error)}`;
    throw new EnvironmentError(`${what}; ${need.neededBy} needs Java ${need.major}+`, javaHint(need.major));
  }
  const text = `${res.stderr ?? ''}${res.stdout ?? ''}`;
  const m = /version "([^"]+)"/.exec(text);
  if (!m?.[1]) throw new EnvironmentError(`cannot read the Java version from \`${command} -version\`: ${text.trim().slice(0, 200)}`, javaHint(need.major));
  const version = m[1];
  const parts = version.split(/[._-]/).map((p) => Number.parseInt(p, 10));
  const major = parts[0] === 1 ? (parts[1] ?? 0) : (parts[0] ?? 0);
  if (major < need.major) {
    throw new EnvironmentError(`Java ${version} at ${command} is too old; ${need.floorSetBy} needs Java ${need.major}+`, javaHint(need.major));
  }
  return { command, major, version };
}

/**
 * Finds Maven (`mvn` on PATH). Throws {@link EnvironmentError} when it is missing, saying it is
 * needed once to `purpose` (e.g. `download the Kafka 4.1.1 jars`) and, when given, the
 * `alternative` to installing it (a phrase after "or").
 */
export function findMaven(purpose: string, alternative?: string): string {
  const res = spawnSync('mvn', ['-v'], { encoding: 'utf8', timeout: 60_000 });
  if (res.error || res.status !== 0) {
    const code = (res.error as NodeJS.ErrnoException | undefined)?.code;
    const what = code === 'ENOENT' ? 'Maven was not found (no `mvn` on PATH)' : `\`mvn -v\` failed: ${res.error ? describeError(res.error) : (res.stderr || res.stdout).trim().slice(0, 300)}`;
    throw new EnvironmentError(
      `${what}; it is needed once to ${purpose}`,
      `install Maven (Debian/Ubuntu: \`apt-get install -y maven\`)${alternative ? `, or ${alternative}` : ''}`,
    );
  }
  return 'mvn';
}

/** A port the broker will listen on, with what it is for (named in errors). */
export interface PortUse {
  port: number;
  /** e.g. `Kafka client port (--port)`. */
  role: string;
}

/** Resolves true when 127.0.0.1:`port` can be bound now (it is released again at once). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') resolvePromise(false);
      else reject(err);
    });
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
      server.close((err) => (err ? reject(err) : resolvePromise(true)));
    });
  });
}

/**
 * Checks every port is free on 127.0.0.1. Throws {@link EnvironmentError} naming the first port
 * taken by another process and the flag that moves it.
 */
export async function assertPortsFree(ports: PortUse[]): Promise<void> {
  for (const { port, role } of ports) {
    let free: boolean;
    try {
      free = await isPortFree(port);
    } catch (err) {
      throw new EnvironmentError(`cannot listen on 127.0.0.1:${port} (${role}): ${describeError(err)}`, 'pick another port for it (see `mqload local up --help`)');
    }
    if (!free) {
      throw new EnvironmentError(
        `port ${port} on 127.0.0.1 (${role}) is already in use by another process`,
        `stop whatever listens there (\`ss -ltnp 'sport = :${port}'\` shows it) or pick another port (see \`mqload local up --help\`)`,
      );
    }
  }
}

