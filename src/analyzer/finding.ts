/** Builds a {@link Finding} from a rule's classification, evidence and the computed values its text needs. */
import type { Evidence, Finding, FindingAction, FindingCategory } from './finding-types.js';
import { findingText, type FindingId, type FindingParams } from '../recommendations/index.js';

/** How a rule classifies one finding. */
export interface FindingClass {
  category: FindingCategory;
  severity: Finding['severity'];
  confidence: Finding['confidence'];
}

/** A finding with its title and recommendation rendered from the template of `id`. */
export function makeFinding<K extends FindingId>(id: K, cls: FindingClass, evidence: Evidence[], params: FindingParams<K>, actions: readonly FindingAction[] = []): Finding {
  const text = findingText(id, params);
  const f: Finding = { id, category: cls.category, severity: cls.severity, title: text.title, evidence, recommendation: text.recommendation, confidence: cls.confidence };
  if (actions.length > 0) f.actions = [...actions];
  return f;
}
