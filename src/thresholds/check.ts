/** Checks one `thresholds` entry of a profile: the metric is known and each expression parses and fits it. */
import { closestName } from '../profile/suggest.js';
import { COUNTER_AGGREGATIONS, KNOWN_METRICS, TREND_AGGREGATIONS, knownMetric, supportsAggregation } from './metrics.js';
import { THRESHOLD_HINT, ThresholdSyntaxError, aggregationName, parseThreshold } from './parse.js';

/** One problem with a threshold; `index` is the expression's position, absent for the metric name. */
export interface ThresholdProblem {
  index?: number;
  message: string;
  hint: string;
}

/** Every problem with `metric: expressions`, empty when all is well. */
export function checkThresholdEntry(metric: string, expressions: readonly unknown[]): ThresholdProblem[] {
  const def = knownMetric(metric);
  if (!def) {
    const close = closestName(metric, Object.keys(KNOWN_METRICS));
    return [
      {
        message: `unknown threshold metric "${metric}"`,
        hint: close ? `did you mean "${close}"?` : `known metrics: ${Object.keys(KNOWN_METRICS).join(', ')}`,
      },
    ];
  }
  const problems: ThresholdProblem[] = [];
  expressions.forEach((expr, index) => {
    if (typeof expr !== 'string') return; // the schema reports the type
    try {
      const t = parseThreshold(expr);
      if (!supportsAggregation(def, t.aggregation)) {
        const allowed = def.kind === 'trend' ? TREND_AGGREGATIONS : COUNTER_AGGREGATIONS;
        problems.push({
          index,
          message: `${aggregationName(t.aggregation)} does not apply to ${metric} (a ${def.kind} metric)`,
          hint: `use one of ${allowed.join(', ')}`,
        });
      }
    } catch (err) {
      if (!(err instanceof ThresholdSyntaxError)) throw err;
      problems.push({ index, message: err.message, hint: THRESHOLD_HINT });
    }
  });
  return problems;
}
