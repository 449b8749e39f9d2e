/**
 * Profile validation: `driver.type` picks the broker kind's module (registry), the whole-profile
 * schema composed for that kind is compiled by Ajv (all errors, strict), then the common and
 * the kind's named cross-field checks, then defaults. Never mutates its input; reports every problem at once.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { UsageError, type ProfileProblem } from '../errors.js';
import { driverModule, knownKinds, type DriverModule } from '../drivers/registry.js';
import { problemsFromAjv } from './ajv-problems.js';
import { at } from './check-kit.js';
import { crossFieldProblems } from './checks.js';
import { applyDefaults } from './defaults.js';
import { isDuration, parseDurationMs } from './duration.js';
import { neutralProfileSchema, profileSchemaFor, SECRET_KEYWORD, type Profile } from './schema.js';

export type { ProfileProblem } from '../errors.js';

/** Outcome of {@link validateProfile}: a profile only when there are no problems. */
export interface ProfileValidation {
  /** A copy of the input with defaults filled in (see `defaults.ts`); null when invalid. */
  profile: Profile | null;
  /** Every problem found, schema problems first; empty when valid. */
  problems: ProfileProblem[];
}

/** Compiled validators by kind (`''`: the neutral schema), each compiled once on first use. */
const compiled = new Map<string, ValidateFunction>();

/**
 * Ajv with the schema's own keywords: `durationMaxMs` (a duration string no longer than this
 * many ms) and `secret` (an annotation read by `redact.ts`; it validates nothing).
 */
function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, verbose: true });
  ajv.addKeyword({
    keyword: 'durationMaxMs',
    type: 'string',
    schemaType: 'number',
    validate: (max: number, data: string) => !isDuration(data) || parseDurationMs(data) <= max,
  });
  ajv.addKeyword({ keyword: SECRET_KEYWORD, schemaType: 'boolean' });
  return ajv;
}

/** The validator of a kind's whole-profile schema, or of the neutral one when `mod` is null. */
function validator(mod: DriverModule | null): ValidateFunction {
  const key = mod?.kind ?? '';
  let v = compiled.get(key);
  if (!v) {
    v = newAjv().compile(mod ? profileSchemaFor(mod) : neutralProfileSchema(knownKinds()));
    compiled.set(key, v);
  }
  return v;
}

/**
 * The module `driver.type` names, null when it is missing or not a string (the neutral schema
 * reports that), or the registry's refusal of an unknown kind as a problem at `/driver/type`
 * (the same words `run` would stop with, see {@link driverModule}).
 */
function kindOf(data: unknown): { mod: DriverModule | null; problem?: ProfileProblem } {
  const kind = at(data, 'driver', 'type');
  if (typeof kind !== 'string') return { mod: null };
  try {
    return { mod: driverModule(kind) };
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    return { mod: null, problem: { path: '/driver/type', message: err.message, hint: err.hint } };
  }
}

/**
 * Validates a parsed profile (from YAML/JSON). `source` names it in messages (a path or
 * `<flags>`); it is not read. Never mutates `raw`.
 */
export function validateProfile(raw: unknown, source: string): ProfileValidation {
  let data: unknown;
  try {
    data = structuredClone(raw);
  } catch (err) {
    if (!(err instanceof Error && err.name === 'DataCloneError')) throw err;
    return { profile: null, problems: [{ path: '/', message: `${source} is not plain data: ${err.message}`, hint: 'a profile is a YAML or JSON document' }] };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    const what = data === null || data === undefined ? 'empty' : Array.isArray(data) ? 'a list' : `a ${typeof data}`;
    return { profile: null, problems: [{ path: '/', message: `the profile is ${what}; expected a mapping of keys such as name, driver, topics`, hint: 'start from profiles/quickstart.yaml' }] };
  }
  // driver.type first, then the whole profile against the schema composed for that kind.
  const { mod, problem } = kindOf(data);
  const check = validator(mod);
  const ajvProblems = check(data) ? [] : problemsFromAjv(check.errors ?? []);
  const schemaProblems = problem ? [problem, ...ajvProblems.filter((p) => p.path !== problem.path)] : ajvProblems;
  const taken = new Set(schemaProblems.map((p) => p.path));
  const problems = [...schemaProblems, ...crossFieldProblems(data, mod).filter((p) => !taken.has(p.path))];
  if (problems.length > 0) return { profile: null, problems };
  return { profile: applyDefaults(data as Profile), problems: [] };
}
