import { describe, expect, it } from 'vitest';
import type { Service } from '../../src/kube/objects';
import { looksLikeServiceLink, serviceLinkVariables } from '../../src/sources/spec/service-links';

const service = (name: string, clusterIP: string, ports: Service['spec']['ports']): Service => ({
  metadata: { name, namespace: 'shop' },
  spec: { clusterIP, ports },
});

describe('service-link variables', () => {
  it('writes the kubelet set for every port, the first one also unnamed', () => {
    const env = serviceLinkVariables([
      service('redis-cache', '10.0.0.11', [
        { name: 'redis', port: 6379, protocol: 'TCP' },
        { name: 'metrics', port: 9121 },
      ]),
    ]);
    expect(env).toEqual({
      REDIS_CACHE_SERVICE_HOST: '10.0.0.11',
      REDIS_CACHE_SERVICE_PORT: '6379',
      REDIS_CACHE_SERVICE_PORT_REDIS: '6379',
      REDIS_CACHE_SERVICE_PORT_METRICS: '9121',
      REDIS_CACHE_PORT: 'tcp://10.0.0.11:6379',
      REDIS_CACHE_PORT_6379_TCP: 'tcp://10.0.0.11:6379',
      REDIS_CACHE_PORT_6379_TCP_PROTO: 'tcp',
      REDIS_CACHE_PORT_6379_TCP_PORT: '6379',
      REDIS_CACHE_PORT_6379_TCP_ADDR: '10.0.0.11',
      REDIS_CACHE_PORT_9121_TCP: 'tcp://10.0.0.11:9121',
      REDIS_CACHE_PORT_9121_TCP_PROTO: 'tcp',
      REDIS_CACHE_PORT_9121_TCP_PORT: '9121',
      REDIS_CACHE_PORT_9121_TCP_ADDR: '10.0.0.11',
    });
  });

  it('skips headless services and brackets IPv6 addresses', () => {
    expect(serviceLinkVariables([service('db', 'None', [{ port: 5432 }])])).toEqual({});
    const env = serviceLinkVariables([service('dns', 'fd00::10', [{ port: 53, protocol: 'UDP' }])]);
    expect(env['DNS_PORT']).toBe('udp://[fd00::10]:53');
    expect(env['DNS_PORT_53_UDP_PROTO']).toBe('udp');
  });

  it('recognises service-link names', () => {
    expect(looksLikeServiceLink('KUBERNETES_PORT_443_TCP_ADDR')).toBe(true);
    expect(looksLikeServiceLink('API_SERVICE_PORT_HTTP')).toBe(true);
    expect(looksLikeServiceLink('DATABASE_URL')).toBe(false);
  });
});
