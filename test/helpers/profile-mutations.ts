/**
 * Mutations of profiles for property-based tests (fast-check): wrong types at any path, deleted
 * keys, absurd numbers, edge values, unknown keys at any object (prototype names included), and broken YAML or
 * JSON text. {@link mutatedProfileText} turns a parsed profile and a list of mutations into the
 * text of a profile file.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { listShippedProfiles, resolveProfileArg } from '../../src/profile/load.js';

/** A path step: an object key or an array index. */
export type Step = string | number;

/** One change to a parsed profile; `at` picks a path (modulo the paths present then). */
export type Mutation =
  | { kind: 'set'; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'add'; at: number; key: string; value: unknown };

/** One change to a profile file's text. */
export interface TextBreak {
  op: 'truncate' | 'insert' | 'duplicate-line' | 'dedent';
  at: number;
  chunk: string;
}

/** Numbers and number-like strings no profile field should take without a problem or a crash. */
export const ABSURD: readonly unknown[] = [
  -1, -0.5, 0, 0.5, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, 2 ** 53, 1e21, 1e-9, NaN, Infinity, -Infinity,
  'NaN', 'Infinity', '-1', '1e308', '-5s', '99999999999h', '1e3s', '0x10', '1_000', '', ' ', '5 s',
];

/** Edge values that many fields accept: limits of the schema's ranges, zero-length durations. */
export const EDGES: readonly unknown[] = [0, 1, 2, 100, 10_000, 100_000, 10_000_000, 16 * 1024 * 1024, 604_800, '0s', '0ms', '1ms', '168h', 'none', 'hot', 'sync', 'oneway', 'earliest', 'exec', 'max-throughput'];

/** Values of the wrong type for most fields (and right-looking ones in the wrong place). */
export const WRONG_TYPES: readonly unknown[] = [null, true, false, 'x', [], [null], [[]], {}, { a: 1 }, 'kafka', 'rabbitmq', 'all', '30s', '127.0.0.1:9092', 'p(99)<1'];

/** Keys to add to objects: prototype names, real keys in the wrong place, typos, anything. */
export const ODD_KEYS: readonly string[] = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'sasl.password', 'e2e_latency', 'name', 'type', 'zz', ''];

const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...ABSURD),
  fc.constantFrom(...EDGES),
  fc.constantFrom(...WRONG_TYPES),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 12 }),
  fc.jsonValue({ maxDepth: 2 }),
);

const keyArb = fc.oneof(fc.constantFrom(...ODD_KEYS), fc.string({ minLength: 1, maxLength: 12 }));

/** One mutation; `set` and `delete` are weighted over `add`. */
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: valueArb }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('add' as const), at: fc.nat(), key: keyArb, value: valueArb }) },
);

/** A text change that usually breaks YAML or JSON syntax. */
export const textBreakArb: fc.Arbitrary<TextBreak> = fc.record({
  op: fc.constantFrom('truncate' as const, 'insert' as const, 'duplicate-line' as const, 'dedent' as const),
  at: fc.nat(),
  chunk: fc.oneof(fc.constantFrom(':', ': :', '{', '}', '[', ']', '"', "'", '\t', '&a ', '*a', '!!binary ', '%YAML 1.1\n', '@', '`', '- ', '\n  ', '#', '---\n', '<<: *x\n', '? ', '|', ','), fc.string({ maxLength: 6 })),
});

/** A mutated profile file: what to change in the data, then (maybe) in the text, and the format. */
export interface ProfileMutation {
  mutations: Mutation[];
  textBreak: TextBreak | null;
  format: 'yaml' | 'json';
}

/** Up to `maxMutations` data changes, a text break one time in five, YAML three times in four. */
export function profileMutationArb(maxMutations = 3): fc.Arbitrary<ProfileMutation> {
  return fc.record({
    mutations: fc.array(mutationArb, { minLength: 1, maxLength: maxMutations }),
    textBreak: fc.option(textBreakArb, { freq: 4 }),
    format: fc.constantFrom('yaml' as const, 'yaml' as const, 'yaml' as const, 'json' as const),
  });
}

/** Every path in `x` (the root `[]` first), depth-first. */
export function allPaths(x: unknown, prefix: Step[] = []): Step[][] {
  const out: Step[][] = [prefix];
  if (Array.isArray(x)) x.forEach((v, i) => out.push(...allPaths(v, [...prefix, i])));
  else if (isObject(x)) for (const [k, v] of Object.entries(x)) out.push(...allPaths(v, [...prefix, k]));
  return out;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Sets an own property even for `__proto__` (plain assignment would change the prototype). */
function setOwn(target: Record<string, unknown> | unknown[], key: Step, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function parentOf(root: unknown, path: Step[]): Record<string, unknown> | unknown[] {
  let cur = root;
  for (const k of path.slice(0, -1)) cur = (cur as Record<string, unknown>)[k as string];
  return cur as Record<string, unknown> | unknown[];
}

/** `data` with one mutation applied (a copy; `data` is not changed). */
export function applyMutation(data: unknown, m: Mutation): unknown {
  const root = structuredClone(data);
  const paths = allPaths(root);
  if (m.kind === 'add') {
    const objects = paths.filter((p) => isObject(valueAt(root, p)));
    if (objects.length === 0) return root;
    const target = valueAt(root, objects[m.at % objects.length]!) as Record<string, unknown>;
    setOwn(target, m.key, m.value);
    return root;
  }
  const path = paths[m.at % paths.length]!;
  if (path.length === 0) return m.kind === 'set' ? m.value : root;
  const parent = parentOf(root, path);
  const key = path[path.length - 1]!;
  if (m.kind === 'set') setOwn(parent, key, m.value);
  else if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete parent[key as string];
  return root;
}

function valueAt(root: unknown, path: Step[]): unknown {
  let cur = root;
  for (const k of path) cur = (cur as Record<string, unknown>)[k as string];
  return cur;
}

/** `text` with one text break applied. */
export function applyTextBreak(text: string, b: TextBreak): string {
  const at = text.length === 0 ? 0 : b.at % text.length;
  switch (b.op) {
    case 'truncate':
      return text.slice(0, at);
    case 'insert':
      return text.slice(0, at) + b.chunk + text.slice(at);
    case 'duplicate-line': {
      const lines = text.split('\n');
      const i = b.at % lines.length;
      lines.splice(i, 0, lines[i]!);
      return lines.join('\n');
    }
    case 'dedent': {
      const lines = text.split('\n');
      const i = b.at % lines.length;
      lines[i] = lines[i]!.trimStart();
      return lines.join('\n');
    }
  }
}

/** The file text for a mutated profile (JSON: NaN and ±Infinity become null, as JSON.stringify writes them). */
export function mutatedProfileText(base: unknown, m: ProfileMutation): string {
  const data = m.mutations.reduce<unknown>(applyMutation, base);
  const text = m.format === 'json' ? (JSON.stringify(data, null, 2) ?? '') : stringify(data);
  return m.textBreak ? applyTextBreak(text, m.textBreak) : text;
}

/** Every shipped profile: its name and parsed data. */
export function shippedProfiles(): Array<{ name: string; data: unknown }> {
  return listShippedProfiles().map((name) => ({ name, data: parse(readFileSync(resolveProfileArg(name), 'utf8')) as unknown }));
}
