/**
 * Secrets never leave the process in clear text. One module decides what a secret is and how it is
 * hidden; every writer uses it: the run record (`profile.json` and every line file), console and
 * error output, reports and Prometheus labels.
 *
 * What is secret:
 * - a schema node annotated `{ secret: true }` (see `SECRET` in schema.ts), e.g. `consumers.sink.url`;
 * - a profile key named like a secret ({@link isSecretKey}: `*.password`, `sasl.jaas.config`,
 *   `*token*`, `*secret*`, …), e.g. a client property in `driver.config`;
 * - the password of any URL with userinfo (`postgres://user:pw@host/db`, `amqp://guest:guest@…`)
 *   and URL query parameters named like a secret, wherever the URL appears in a string;
 * - any value registered with {@link maskSecrets} (the preflight and the record writer register a
 *   profile's secrets), wherever it appears later in text.
 *
 * Hidden values become {@link REDACTED}; a URL keeps its scheme, user and host.
 */
import type { TSchema } from '@sinclair/typebox';
import { profileSchemaFor, SECRET_KEYWORD, type Profile } from './schema.js';
import { DRIVERS } from '../drivers/registry.js';

/** Shown instead of a secret. */
export const REDACTED = '***';

/** Client-property and key names whose values are secrets (case-insensitive). */
export const SECRET_KEY_PATTERNS: readonly RegExp[] = [
  /password/i,
  /(^|[._-])(pass|passwd|pwd|passphrase)$/i,
  /^sasl\.jaas\.config$/i,
  /jaas/i,
  /token/i,
  /secret/i,
  /credential/i,
  /private/i,
  /(^|[._-])key$/i,
];

/** Is `name` (a client property, a profile key, a URL query parameter) the name of a secret? */
export function isSecretKey(name: string): boolean {
  return SECRET_KEY_PATTERNS.some((re) => re.test(name));
}

