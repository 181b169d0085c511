/**
 * The component catalogue as data: kinds, their aliases, the properties each takes and what a
 * property's value must be. Checks, completion, hover and the Mermaid shapes all read this table.
 */

import type { Quantity } from '../units/quantity';

export type Kind =
  | 'user'
  | 'client'
  | 'dns'
  | 'cdn'
  | 'loadbalancer'
  | 'gateway'
  | 'proxy'
  | 'service'
  | 'worker'
  | 'function'
  | 'cache'
  | 'database'
  | 'queue'
  | 'topic'
  | 'storage'
  | 'search'
  | 'warehouse'
  | 'external';

/** What a property value must be. Quantities are checked by dimension; words by their text. */
export type PropType =
  | { readonly type: 'count' }
  | { readonly type: 'fraction' }
  | { readonly type: 'rate' }
  | { readonly type: 'duration' }
  | { readonly type: 'data' }
  | { readonly type: 'word'; readonly values?: readonly string[] }
  | { readonly type: 'tags' }
  | { readonly type: 'flag' };

export interface PropDef {
  readonly name: string;
  readonly type: PropType;
  readonly doc: string;
}

const count = { type: 'count' } as const;
const fraction = { type: 'fraction' } as const;
const rate = { type: 'rate' } as const;
const duration = { type: 'duration' } as const;
const data = { type: 'data' } as const;
const flag = { type: 'flag' } as const;
const word = (values?: readonly string[]): PropType => ({ type: 'word', values });

const prop = (name: string, type: PropType, doc: string): PropDef => ({ name, type, doc });

/** Properties every kind takes. */
export const commonProps: readonly PropDef[] = [
  prop('replicas', count, 'Number of identical instances (default 1).'),
  prop('capacity', rate, 'Requests per second one replica can serve.'),
  prop('availability', fraction, 'Availability of one replica, e.g. 99.9%.'),
  prop('latency', duration, 'Time to serve one request.'),
  prop('region', word(), 'Where it runs, e.g. us-east-1.'),
  prop('tags', { type: 'tags' }, 'Free labels: `tags: [critical, payments]`.'),
];

const stateProps = [
  prop('stateless', flag, 'Keeps no client state between requests: any replica can serve any request.'),
  prop('stateful', flag, 'Keeps client state (sessions, WebSockets): requests must reach the same replica.'),
];
const originProps = [prop('rate', rate, 'Traffic this component originates, e.g. `rate: search_qps * 3x`.')];
const storeProps = [
  prop('storage', data, 'Data stored in total (before replication).'),
  prop('node_storage', data, 'Data one node (shard) can hold; with `storage`, gives the shards needed.'),
  prop('shards', count, 'Number of shards (default 1).'),
  prop('replication', word(['sync', 'async', 'semi-sync']), 'How replicas are kept up to date.'),
  prop('engine', word(), 'The product, e.g. postgres, cassandra, s3.'),
  prop('reads', fraction, 'Share of the load that is reads, when connections do not say (`op: read`).'),
];

export interface KindDef {
  readonly kind: Kind;
  readonly aliases: readonly string[];
  readonly doc: string;
  readonly props: readonly PropDef[];
  /** Default capacity per replica, in requests per second, where the seed notes give one. */
  readonly defaultCapacity?: number;
}

const kind = (name: Kind, doc: string, props: readonly PropDef[] = [], extra: Partial<KindDef> = {}): KindDef => ({
  kind: name,
  aliases: [],
  doc,
  props: [...commonProps, ...props],
  ...extra,
});

