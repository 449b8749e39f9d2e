/**
 * Cross-field rules the schema cannot express, each a named function returning problems. They
 * run on the raw (possibly schema-invalid) data, so every read is guarded: a check only speaks
 * about fields whose own shape is right and leaves shape errors to the schema. Checks that
 * belong to one broker kind live in its driver module (`src/drivers/<kind>/module.ts`).
 */
import type { ProfileProblem } from '../errors.js';
import { checkThresholdEntry } from '../thresholds/check.js';
import { CONSUMER_METRICS } from '../thresholds/metrics.js';
import { join, show } from './ajv-problems.js';
import { DEFAULT_COOLDOWN } from './defaults.js';
import { formatDuration, isDuration, parseDurationMs } from './duration.js';
import { arr, at, entries, type ProfileCheck } from './check-kit.js';
import type { DriverModule } from '../drivers/registry.js';

/** Number of consumers the run would start (omitted consumers = 1 × 1), or undefined if unknown. */
function consumerCount(p: unknown): number | undefined {
  const c = at(p, 'consumers');
  if (c === undefined) return 1;
  const groups = at(c, 'groups');
  const perGroup = at(c, 'perGroup');
  return typeof groups === 'number' && typeof perGroup === 'number' ? groups * perGroup : undefined;
}

/** One phase's length in ms, or undefined if its durations are not valid. */
function phaseMs(phase: unknown): number | undefined {
  if (at(phase, 'executor') === 'ramping-arrival-rate') {
    let total = 0;
    for (const s of arr(at(phase, 'stages'))) {
      const d = at(s, 'duration');
      if (!isDuration(d)) return undefined;
      total += parseDurationMs(d);
    }
    return total;
  }
  const d = at(phase, 'duration');
  return isDuration(d) ? parseDurationMs(d) : undefined;
}

function optionalMs(d: unknown, fallback: number): number | undefined {
  if (d === undefined) return fallback;
  return isDuration(d) ? parseDurationMs(d) : undefined;
}

/** Load time (all phases) in ms, or undefined when some duration is invalid. */
function loadMs(p: unknown): number | undefined {
  let total = 0;
  for (const ph of arr(at(p, 'load', 'phases'))) {
    const ms = phaseMs(ph);
    if (ms === undefined) return undefined;
    total += ms;
  }
  return total;
}

const onewayMeansNoAcks: ProfileCheck = {
  name: 'oneway-means-acks-0',
  check: (p) => {
    const acks = at(p, 'producers', 'acks');
    if (at(p, 'producers', 'mode') !== 'oneway' || acks === undefined || acks === 0) return [];
    return [
      {
        path: '/producers/acks',
        message: `mode oneway sends without waiting for acknowledgements, so acks must be 0 (got ${show(acks)})`,
        hint: 'remove acks (oneway defaults to 0), or use mode async to wait for acks',
      },
    ];
  },
};

const topicsExist: ProfileCheck = {
  name: 'topics-exist',
  check: (p) => {
    const topics = arr(at(p, 'topics'));
    const names = topics.map((t) => at(t, 'name')).filter((n): n is string => typeof n === 'string');
    const problems: ProfileProblem[] = [];
    names.forEach((n, i) => {
      if (names.indexOf(n) !== i) problems.push({ path: `/topics/${i}/name`, message: `duplicate topic name "${n}"`, hint: 'each topic may appear once' });
    });
    if (names.length === 0) return problems;
    for (const side of ['producers', 'consumers'] as const) {
      const topic = at(p, side, 'topic');
      if (typeof topic === 'string' && !names.includes(topic)) {
        problems.push({ path: `/${side}/topic`, message: `topic "${topic}" is not listed in topics`, hint: `use one of ${names.join(', ')}, or add it to topics` });
      }
    }
    return problems;
  },
};

const hotKeySettings: ProfileCheck = {
  name: 'hot-key-settings',
  check: (p) => {
    const keys = at(p, 'message', 'keys');
    const problems: ProfileProblem[] = [];
    if (keys !== 'hot' && at(p, 'message', 'hotShare') !== undefined) {
      problems.push({ path: '/message/hotShare', message: `hotShare only applies to keys: hot (keys is ${show(keys ?? 'round-robin')})`, hint: 'set message.keys: hot, or remove hotShare' });
    }
    if (keys === 'hot' && at(p, 'message', 'keySpace') === 1) {
      problems.push({ path: '/message/keySpace', message: 'keys: hot needs at least 2 keys (one hot, the rest cold)', hint: 'raise keySpace, e.g. 1000' });
    }
    return problems;
  },
};

