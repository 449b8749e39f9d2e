// rabbitmq: the registry's modules could describe their own addresses
/**
 * The broker addresses a profile's driver section names, without secrets: Kafka's `brokers`,
 * or the `host:port` of RabbitMQ's `url` (its password is never part of it).
 */
import { brokersOfUrl, DEFAULT_RABBITMQ_URL } from './rabbitmq/url.js';
import { artemisAddresses } from './artemis/url.js';
import { activemqAddresses } from './activemq/url.js';

/** `host:port` addresses of a driver section (Kafka `brokers`, RabbitMQ and Artemis the host of `url`). */
export function driverAddresses(driver: { type: string; brokers?: readonly string[] | undefined; url?: string }): string[] {
  if (driver.brokers) return [...driver.brokers];
  if (driver.type === 'rabbitmq') return brokersOfUrl(driver.url ?? DEFAULT_RABBITMQ_URL);
  if (driver.type === 'artemis') return artemisAddresses(driver);
  if (driver.type === 'activemq') return activemqAddresses(driver);
  return [];
}
