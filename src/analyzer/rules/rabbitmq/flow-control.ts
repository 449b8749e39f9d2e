/**
 * R3, R10: connections in `state: flow` (credit flow) in a sustained share of the window →
 * publishers are throttled by a slower stage downstream. The stage follows R3: queues in flow
 * too → message store or queue index (disk); channels but no queue → queue processes (CPU);
 * connections only → channel processes (routing CPU). `state` is served by the management
 * API only, so without it the rule cannot decide. The counts are broker-wide (other clients'
 * connections count too), so the finding is a warning only when the run missed its target rate.
 */
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { values } from '../../series.js';
import { sustained } from '../../sustained.js';
import { max, median } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { rateAchievement } from '../../rate.js';
import { RQ, RT, queueSeries, totalSeries } from './facts.js';

/** The `rabbitmq-flow-control` rule (R3, R10); see the file comment for the condition and thresholds. */
export const rabbitFlowControl: Rule = {
  id: 'rabbitmq-flow-control',
  kb: 'R3, R10',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    const conns = totalSeries(w, RT.connectionsFlow, 'rabbitmq');
    if (!conns || conns.source !== 'rabbitmq') return insufficient('no connection states: flow control is served by the RabbitMQ management API only (collect.rabbitmqManagement)');
    const inFlow = sustained(values(conns.points), (v) => v > T.rabbitFlowMax.value);
    if (!inFlow.holds) return OK;
    const channels = totalSeries(w, RT.channelsFlow, 'rabbitmq');
    const channelFlow = channels ? sustained(values(channels.points), (v) => v > T.rabbitFlowMax.value) : null;
    const queues = queueSeries(w, ctx.profile, RQ.inFlow, 'rabbitmq');
    const flowQueues = [...(queues?.series ?? [])].filter(([, pts]) => max(values(pts)) > 0).map(([q]) => q).sort();
    const stage = flowQueues.length > 0 ? 'queue' : channelFlow?.holds ? 'channel' : 'connection';
    const flowConnections = median(values(conns.points).filter((v) => v > 0));
    const ev = [evidence(w, 'connections in flow (broker-wide, median while in flow)', flowConnections, 'connections', { threshold: T.rabbitFlowMax.value, note: sustainedNote(inFlow) })];
    if (channels) ev.push(evidence(w, 'channels in flow max (broker-wide)', max(values(channels.points)), 'channels'));
    if (queues) ev.push(evidence(w, 'run queues in flow', flowQueues.length, 'queues', { note: flowQueues.slice(0, 5).join(', ') || 'none' }));
    return issue([
      // Broker-wide counts may include other clients: it costs this run only when its rate fell short.
      makeFinding('rabbitmq-flow-control', { category: 'broker-threads', severity: rateAchievement(w).shortfall?.holds ? 'warning' : 'info', confidence: 'medium' }, ev, {
        flowConnections,
        share: inFlow.share,
        flowChannels: channels ? max(values(channels.points)) : null,
        flowQueues,
        stage,
      }),
    ]);
  },
};
