/**
 * CLI flags that override a loaded profile, shared by `run` and `sweep`:
 *
 * - `--brokers a:1,b:2`   replaces driver.brokers.
 * - `--rate N`            one phase: becomes a constant-arrival-rate phase at N msg/s for the same
 *                         duration. Several phases: every throttled rate (constant rates, ramp
 *                         start rates and targets) is scaled so the peak equals N; max-throughput
 *                         phases stay unthrottled (unless no phase is throttled: then they all
 *                         become constant N).
 * - `--duration D`        one phase: that phase lasts D (a ramp's stages are scaled to fit).
 *                         Several phases: every phase and stage is scaled so the load totals D.
 *                         Warm-up and cool-down are not changed.
 * - `--mode M`            sets producers.mode; oneway also sets acks 0 and retries 0; leaving
 *                         oneway drops acks 0 / retries 0 so the mode's defaults apply again.
 * - `--producers N`       producers.count.
 * - `--consumers N`       consumers.perGroup (and groups 1 if the profile had none).
 * - `--message-size N`    message.size in bytes.
 *
 * A flag value that does not parse throws {@link UsageError} naming the flag; the overridden
 * profile is validated again and problems are reported as coming from the flags.
 */
import type { Command } from 'commander';
import { ConfigError, UsageError } from '../errors.js';
import { durationSpec, parseDurationMs, DURATION_HINT } from './duration.js';
import type { Phase, Profile, SendModeName } from './schema.js';
import { validateProfile } from './validate.js';

/** Parsed override flags; absent = keep the profile's value. */
export interface ProfileOverrides {
  brokers?: string[];
  /** msg/s, > 0. */
  rate?: number;
  /** ms, > 0. */
  durationMs?: number;
  mode?: SendModeName;
  producers?: number;
  /** Consumers per group. */
  consumers?: number;
  /** Payload bytes. */
  messageSize?: number;
}

/** Which flag sets which profile path (for problem notes). */
const FLAG_PATHS: Array<[keyof ProfileOverrides, string, string]> = [
  ['brokers', '--brokers', '/driver/brokers'],
  ['rate', '--rate', '/load/phases'],
  ['durationMs', '--duration', '/load/phases'],
  ['mode', '--mode', '/producers'],
  ['producers', '--producers', '/producers/count'],
  ['consumers', '--consumers', '/consumers'],
  ['messageSize', '--message-size', '/message/size'],
];

/** Adds the override flags to a command (`run`, `sweep`). Read them back with {@link overridesFromOptions}. */
export function addProfileOverrideOptions(cmd: Command): Command {
  return cmd
    .option('--brokers <list>', 'bootstrap brokers, comma-separated host:port (overrides driver.brokers)')
    .option('--rate <msgPerSec>', 'target rate, msg/s (one phase: constant rate; several: scaled so the peak is this)')
    .option('--duration <duration>', 'load duration, e.g. 30s, 5m (several phases are scaled to fit)')
    .option('--mode <mode>', 'send mode: sync, async or oneway (oneway sets acks 0)')
    .option('--producers <n>', 'number of producers')
    .option('--consumers <n>', 'consumers per group')
    .option('--message-size <bytes>', 'payload size, bytes');
}

