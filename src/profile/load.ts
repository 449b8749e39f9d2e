/**
 * Reading profiles from disk: YAML (`.yaml`, `.yml`) or JSON (`.json`), validated, with problems
 * located by line in the file. Also resolves bare profile names (`quickstart`) to the profiles
 * shipped in the repository's `profiles/` folder.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, isNode, isCollection, isScalar, isSeq, visit, type Document } from 'yaml';
import { ConfigError, UsageError, type ProfileProblem } from '../errors.js';
import type { Profile } from './schema.js';
import { validateProfile } from './validate.js';
import { maskSecrets, secretsOf } from './redact.js';

/** The repository's `profiles/` folder (this file is `dist/src/profile/load.js` or `src/profile/load.ts`). */
export const SHIPPED_PROFILES_DIR = resolveProfilesDir();

function resolveProfilesDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [resolve(here, '../../../profiles'), resolve(here, '../../profiles')];
  return candidates.find((c) => existsSync(c)) ?? candidates[0]!;
}

const EXTENSIONS = ['.yaml', '.yml', '.json'];

/** A parsed profile file, before validation. */
export interface ProfileText {
  data: unknown;
  /** 1-based line of the value at a problem path (nearest existing ancestor), when known. */
  lineOf: (path: string) => number | undefined;
}

/**
 * Parses a profile file's text. YAML syntax errors throw {@link ConfigError} with line and column;
 * `source` names the file in messages.
 */
export function parseProfileText(text: string, source: string, format: 'yaml' | 'json'): ProfileText {
  if (format === 'json') {
    try {
      return { data: JSON.parse(text) as unknown, lineOf: () => undefined };
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
      throw new ConfigError(source, [{ path: '/', message: `JSON syntax error: ${jsonErrorText(err.message, text)}` }]);
    }
  }
  const lineCounter = new LineCounter();
  // logLevel error: no process warnings from the library (a collection used as a key is refused below, at its line).
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, logLevel: 'error' });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      source,
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return { path: '/', message: `YAML syntax error${pos ? ` at line ${pos.line}, column ${pos.col}` : ''}: ${e.message.split('\n')[0]!.replace(/ at line [0-9]+, column [0-9]+:?$/, '')}` };
      }),
    );
  }
  refuseComplexKeys(doc, lineCounter, source);
  return { data: yamlData(doc, source), lineOf: (path) => lineOfPath(doc, lineCounter, path) };
}

/**
 * A map or list used as a mapping key (`? ` before an entry makes it one), or a key of several
 * lines, would reach the schema as a many-line name: refused here, at its line, as a YAML problem.
 */
function refuseComplexKeys(doc: Document, lines: LineCounter, source: string): void {
  const problems: ProfileProblem[] = [];
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key;
      const multiline = isScalar(key) && typeof key.value === 'string' && /[\r\n]/.test(key.value);
      if (!isCollection(key) && !multiline) return;
      const pos = isNode(key) && key.range ? lines.linePos(key.range[0]) : undefined;
      problems.push({
        path: '/',
        message: `YAML: ${multiline ? 'a key of several lines' : `a ${isSeq(key) ? 'list' : 'map'} is used as a key`}${pos ? ` at line ${pos.line}, column ${pos.col}` : ''}`,
        hint: 'keys are plain names; a "? " before an entry makes it a key: remove it',
      });
    },
  });
  if (problems.length > 0) throw new ConfigError(source, problems);
}

/**
 * The document's data. Building it can fail on a document that parsed: an alias to an anchor
 * not set before it (`<<: *x`), too many aliases (a resource-exhaustion document), a merge key
 * on something other than a map. The yaml library throws those as plain errors about the
 * document, so each becomes a {@link ConfigError}.
 */
function yamlData(doc: Document, source: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    throw new ConfigError(source, [{ path: '/', message: `YAML error: ${err.message.split('\n')[0]!}`, hint: 'an alias (*name) needs its anchor (&name) earlier in the file; a merge key (<<) needs a map' }]);
  }
}

function lineOfPath(doc: Document, lines: LineCounter, path: string): number | undefined {
  const segments = path
    .split('/')
    .slice(1)
    .filter((s) => s !== '')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s));
  for (let n = segments.length; n > 0; n--) {
    const node = doc.getIn(segments.slice(0, n), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

function jsonErrorText(message: string, text: string): string {
  const m = /at position ([0-9]+)/.exec(message);
  if (!m || /line [0-9]+/.test(message)) return message;
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  const col = before.length - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${col})`;
}

/**
 * Reads, parses and validates a profile file; returns it with defaults filled in. Registers the
 * profile's secrets for redaction (`redact.ts`) before validating it.
 * Throws {@link UsageError} when the file is missing or has an unknown extension, and
 * {@link ConfigError} with every problem (each message ends with its line) when it is invalid.
 */
export async function loadProfile(path: string): Promise<Profile> {
  const ext = extname(path).toLowerCase();
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`profile not found: ${path}`, profileNameHint());
    if (code === 'EISDIR') throw new UsageError(`profile ${path} is a directory`, 'pass a .yaml or .json file inside it');
    throw err;
  }
  if (!EXTENSIONS.includes(ext)) throw new UsageError(`profile ${path} must be a .yaml, .yml or .json file`, 'rename the file so its extension says which format it is');
  const parsed = parseProfileText(text, path, ext === '.json' ? 'json' : 'yaml');
  // As soon as it is parsed, valid or not: no message printed from here on may show its secrets.
  maskSecrets(secretsOf(parsed.data));
  const { profile, problems } = validateProfile(parsed.data, path);
  if (!profile) throw new ConfigError(path, problems.map((p) => withLine(p, parsed.lineOf(p.path))));
  return profile;
}

function withLine(p: ProfileProblem, line: number | undefined): ProfileProblem {
  return line === undefined ? p : { ...p, message: `${p.message} [line ${line}]` };
}

/**
 * A profile path for a CLI argument: an existing file as given, or a shipped profile name such as
 * `quickstart` or `sync-vs-async-vs-oneway/sync` (looked up as `profiles/<name>.yaml|.yml|.json`).
 * Anything else is returned unchanged so that {@link loadProfile} reports it as not found.
 */
export function resolveProfileArg(arg: string): string {
  if (existsSync(arg) || EXTENSIONS.includes(extname(arg).toLowerCase())) return arg;
  for (const ext of EXTENSIONS) {
    const candidate = join(SHIPPED_PROFILES_DIR, `${arg}${ext}`);
    if (existsSync(candidate)) return candidate;
  }
  return arg;
}

/** Names of the shipped profiles (`quickstart`, `sync-vs-async-vs-oneway/sync`, …), sorted. */
export function listShippedProfiles(): string[] {
  if (!existsSync(SHIPPED_PROFILES_DIR)) return [];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (EXTENSIONS.includes(extname(name)) && !name.endsWith('.schema.json')) {
        out.push(relative(SHIPPED_PROFILES_DIR, full).slice(0, -extname(name).length).split('\\').join('/'));
      }
    }
  };
  walk(SHIPPED_PROFILES_DIR);
  return out.sort();
}

function profileNameHint(): string {
  const names = listShippedProfiles();
  return `pass a .yaml/.json path${names.length ? `, or a shipped profile: ${names.join(', ')}` : ''}`;
}
