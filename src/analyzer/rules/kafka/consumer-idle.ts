/**
 * C11: consumers per group beyond the partition count sit idle (from the profile), and consumer
 * group rebalances during load (from events; expected around injected faults → info).
 */
import type { Finding } from '../../finding-types.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { evidence } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { consumeTopic, hasFaults } from '../../profile-facts.js';

/** The `consumer-idle` rule (C11); see the file comment for the condition and thresholds. */
export const consumerIdle: Rule = {
  id: 'consumer-idle',
  kb: 'C11',
  needsWindow: false,
  evaluate(ctx) {
    const p = ctx.profile;
    if (!p) return insufficient('no profile.json (consumer and partition counts unknown)');
    const c = p.consumers;
    if (!c || c.groups === 0 || c.perGroup === 0) return insufficient('the profile has no consumers');
    const topic = consumeTopic(p);
    if (!topic) return insufficient('the consumed topic is not among the profile\'s topics');
    const w = ctx.window;
    const findings: Finding[] = [];
    const partitions = topic.partitions;
    if (partitions !== null && c.perGroup > partitions) {
      findings.push(
        makeFinding(
          'consumer-idle',
          { category: 'consumer-idle', severity: 'warning', confidence: 'high' },
          [evidence(w, `consumers per group on ${topic.name}`, c.perGroup, 'count', { threshold: partitions, note: `${partitions} partitions; ${c.perGroup - partitions} consumers idle in each of ${c.groups} group(s)` })],
          { topic: topic.name, perGroup: c.perGroup, partitions, groups: c.groups },
        ),
      );
    }
    const rebalances = w.events.filter((e) => e.kind === 'rebalance');
    if (rebalances.length > 0) {
      const faults = hasFaults(p);
      findings.push(
        makeFinding(
          'consumer-rebalances',
          { category: 'consumer-idle', severity: faults ? 'info' : 'warning', confidence: 'high' },
          [evidence(w, 'consumer-group rebalances', rebalances.length, 'count', { threshold: 0, from: rebalances[0]!.t, to: rebalances[rebalances.length - 1]!.t })],
          { count: rebalances.length, faults },
        ),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
