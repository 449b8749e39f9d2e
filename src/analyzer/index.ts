/** Public API of the analyzer: analyze a run record (pure) or a run directory (reads, writes findings.json). */
export { analyze, analyzeRunDir, writeFindings, runRules, contextOf } from './analyze.js';
export type { Rule, RuleContext, RuleResult } from './types.js';
export { THRESHOLDS } from './thresholds.js';
export { RULES, RULE_PACKS, rulesFor } from './rules/index.js';