const thresholdsMeasurable: ProfileCheck = {
  name: 'thresholds-measurable',
  check: (p) => {
    const problems: ProfileProblem[] = [];
    const consumers = consumerCount(p);
    for (const [metric, expressions] of entries(at(p, 'thresholds'))) {
      const base = join('/thresholds', metric);
      for (const t of checkThresholdEntry(metric, arr(expressions))) {
        problems.push({ path: t.index === undefined ? base : join(base, t.index), message: t.message, hint: t.hint });
      }
      if (CONSUMER_METRICS.has(metric) && consumers === 0) {
        problems.push({ path: base, message: `${metric} is measured by consumers, but this profile runs none`, hint: 'add consumers (groups ≥ 1, perGroup ≥ 1) or drop this threshold' });
      }
      if (metric === 'stored_latency' && at(p, 'consumers', 'sink') === undefined) {
        problems.push({ path: base, message: 'stored_latency needs a consumer sink', hint: 'add consumers.sink, or drop this threshold' });
      }
      if (/^(lost|duplicate|reordered)_messages$/.test(metric) && at(p, 'verify', 'enabled') === false) {
        problems.push({ path: base, message: `${metric} comes from delivery verification, which is disabled`, hint: 'set verify.enabled: true, or drop this threshold' });
      }
    }
    return problems;
  },
};

const faultsComplete: ProfileCheck = {
  name: 'faults-complete',
  check: (p) => {
    const problems: ProfileProblem[] = [];
    const load = loadMs(p);
    const warm = optionalMs(at(p, 'load', 'warmup'), 0);
    const cool = optionalMs(at(p, 'load', 'cooldown'), parseDurationMs(DEFAULT_COOLDOWN));
    const total = load !== undefined && warm !== undefined && cool !== undefined ? warm + load + cool : undefined;
    arr(at(p, 'faults')).forEach((f, i) => {
      const action = at(f, 'action');
      if (action === 'exec' && typeof at(f, 'command') !== 'string') {
        problems.push({ path: `/faults/${i}/command`, message: 'an exec fault needs a command', hint: 'e.g. command: "sudo tc qdisc add dev lo root netem delay 50ms"' });
      }
      if (action !== 'exec' && at(f, 'command') !== undefined) {
        problems.push({ path: `/faults/${i}/command`, message: `command only applies to action exec (action is ${show(action)})` });
      }
      if (at(f, 'allowSharedBroker') !== undefined && typeof action === 'string' && !action.startsWith('broker-')) {
        problems.push({ path: `/faults/${i}/allowSharedBroker`, message: `allowSharedBroker only applies to broker faults (action is ${show(action)})` });
      }
      if (action === 'broker-pause' && at(f, 'duration') === undefined) {
        problems.push({ path: `/faults/${i}/duration`, message: 'a broker-pause fault needs a duration', hint: 'e.g. duration: 10s' });
      }
      const atSpec = at(f, 'at');
      if (total !== undefined && isDuration(atSpec) && parseDurationMs(atSpec) >= total) {
        problems.push({ path: `/faults/${i}/at`, message: `fault at ${formatDuration(parseDurationMs(atSpec))} comes after the run ends (${formatDuration(total)} incl. warm-up and cool-down)`, hint: 'faults are timed from the start of warm-up' });
      }
    });
    return problems;
  },
};

const consumersConsistent: ProfileCheck = {
  name: 'consumers-consistent',
  check: (p) => {
    const groups = at(p, 'consumers', 'groups');
    const perGroup = at(p, 'consumers', 'perGroup');
    const problems: ProfileProblem[] = [];
    if (typeof groups === 'number' && typeof perGroup === 'number' && (groups === 0) !== (perGroup === 0)) {
      problems.push({
        path: groups === 0 ? '/consumers/groups' : '/consumers/perGroup',
        message: `groups ${groups} with perGroup ${perGroup} starts no consumer`,
        hint: 'for a produce-only run set both to 0; otherwise both ≥ 1',
      });
    }
    if (at(p, 'consumers', 'sink') !== undefined && (groups === 0 || perGroup === 0)) {
      problems.push({ path: '/consumers/sink', message: 'a sink is written by consumers, but this profile runs none', hint: 'set consumers.groups and perGroup ≥ 1' });
    }
    return problems;
  },
};

const loadHasDuration: ProfileCheck = {
  name: 'load-has-duration',
  check: (p) => {
    const ms = loadMs(p);
    if (ms === undefined || ms > 0 || arr(at(p, 'load', 'phases')).length === 0) return [];
    return [{ path: '/load/phases', message: 'the load phases last 0s in total', hint: 'give at least one phase (or ramp stage) a duration > 0' }];
  },
};

const somethingToDo: ProfileCheck = {
  name: 'something-to-do',
  check: (p) => {
    if (at(p, 'producers', 'count') !== 0 || consumerCount(p) !== 0) return [];
    return [{ path: '/', message: 'nothing to do: 0 producers and 0 consumers', hint: 'set producers.count ≥ 1 and/or consumers groups and perGroup ≥ 1' }];
  },
};

/** The cross-field checks of every profile whatever its broker kind, in reporting order. */
export const PROFILE_CHECKS: readonly ProfileCheck[] = [
  onewayMeansNoAcks,
  topicsExist,
  hotKeySettings,
  thresholdsMeasurable,
  faultsComplete,
  consumersConsistent,
  loadHasDuration,
  somethingToDo,
];

/** Problems from the common checks, then from the checks of the profile's kind (`mod`; none when the kind is unknown). */
export function crossFieldProblems(p: unknown, mod: DriverModule | null): ProfileProblem[] {
  return [...PROFILE_CHECKS, ...(mod?.checks ?? [])].flatMap((c) => c.check(p));
}
