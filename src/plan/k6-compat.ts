/**
 * Compile-time checks that the profile's phase shapes stay in line with k6's scenario types
 * (`@types/k6`), so users can carry `executor`, `rate`, `startRate` and `stages` between a k6
 * script and a profile. Nothing here exists at run time; drift breaks `tsc`.
 * Differences on purpose: durations may also be a number of seconds, and there is no `timeUnit`
 * (rates are always per second).
 */
import type { ConstantArrivalRateScenario, RampingArrivalRateScenario, Stage } from 'k6/options';
import type { DurationSpec, Phase } from '../profile/schema.js';

type Assert<T extends true> = T;
type Extends<A, B> = [A] extends [B] ? true : false;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

type ConstantPhase = Extract<Phase, { executor: 'constant-arrival-rate' }>;
type RampingPhase = Extract<Phase, { executor: 'ramping-arrival-rate' }>;
type RampStage = RampingPhase['stages'][number];

export type ConstantExecutorMatchesK6 = Assert<Same<ConstantPhase['executor'], ConstantArrivalRateScenario['executor']>>;
export type ConstantRateMatchesK6 = Assert<Extends<Pick<ConstantPhase, 'executor' | 'rate'>, Pick<ConstantArrivalRateScenario, 'executor' | 'rate'>>>;
export type RampingExecutorMatchesK6 = Assert<Same<RampingPhase['executor'], RampingArrivalRateScenario['executor']>>;
export type RampingStartRateMatchesK6 = Assert<Extends<Pick<RampingPhase, 'startRate'>, Pick<RampingArrivalRateScenario, 'startRate'>>>;
export type StageTargetMatchesK6 = Assert<Same<RampStage['target'], Stage['target']>>;
/** A k6 stage (string duration) is a valid profile stage. */
export type K6StageFitsProfile = Assert<Extends<Stage, RampStage>>;
/** Every string duration a profile accepts is a valid k6 duration string. */
export type StringDurationFitsK6 = Assert<Extends<Extract<DurationSpec, string>, ConstantArrivalRateScenario['duration']>>;
