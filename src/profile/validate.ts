/**
 * Profile validation: the TypeBox schema compiled by Ajv (all errors, strict), then the named
 * cross-field checks, then defaults. Never mutates its input; reports every problem at once.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { ProfileProblem } from '../errors.js';
import { problemsFromAjv } from './ajv-problems.js';
import { crossFieldProblems } from './checks.js';
import { applyDefaults } from './defaults.js';
import { isDuration, parseDurationMs } from './duration.js';
import { ProfileSchema, SECRET_KEYWORD, type Profile } from './schema.js';

export type { ProfileProblem } from '../errors.js';

/** Outcome of {@link validateProfile}: a profile only when there are no problems. */
export interface ProfileValidation {
  /** A copy of the input with defaults filled in (see `defaults.ts`); null when invalid. */
  profile: Profile | null;
  /** Every problem found, schema problems first; empty when valid. */
  problems: ProfileProblem[];
}

let compiled: ValidateFunction | undefined;

/**
 * The compiled schema validator (compiled once, on first use), with the schema's own keywords:
 * `durationMaxMs` (a duration string no longer than this many ms) and `secret` (an annotation
 * read by `redact.ts`; it validates nothing).
 */
function validator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: true, strict: true, verbose: true });
  ajv.addKeyword({
    keyword: 'durationMaxMs',
    type: 'string',
    schemaType: 'number',
    validate: (max: number, data: string) => !isDuration(data) || parseDurationMs(data) <= max,
  });
  ajv.addKeyword({ keyword: SECRET_KEYWORD, schemaType: 'boolean' });
  compiled = ajv.compile(ProfileSchema);
  return compiled;
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
  const check = validator();
  const schemaProblems = check(data) ? [] : problemsFromAjv(check.errors ?? []);
  const taken = new Set(schemaProblems.map((p) => p.path));
  const problems = [...schemaProblems, ...crossFieldProblems(data).filter((p) => !taken.has(p.path))];
  if (problems.length > 0) return { profile: null, problems };
  return { profile: applyDefaults(data as Profile), problems: [] };
}
