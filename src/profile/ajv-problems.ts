/**
 * Turns Ajv's raw error list (allErrors + verbose) into one readable {@link ProfileProblem} per
 * offending field: unknown keys named with a "did you mean" hint, unions collapsed to the branch
 * the data meant (picked by a discriminator such as `executor`), limits phrased with the value
 * that broke them, and the field's schema description as the hint.
 */
import type { ErrorObject } from 'ajv';
import type { ProfileProblem } from '../errors.js';
import { closestName } from './suggest.js';

interface SchemaNode {
  description?: string;
  properties?: Record<string, SchemaNode>;
  anyOf?: SchemaNode[];
  const?: unknown;
  type?: string;
  pattern?: string;
}

/** Problems for Ajv errors, in the order Ajv found them, without duplicates. */
export function problemsFromAjv(errors: readonly ErrorObject[]): ProfileProblem[] {
  const seen = new Set<string>();
  return collapse(errors).filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Is error `e` produced somewhere under union error `u` (same instance subtree, same schema subtree)? */
function isInside(e: ErrorObject, u: ErrorObject): boolean {
  return e !== u && e.schemaPath.startsWith(`${u.schemaPath}/`) && (e.instancePath === u.instancePath || e.instancePath.startsWith(`${u.instancePath}/`));
}

function collapse(errors: readonly ErrorObject[]): ProfileProblem[] {
  const unions = errors.filter((e) => e.keyword === 'anyOf');
  const outer = unions.filter((u) => !unions.some((o) => isInside(u, o)));
  const problems: ProfileProblem[] = [];
  for (const e of errors) {
    if (outer.includes(e)) problems.push(...collapseUnion(e, errors.filter((m) => isInside(m, e))));
    else if (!outer.some((u) => isInside(e, u))) problems.push(translate(e));
  }
  return problems;
}

/** One union (anyOf) failure: report the intended branch's errors, or one summary problem. */
function collapseUnion(u: ErrorObject, members: ErrorObject[]): ProfileProblem[] {
  const union = u.parentSchema as SchemaNode;
  const branches = union.anyOf ?? [];
  const path = pointer(u.instancePath);
  const data: unknown = u.data;
  if (branches.length > 0 && branches.every((b) => b.const !== undefined)) {
    const allowed = branches.map((b) => show(b.const)).join(', ');
    return [{ path, message: `must be one of ${allowed} (got ${show(data)})`, ...hintOf(union) }];
  }
  const key = discriminator(branches);
  if (key !== undefined && isRecord(data)) {
    const valid = branches.map((b) => String(b.properties![key]!.const));
    const value = data[key];
    if (value === undefined) return [{ path: join(path, key), message: 'is required', hint: `one of ${valid.join(', ')}` }];
    const index = branches.findIndex((b) => b.properties![key]!.const === value);
    if (index < 0) {
      const close = typeof value === 'string' ? closestName(value, valid) : undefined;
      return [
        {
          path: join(path, key),
          message: `unknown ${key} ${show(value)}`,
          hint: `${close ? `did you mean "${close}"? ` : ''}valid: ${valid.join(', ')}`,
        },
      ];
    }
    const prefix = `${u.schemaPath}/${index}/`;
    return collapse(members.filter((m) => m.schemaPath.startsWith(prefix)));
  }
  if (union.description) return [{ path, message: `must be a ${union.description} (got ${show(data)})` }];
  const types = [...new Set(branches.map((b) => b.type ?? 'value'))].join(' or ');
  return [{ path, message: `must be a ${types} (got ${show(data)})` }];
}

/** A property every branch pins with `const` (e.g. `executor`), if any. */
function discriminator(branches: SchemaNode[]): string | undefined {
  const first = branches[0]?.properties;
  if (!first) return undefined;
  return Object.keys(first).find((k) => branches.every((b) => b.properties?.[k]?.const !== undefined));
}

function translate(e: ErrorObject): ProfileProblem {
  const path = pointer(e.instancePath);
  const parent = (e.parentSchema ?? {}) as SchemaNode;
  const params = e.params as Record<string, unknown>;
  const got = `(got ${show(e.data)})`;
  switch (e.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      return { path: join(path, missing), message: 'is required', ...hintOf(parent.properties?.[missing]) };
    }
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys(parent.properties ?? {});
      const close = closestName(key, known);
      return { path: join(path, key), message: `unknown key "${key}"`, hint: close ? `did you mean "${close}"?` : `known keys here: ${known.join(', ')}` };
    }
    case 'type':
      return { path, message: `must be ${article(String(params.type))} ${got}`, ...hintOf(parent) };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path, message: `must be ${String(params.comparison).replace('>=', '≥').replace('<=', '≤')} ${String(params.limit)} ${got}`, ...hintOf(parent) };
    case 'pattern':
      return parent.description
        ? { path, message: `${show(e.data)} is not a valid ${parent.description}` }
        : { path, message: `${show(e.data)} does not match the pattern ${String(params.pattern)}` };
    case 'minLength':
    case 'maxLength':
      return { path, message: `${e.message ?? 'has a bad length'} ${got}`, ...hintOf(parent) };
    case 'minItems':
      return { path, message: `needs at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`, ...hintOf(parent) };
    case 'const':
      return { path, message: `must be ${show(params.allowedValue)} ${got}` };
    default:
      return { path, message: `${e.message ?? e.keyword} ${got}`, ...hintOf(parent) };
  }
}

function hintOf(node: SchemaNode | undefined): { hint?: string } {
  return node?.description ? { hint: node.description } : {};
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** Ajv's instancePath as the problem path (`/` for the root). */
function pointer(instancePath: string): string {
  return instancePath === '' ? '/' : instancePath;
}

/** Appends one JSON-pointer segment. */
export function join(path: string, key: string | number): string {
  const seg = String(key).replace(/~/g, '~0').replace(/\//g, '~1');
  return path === '/' ? `/${seg}` : `${path}/${seg}`;
}

/** Short JSON-ish text for a value in a message. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value); // YAML .nan / .inf; JSON would say null
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
