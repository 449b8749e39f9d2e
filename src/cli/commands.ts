/** The list of CLI commands; each file registers its own subcommand(s). */
import type { Command } from 'commander';
import { register as registerRun } from './run.js';
import { register as registerQuickstart } from './quickstart.js';
import { register as registerSweep } from './sweep.js';
import { register as registerTune } from './tune.js';
import { register as registerLocal } from './local.js';
import { register as registerValidate } from './validate.js';
import { register as registerReport } from './report.js';
import { register as registerCompare } from './compare.js';
import { register as registerAnalyze } from './analyze.js';
import { register as registerDrivers } from './drivers.js';
import { register as registerMerge } from './merge.js';
import { register as registerK8s } from './k8s.js';

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  registerValidate,
  registerRun,
  registerQuickstart,
  registerSweep,
  registerTune,
  registerLocal,
  registerMerge,
  registerK8s,
  registerReport,
  registerCompare,
  registerAnalyze,
  registerDrivers,
];