/** Parses the raw commander option values. Throws {@link UsageError} naming the bad flag. */
export function overridesFromOptions(opts: Record<string, unknown>): ProfileOverrides {
  const out: ProfileOverrides = {};
  const text = (key: string, flag: string): string | undefined => {
    const v = opts[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`${flag} needs a value`);
    return v.trim();
  };
  const brokers = text('brokers', '--brokers');
  if (brokers !== undefined) {
    const list = brokers.split(',').map((b) => b.trim()).filter((b) => b !== '');
    const bad = list.find((b) => !/^[^\s:]+:[0-9]{1,5}$/.test(b));
    if (list.length === 0 || bad !== undefined) throw new UsageError(`--brokers: "${bad ?? brokers}" is not host:port`, 'e.g. --brokers 127.0.0.1:9092,127.0.0.1:9093');
    out.brokers = list;
  }
  const rate = text('rate', '--rate');
  if (rate !== undefined) {
    const n = Number(rate);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--rate: "${rate}" is not a positive number of msg/s`, 'e.g. --rate 5000');
    out.rate = n;
  }
  const duration = text('duration', '--duration');
  if (duration !== undefined) {
    const spec = /^[0-9.]+$/.test(duration) ? Number(duration) : duration;
    let ms: number;
    try {
      ms = parseDurationMs(spec);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      throw new UsageError(`--duration: "${duration}" is not a duration`, DURATION_HINT);
    }
    if (ms <= 0) throw new UsageError(`--duration: must be longer than 0 (got "${duration}")`, DURATION_HINT);
    out.durationMs = ms;
  }
  const mode = text('mode', '--mode');
  if (mode !== undefined) {
    if (mode !== 'sync' && mode !== 'async' && mode !== 'oneway') throw new UsageError(`--mode: "${mode}" is not a send mode`, 'use sync, async or oneway');
    out.mode = mode;
  }
  const whole = (key: string, flag: string, min: number): number | undefined => {
    const v = text(key, flag);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!/^[0-9]+$/.test(v) || n < min) throw new UsageError(`${flag}: "${v}" is not a whole number ≥ ${min}`);
    return n;
  };
  const producers = whole('producers', '--producers', 0);
  if (producers !== undefined) out.producers = producers;
  const consumers = whole('consumers', '--consumers', 0);
  if (consumers !== undefined) out.consumers = consumers;
  const size = whole('messageSize', '--message-size', 0);
  if (size !== undefined) out.messageSize = size;
  return out;
}

/**
 * A validated copy of `profile` with the overrides applied (see the module comment for what
 * each flag does). Does not mutate `profile`. Throws {@link ConfigError} when the result is
 * invalid, each problem noting the flag that caused it.
 */
export function applyOverrides(profile: Profile, overrides: ProfileOverrides, source = 'profile'): Profile {
  const p = structuredClone(profile);
  if (overrides.brokers) p.driver.brokers = [...overrides.brokers];
  if (overrides.rate !== undefined) p.load.phases = withRate(p.load.phases, overrides.rate);
  if (overrides.durationMs !== undefined) p.load.phases = withDuration(p.load.phases, overrides.durationMs);
  if (overrides.mode !== undefined) setMode(p, overrides.mode);
  if (overrides.producers !== undefined) p.producers.count = overrides.producers;
  if (overrides.consumers !== undefined) {
    const groups = p.consumers?.groups ?? 1;
    p.consumers = { ...(p.consumers ?? { groups: 1 }), groups: groups === 0 && overrides.consumers > 0 ? 1 : groups, perGroup: overrides.consumers };
  }
  if (overrides.messageSize !== undefined) p.message.size = overrides.messageSize;
  const used = FLAG_PATHS.filter(([key]) => overrides[key] !== undefined);
  if (used.length === 0) return p;
  const label = `${source} with ${used.map(([, flag]) => flag).join(', ')}`;
  const { profile: out, problems } = validateProfile(p, label);
  if (!out) {
    throw new ConfigError(
      label,
      problems.map((pr) => {
        const flags = used.filter(([, , path]) => pr.path === path || pr.path.startsWith(`${path}/`)).map(([, flag]) => flag);
        return { ...pr, message: `${pr.message} (${flags.length ? `set by ${flags.join(', ')}` : 'after applying command-line flags'})` };
      }),
    );
  }
  return out;
}

function setMode(p: Profile, mode: SendModeName): void {
  const was = p.producers.mode;
  p.producers.mode = mode;
  if (mode === 'oneway') {
    p.producers.acks = 0;
    p.producers.retries = 0;
  } else if (was === 'oneway') {
    if (p.producers.acks === 0) delete p.producers.acks;
    if (p.producers.retries === 0) delete p.producers.retries;
  }
}

function phaseMs(ph: Phase): number {
  return ph.executor === 'ramping-arrival-rate' ? ph.stages.reduce((s, st) => s + parseDurationMs(st.duration), 0) : parseDurationMs(ph.duration);
}

/** Phases with the rate override applied. */
function withRate(phases: Phase[], rate: number): Phase[] {
  if (phases.length === 1) return [{ executor: 'constant-arrival-rate', rate, duration: durationSpec(phaseMs(phases[0]!)) }];
  let peak = 0;
  for (const ph of phases) {
    if (ph.executor === 'constant-arrival-rate') peak = Math.max(peak, ph.rate);
    if (ph.executor === 'ramping-arrival-rate') peak = Math.max(peak, ph.startRate ?? 0, ...ph.stages.map((s) => s.target));
  }
  if (peak === 0) return phases.map((ph) => (ph.executor === 'max-throughput' ? { executor: 'constant-arrival-rate', rate, duration: ph.duration } : ph));
  const k = rate / peak;
  return phases.map((ph): Phase => {
    if (ph.executor === 'constant-arrival-rate') return { ...ph, rate: ph.rate * k };
    if (ph.executor === 'ramping-arrival-rate') {
      return { ...ph, ...(ph.startRate !== undefined ? { startRate: ph.startRate * k } : {}), stages: ph.stages.map((s) => ({ ...s, target: s.target * k })) };
    }
    return ph;
  });
}

/** Phases with the duration override applied (proportional scaling, whole ms). */
function withDuration(phases: Phase[], totalMs: number): Phase[] {
  const current = phases.reduce((s, ph) => s + phaseMs(ph), 0);
  if (phases.length === 1 && phases[0]!.executor !== 'ramping-arrival-rate') return [{ ...phases[0]!, duration: durationSpec(totalMs) }];
  const k = current > 0 ? totalMs / current : 0;
  const scale = (d: string | number): string => durationSpec(parseDurationMs(d) * k);
  return phases.map((ph): Phase => {
    if (ph.executor === 'ramping-arrival-rate') return { ...ph, stages: ph.stages.map((s) => ({ ...s, duration: scale(s.duration) })) };
    return { ...ph, duration: current > 0 ? scale(ph.duration) : durationSpec(totalMs / phases.length) };
  });
}
