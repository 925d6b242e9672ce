import { describe, expect, it } from 'vitest';
import { formatTarget } from '../../src/target/format';
import { parseTarget } from '../../src/target/parse';

describe('formatTarget', () => {
  it('prints each shape of target in the grammar', () => {
    expect(formatTarget({ kind: 'targetless' })).toBe('targetless');
    expect(formatTarget({ kind: 'deployment', name: 'api' })).toBe('deployment/api');
    expect(formatTarget({ kind: 'pod', name: 'x', container: 'c' })).toBe('pod/x/container/c');
    expect(formatTarget({ kind: 'label', labels: { app: 'api', tier: 'web' } })).toBe('label/app=api,tier=web');
    expect(formatTarget({ kind: 'label', labels: { 'app.kubernetes.io/name': 'api' }, container: 'main' })).toBe(
      'label/app.kubernetes.io/name=api/container/main',
    );
  });

  it.each([
    ['deploy/lolz', 'deployment/lolz'],
    ['Deploy/lolz', 'deployment/lolz'],
    ['po/lolz-64698df9b7-6plq8/container/main-container', 'pod/lolz-64698df9b7-6plq8/container/main-container'],
    ['STS/db/Container/pg', 'statefulset/db/container/pg'],
    ['ds/agent', 'daemonset/agent'],
    ['rs/api-7d4b9', 'replicaset/api-7d4b9'],
    ['cj/nightly', 'cronjob/nightly'],
    ['jobs/migrate', 'job/migrate'],
    ['svc/api', 'service/api'],
    ['ro/canary', 'rollout/canary'],
    ['LABEL/app=api', 'label/app=api'],
    ['TARGETLESS', 'targetless'],
  ])('prints %s canonically as %s', (input, canonical) => {
    expect(formatTarget(parseTarget(input))).toBe(canonical);
  });

  it('prints object forms in the string grammar', () => {
    expect(formatTarget(parseTarget({ stateful_set: 'db', container: 'pg' }))).toBe('statefulset/db/container/pg');
    expect(formatTarget(parseTarget({ cron_job: 'nightly' }))).toBe('cronjob/nightly');
    expect(formatTarget(parseTarget({ labels: { tier: 'web', app: 'api' } }))).toBe('label/tier=web,app=api');
  });

  it('leaves out the namespace, which the string grammar cannot carry', () => {
    expect(formatTarget(parseTarget({ path: 'deploy/api', namespace: 'staging' }))).toBe('deployment/api');
  });

  it('keeps an empty label value parseable', () => {
    const printed = formatTarget({ kind: 'label', labels: { release: '' } });
    expect(printed).toBe('label/release=');
    expect(parseTarget(printed)).toEqual({ kind: 'label', labels: { release: '' } });
  });
});