export const kinds: readonly KindDef[] = [
  kind('user', 'People using the system; traffic starts here (`rate`).', originProps),
  kind('client', 'An app or device that calls the system; traffic starts here (`rate`).', originProps),
  kind('dns', 'Name resolution.'),
  kind('cdn', 'Content delivery network: serves cached content at the edge.', [prop('hit', fraction, 'Share of requests served from the edge.')]),
  kind('loadbalancer', 'Spreads requests over replicas.', [prop('algorithm', word(['round-robin', 'least-connections', 'ip-hash', 'sticky']), 'How requests are spread.')], {
    aliases: ['lb'],
  }),
  kind('gateway', 'API gateway: one entry point with routing, auth and rate limits.', [prop('rate_limit', rate, 'Requests per second let through.')]),
  kind('proxy', 'Reverse proxy.'),
  kind('service', 'An application service (about 10K req/s per replica unless `capacity` says).', stateProps, { defaultCapacity: 10_000 }),
  kind('worker', 'Background worker consuming jobs or messages.', stateProps),
  kind('function', 'Serverless function.', stateProps),
  kind('cache', 'In-memory cache; passes on only its misses.', [
    prop('hit', fraction, 'Hit ratio: share of requests answered from the cache.'),
    prop('ttl', duration, 'How long an entry lives.'),
    prop('memory', data, 'Memory per replica.'),
    prop('storage', data, 'Working set the cache should hold.'),
  ]),
  kind('database', 'A database.', storeProps, { aliases: ['db'] }),
  kind('queue', 'Message queue: decouples producers from consumers.', [
    prop('retention', duration, 'How long messages are kept.'),
    prop('partitions', count, 'Number of partitions.'),
  ]),
  kind('topic', 'Publish/subscribe topic (every subscriber gets each message).', [
    prop('retention', duration, 'How long messages are kept.'),
    prop('partitions', count, 'Number of partitions.'),
  ]),
  kind('storage', 'Object or blob store.', storeProps),
  kind('search', 'Search index.', storeProps),
  kind('warehouse', 'Data warehouse for analytics.', storeProps),
  kind('external', 'A third party: payment provider, identity provider, email service.'),
];

/** Properties of a connection (`a -> b : label { share: 95% }`). */
export const connectionProps: readonly PropDef[] = [
  prop('share', fraction, "Share of the source's outgoing load sent along this connection (default 100%)."),
  prop('rate', rate, 'Explicit load on this connection, instead of a share.'),
  prop('size', data, 'Payload per request or message: gives the bandwidth.'),
  prop('protocol', word(), 'http, grpc, websocket, …'),
  prop('op', word(['read', 'write']), 'Whether the calls read or write (inferred from GET/POST/… in the label when absent).'),
  prop('latency', duration, 'Network time of one call.'),
];

const byName = new Map<string, KindDef>();
for (const def of kinds) {
  byName.set(def.kind, def);
  for (const alias of def.aliases) byName.set(alias, def);
}

/** A kind by name or alias (`db` → database). */
export function findKind(name: string): KindDef | undefined {
  return byName.get(name);
}

export const kindNames: readonly string[] = [...byName.keys()];

export function findProp(props: readonly PropDef[], name: string): PropDef | undefined {
  return props.find((p) => p.name === name);
}

export function isOrigin(kind: Kind): boolean {
  return kind === 'user' || kind === 'client';
}

export function isStore(kind: Kind): boolean {
  return kind === 'database' || kind === 'storage' || kind === 'search' || kind === 'warehouse';
}

export function isMessaging(kind: Kind): boolean {
  return kind === 'queue' || kind === 'topic';
}

/** Why a quantity does not fit a property type, or undefined when it does. */
export function quantityProblem(q: Quantity, type: 'count' | 'fraction' | 'rate' | 'duration' | 'data'): string | undefined {
  const is = (bytes: number, seconds: number) => q.bytes === bytes && q.seconds === seconds;
  switch (type) {
    case 'count':
      return is(0, 0) ? undefined : 'is a count (a plain number)';
    case 'fraction':
      return is(0, 0) ? undefined : 'is a fraction such as 95%';
    case 'rate':
      return is(0, -1) ? undefined : 'is a rate such as 5K/s';
    case 'duration':
      return is(0, 1) ? undefined : 'is a duration such as 20 ms';
    case 'data':
      return is(1, 0) ? undefined : 'is an amount of data such as 64 GB';
  }
}
