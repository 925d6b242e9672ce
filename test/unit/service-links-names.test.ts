/**
 * Which names of an exec'd environment kubenv explains as service links: exactly the shapes the
 * kubelet writes (pkg/kubelet/envvars: X_SERVICE_HOST, X_SERVICE_PORT, X_SERVICE_PORT_<NAME>,
 * X_PORT, X_PORT_<p>_<PROTO>{,_PROTO,_PORT,_ADDR}), whole names only; and a service with a
 * cluster IP but no ports gives no variables (the kubelet skips it).
 */
import { describe, expect, it } from 'vitest';
import { looksLikeServiceLink, serviceLinkVariables } from '../../src/sources/spec/service-links';

describe('service-link names', () => {
  it.each([
    'REDIS_SERVICE_HOST',
    'REDIS_SERVICE_PORT',
    'REDIS_SERVICE_PORT_METRICS',
    'REDIS_PORT',
    'REDIS_PORT_6379_TCP',
    'DNS_PORT_53_UDP',
    'SCTP_THING_PORT_9_SCTP_ADDR',
    'REDIS_PORT_6379_TCP_PROTO',
    'REDIS_PORT_6379_TCP_PORT',
  ])('%s is one', (name) => {
    expect(looksLikeServiceLink(name)).toBe(true);
  });

  it.each([
    'REDIS_SERVICE_HOSTNAME',
    'REDIS_SERVICE_HOST_OVERRIDE',
    'REDIS_PORT_6379',
    'REDIS_PORT_6379_TCP_URL',
    'REDIS_PORT_6379_HTTP',
    'lower_REDIS_SERVICE_HOST',
    'my-app.REDIS_SERVICE_HOST',
    'APP_PORTAL',
    'SERVICE_HOST',
  ])('%s is not one', (name) => {
    expect(looksLikeServiceLink(name)).toBe(false);
  });

  it.each([
    ['an ExternalName service (no clusterIP)', undefined],
    ['an empty clusterIP', ''],
    ['a headless service', 'None'],
  ])('%s gives nothing, as the kubelet skips it', (_name, clusterIP) => {
    const spec = { ...(clusterIP === undefined ? {} : { clusterIP }), ports: [{ port: 80 }] };
    expect(serviceLinkVariables([{ metadata: { name: 'web', namespace: 'ns' }, spec }])).toEqual({});
  });

  it('a service with a cluster IP but no ports gives nothing', () => {
    expect(
      serviceLinkVariables([{ metadata: { name: 'empty', namespace: 'ns' }, spec: { clusterIP: '10.0.0.9' } }]),
    ).toEqual({});
  });
});