/** `scheme://user:password@`: group 1 keeps scheme and user, the password is dropped. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*):([^\s/?#]*)@/gi;
/** A URL query parameter `?name=value` / `&name=value`. */
const URL_QUERY_PARAM = /([?&])([^=&#\s]+)=([^&#\s]*)/g;

/**
 * `text` with every URL password and secret-named query parameter replaced by {@link REDACTED},
 * and every value registered with {@link maskSecrets} too. Works on free text (error messages,
 * log lines), not only on a lone URL; never throws.
 */
export function redactText(text: string): string {
  let out = text.replace(URL_USERINFO, (_m, head: string) => `${head}:${REDACTED}@`);
  if (out.includes('://')) out = out.replace(URL_QUERY_PARAM, (m, sep: string, name: string) => (isSecretKey(name) ? `${sep}${name}=${REDACTED}` : m));
  for (const secret of masked) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/** A URL's password (and secret query parameters) hidden; scheme, user, host, path kept. Alias of {@link redactText} for one URL. */
export function redactUrl(url: string): string {
  return redactText(url);
}

/** Shortest value {@link maskSecrets} accepts: shorter ones would scrub ordinary text (a password "1" would hide every digit 1). */
export const MIN_MASKED_LENGTH = 4;

const masked = new Set<string>();

/**
 * Registers secret values so that {@link redactText} (and so every writer) hides them wherever
 * they appear later: in a client library's error message, an event, a log line. Process-wide;
 * values shorter than {@link MIN_MASKED_LENGTH} are ignored (they are still hidden where the
 * profile names them).
 */
export function maskSecrets(values: Iterable<string>): void {
  for (const v of values) if (v.length >= MIN_MASKED_LENGTH && v !== REDACTED) masked.add(v);
}

/** Forgets every value registered with {@link maskSecrets} (for tests). */
export function clearMaskedSecrets(): void {
  masked.clear();
}

/** A path step: an object key, or `*` for any array item or record entry. */
type PathPattern = ReadonlyArray<string>;

/** Paths of the schema nodes annotated `secret: true`, with `*` for array items and record values. */
function secretPaths(schema: TSchema, prefix: string[] = [], out: PathPattern[] = []): PathPattern[] {
  const node = schema as TSchema & {
    properties?: Record<string, TSchema>;
    items?: TSchema;
    patternProperties?: Record<string, TSchema>;
    anyOf?: TSchema[];
  };
  if ((node as Record<string, unknown>)[SECRET_KEYWORD] === true) out.push(prefix);
  for (const [k, child] of Object.entries(node.properties ?? {})) secretPaths(child, [...prefix, k], out);
  if (node.items) secretPaths(node.items, [...prefix, '*'], out);
  for (const child of Object.values(node.patternProperties ?? {})) secretPaths(child, [...prefix, '*'], out);
  for (const child of node.anyOf ?? []) secretPaths(child, prefix, out);
  return out;
}

let profileSecretPaths: PathPattern[] | undefined;

function isSecretPath(path: readonly string[]): boolean {
  // Secret nodes of the profile schema of every registered broker kind.
  profileSecretPaths ??= Object.values(DRIVERS).flatMap((m) => (m ? secretPaths(profileSchemaFor(m)) : []));
  return profileSecretPaths.some((p) => p.length === path.length && p.every((step, i) => step === '*' || step === path[i]));
}

/** What a secret value becomes: a URL keeps everything but its password; anything else is {@link REDACTED}. */
function hideSecret(value: unknown): unknown {
  if (typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return redactText(value);
  return REDACTED;
}

/**
 * A copy of a profile (or any profile-shaped data, valid or not) with every secret hidden:
 * schema nodes marked secret, keys named like secrets, URL passwords in every string. Never
 * mutates its input. What it returns is what may be written or printed.
 */
export function redactProfile<T extends Profile | unknown>(profile: T): T {
  return walk(profile, [], true) as T;
}

/**
 * A copy of any JSON-like value (record lines, events, samples, summaries) with URL passwords
 * and registered secrets hidden in every string, keys included. Key names are not judged here
 * (a metric called `…token…` is not a secret); that is {@link redactProfile}'s job.
 */
export function redactValue<T>(value: T): T {
  return walk(value, [], false) as T;
}

function walk(value: unknown, path: string[], profile: boolean): unknown {
  if (profile && path.length > 0 && (isSecretPath(path) || isSecretKey(path[path.length - 1]!))) return value === undefined ? value : hideSecret(value);
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, String(i)], profile));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[redactText(k)] = walk(v, [...path, k], profile);
    return out;
  }
  return value;
}

/**
 * The secret values a profile carries (every string and number at secret nodes and secret-named
 * keys, URL passwords, decoded too), for {@link maskSecrets}. Reads raw, possibly invalid data;
 * never throws.
 */
export function secretsOf(profile: unknown): string[] {
  const found = new Set<string>();
  /** Every string and number inside a secret (a wrongly typed one may be a list or a map). */
  const leaves = (value: unknown): void => {
    if (typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) urlPasswords(value, found);
    else if (typeof value === 'string' || typeof value === 'number') found.add(String(value));
    else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) leaves(v);
  };
  const visit = (value: unknown, path: string[]): void => {
    if (path.length > 0 && (isSecretPath(path) || isSecretKey(path[path.length - 1]!))) leaves(value);
    else if (typeof value === 'string') urlPasswords(value, found);
    else if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...path, String(i)]));
    else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
  };
  visit(profile, []);
  return [...found];
}

/** Adds the passwords and secret query parameter values of every URL in `text`, raw and decoded. */
function urlPasswords(text: string, into: Set<string>): void {
  const add = (raw: string) => {
    if (raw === '') return;
    into.add(raw);
    try {
      into.add(decodeURIComponent(raw));
    } catch (err) {
      if (!(err instanceof URIError)) throw err; // a malformed %-escape: the raw form is enough
    }
  };
  for (const m of text.matchAll(URL_USERINFO)) add(m[2]!);
  if (text.includes('://')) for (const m of text.matchAll(URL_QUERY_PARAM)) if (isSecretKey(m[2]!)) add(m[3]!);
}
