/**
 * k6-style threshold expressions: `<aggregation> <operator> <number>`, e.g. `p(99)<100`,
 * `p(99.9)<=250`, `avg<50`, `count==0`, `rate<0.01`. Aggregations: `p(N)` (0 ≤ N ≤ 100),
 * `avg`, `min`, `max`, `med`, `count`, `rate`; operators `<`, `<=`, `>`, `>=`, `==`, `!=`.
 * Spaces around the operator are allowed. Values are in the metric's unit (ms for latencies).
 */
import { UsageError } from '../errors.js';

export type ThresholdOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';

/** What a threshold compares: a percentile (0–100) or a named aggregation. */
export type ThresholdAggregation =
  | { kind: 'percentile'; p: number }
  | { kind: 'avg' | 'min' | 'max' | 'med' | 'count' | 'rate' };

export interface ParsedThreshold {
  /** The expression as written. */
  expression: string;
  aggregation: ThresholdAggregation;
  operator: ThresholdOperator;
  /** Right-hand side, in the metric's unit. */
  value: number;
}

/** A threshold expression that does not parse. Exit 2 like every profile problem. */
export class ThresholdSyntaxError extends UsageError {
  constructor(
    readonly expression: string,
    reason: string,
  ) {
    super(`invalid threshold "${expression}": ${reason}`, THRESHOLD_HINT);
  }
}

/** Shown with every threshold syntax problem. */
export const THRESHOLD_HINT = 'write <aggregation><operator><number>, e.g. "p(99)<100", "avg<=20", "count==0", "rate<0.01"';

const EXPR_RE = /^\s*([a-z]+)\s*(?:\(\s*([^)]*?)\s*\))?\s*(<=|>=|==|!=|<|>)\s*([^\s]+)\s*$/;
const NAMED = new Set(['avg', 'min', 'max', 'med', 'count', 'rate']);
const NUMBER_RE = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:e[+-]?[0-9]+)?$/i;

/** Parses one expression. Throws {@link ThresholdSyntaxError} with the reason. */
export function parseThreshold(expression: string): ParsedThreshold {
  const m = EXPR_RE.exec(expression);
  if (!m) {
    if (/^\s*p\s*[0-9]/.test(expression)) throw new ThresholdSyntaxError(expression, 'write percentiles with parentheses, e.g. p(99)');
    if (/=>|=<|(^|[^<>=!])=([^=]|$)/.test(expression)) throw new ThresholdSyntaxError(expression, 'unknown operator (use <, <=, >, >=, == or !=)');
    throw new ThresholdSyntaxError(expression, 'expected <aggregation><operator><number>');
  }
  const [, name, arg, op, rhs] = m as unknown as [string, string, string | undefined, ThresholdOperator, string];
  let aggregation: ThresholdAggregation;
  if (name === 'p') {
    if (arg === undefined) throw new ThresholdSyntaxError(expression, 'a percentile needs its rank in parentheses, e.g. p(99)');
    if (!NUMBER_RE.test(arg)) throw new ThresholdSyntaxError(expression, `percentile rank "${arg}" is not a number`);
    const p = Number(arg);
    if (p < 0 || p > 100) throw new ThresholdSyntaxError(expression, `percentile rank ${p} is outside 0–100`);
    aggregation = { kind: 'percentile', p };
  } else if (NAMED.has(name)) {
    if (arg !== undefined) throw new ThresholdSyntaxError(expression, `${name} takes no argument`);
    aggregation = { kind: name as 'avg' | 'min' | 'max' | 'med' | 'count' | 'rate' };
  } else {
    throw new ThresholdSyntaxError(expression, `unknown aggregation "${name}" (use p(N), avg, min, max, med, count or rate)`);
  }
  if (!NUMBER_RE.test(rhs)) throw new ThresholdSyntaxError(expression, `"${rhs}" is not a number (units are implied: ms for latencies)`);
  return { expression, aggregation, operator: op, value: Number(rhs) };
}

/** Name of an aggregation as written (`p(99.9)`, `avg`). */
export function aggregationName(a: ThresholdAggregation): string {
  return a.kind === 'percentile' ? `p(${a.p})` : a.kind;
}

/** Applies a comparison operator. */
export function compare(actual: number, op: ThresholdOperator, value: number): boolean {
  switch (op) {
    case '<':
      return actual < value;
    case '<=':
      return actual <= value;
    case '>':
      return actual > value;
    case '>=':
      return actual >= value;
    case '==':
      return actual === value;
    case '!=':
      return actual !== value;
  }
}
