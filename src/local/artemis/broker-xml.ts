/**
 * The acceptors of the local Artemis broker's `etc/broker.xml`. `artemis create` writes one
 * all-protocol acceptor on 61616 and one each for AMQP on 5672 (RabbitMQ's port here) and
 * STOMP on 61613; mqload replaces the whole `<acceptors>` block with two acceptors on 127.0.0.1
 * only: AMQP 1.0 on the settings' AMQP port and the core protocol (Artemis's own CLI tools and
 * `artemis perf`) on its core port. Nothing listens on 0.0.0.0.
 */
import type { ArtemisSettings } from './paths.js';

/** Flow-control and buffer parameters of the AMQP acceptor, as `artemis create` writes them (credits in messages, sizes in bytes). */
const AMQP_PARAMS =
  'tcpSendBufferSize=1048576;tcpReceiveBufferSize=1048576;protocols=AMQP;useEpoll=true;amqpCredits=1000;amqpLowCredits=300;amqpMinLargeMessageSize=102400;amqpDuplicateDetection=true';

/** The `<acceptors>` block for `settings`. */
export function acceptorsBlock(settings: Pick<ArtemisSettings, 'amqpPort' | 'corePort'>): string {
  return [
    '<acceptors>',
    `         <!-- written by mqload: loopback only; AMQP 1.0 for the load, core for Artemis's own tools -->`,
    `         <acceptor name="amqp">tcp://127.0.0.1:${settings.amqpPort}?${AMQP_PARAMS}</acceptor>`,
    `         <acceptor name="artemis">tcp://127.0.0.1:${settings.corePort}?protocols=CORE;useEpoll=true;supportAdvisory=false;suppressInternalManagementObjects=false</acceptor>`,
    '      </acceptors>',
  ].join('\n');
}

/**
 * `xml` with its `<acceptors>…</acceptors>` block replaced by {@link acceptorsBlock}. Throws
 * when the file has no such block (not a broker.xml `artemis create` wrote).
 */
export function withAcceptors(xml: string, settings: Pick<ArtemisSettings, 'amqpPort' | 'corePort'>): string {
  const re = /<acceptors>[\s\S]*?<\/acceptors>/;
  if (!re.test(xml)) throw new Error('broker.xml has no <acceptors> block');
  return xml.replace(re, acceptorsBlock(settings));
}

/** The `host:port` of every acceptor URL in `xml` (to check nothing binds beyond loopback). */
export function acceptorAddresses(xml: string): string[] {
  return [...xml.matchAll(/<acceptor\b[^>]*>\s*[a-z]+:\/\/([^?<\s]+)/g)].map((m) => m[1]!);
}
