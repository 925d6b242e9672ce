import { describe, expect, it } from 'vitest';
import { isKubenvError, TargetParseError } from '../../src/errors';
import { parseTarget } from '../../src/target/parse';
import type { TargetInput } from '../../src/target/types';

/** The TargetParseError `parseTarget` throws for `input` (fails the test when it parses). */
function parseError(input: unknown): TargetParseError {
  try {
    const target = parseTarget(input as TargetInput);
    throw new Error(`expected ${JSON.stringify(input)} to fail, got ${JSON.stringify(target)}`);
  } catch (error) {
    expect(error).toBeInstanceOf(TargetParseError);
    return error as TargetParseError;
  }
}

describe('parseTarget: strings', () => {
  it('parses the seed examples', () => {
    expect(parseTarget('deploy/lolz')).toEqual({ kind: 'deployment', name: 'lolz' });
    expect(parseTarget('pod/lolz-64698df9b7-6plq8')).toEqual({ kind: 'pod', name: 'lolz-64698df9b7-6plq8' });
    expect(parseTarget('pod/lolz-64698df9b7-6plq8/container/main-container')).toEqual({
      kind: 'pod',
      name: 'lolz-64698df9b7-6plq8',
      container: 'main-container',
    });
    expect(parseTarget('targetless')).toEqual({ kind: 'targetless' });
  });

  it.each([
    ['pod', 'pod'],
    ['po', 'pod'],
    ['pods', 'pod'],
    ['deployment', 'deployment'],
    ['deploy', 'deployment'],
    ['deployments', 'deployment'],
    ['rollout', 'rollout'],
    ['ro', 'rollout'],
    ['rollouts', 'rollout'],
    ['statefulset', 'statefulset'],
    ['sts', 'statefulset'],
    ['statefulsets', 'statefulset'],
    ['daemonset', 'daemonset'],
    ['ds', 'daemonset'],
    ['daemonsets', 'daemonset'],
    ['replicaset', 'replicaset'],
    ['rs', 'replicaset'],
    ['replicasets', 'replicaset'],
    ['job', 'job'],
    ['jobs', 'job'],
    ['cronjob', 'cronjob'],
    ['cj', 'cronjob'],
    ['cronjobs', 'cronjob'],
    ['service', 'service'],
    ['svc', 'service'],
    ['services', 'service'],
  ])('accepts the kind word %s as %s', (word, kind) => {
    expect(parseTarget(`${word}/api`)).toEqual({ kind, name: 'api' });
  });

  it('reads kinds and keywords case-insensitively', () => {
    expect(parseTarget('Deploy/api')).toEqual({ kind: 'deployment', name: 'api' });
    expect(parseTarget('STS/db/CONTAINER/main')).toEqual({ kind: 'statefulset', name: 'db', container: 'main' });
    expect(parseTarget('StatefulSet/db')).toEqual({ kind: 'statefulset', name: 'db' });
    expect(parseTarget('TargetLess')).toEqual({ kind: 'targetless' });
    expect(parseTarget('Label/app=API')).toEqual({ kind: 'label', labels: { app: 'API' } });
  });

  it('accepts dotted names (DNS-1123 subdomains) and the longest allowed names', () => {
    expect(parseTarget('pod/api.v2.example')).toEqual({ kind: 'pod', name: 'api.v2.example' });
    const longest = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    expect(longest).toHaveLength(253);
    expect(parseTarget(`pod/${longest}`)).toEqual({ kind: 'pod', name: longest });
    expect(parseTarget(`cronjob/${'a'.repeat(52)}`)).toEqual({ kind: 'cronjob', name: 'a'.repeat(52) });
    expect(parseTarget(`pod/x/container/${'c'.repeat(63)}`)).toMatchObject({ container: 'c'.repeat(63) });
  });

  it('parses label selectors, with prefixed keys, several labels and a container', () => {
    expect(parseTarget('label/app=api')).toEqual({ kind: 'label', labels: { app: 'api' } });
    expect(parseTarget('label/app.kubernetes.io/name=api')).toEqual({
      kind: 'label',
      labels: { 'app.kubernetes.io/name': 'api' },
    });
    expect(parseTarget('label/app.kubernetes.io/name=api,tier=web/container/main')).toEqual({
      kind: 'label',
      labels: { 'app.kubernetes.io/name': 'api', tier: 'web' },
      container: 'main',
    });
    expect(parseTarget('label/release=')).toEqual({ kind: 'label', labels: { release: '' } });
    // Values are case-sensitive and may hold `_` and `.`.
    expect(parseTarget('label/Tier=Web_1.2')).toEqual({ kind: 'label', labels: { Tier: 'Web_1.2' } });
  });

  it('keeps labels in the order written', () => {
    const target = parseTarget('label/z=1,a=2,m=3');
    expect(target.kind === 'label' && Object.keys(target.labels)).toEqual(['z', 'a', 'm']);
  });
});

describe('parseTarget: strict errors', () => {
  it('suggests a kind for a bare name', () => {
    const error = parseError('api');
    expect(error.suggestions).toEqual(['pod/api', 'deployment/api']);
    expect(error.position).toBe(0);
    expect(error.message).toContain('"api"');
    expect(error.message).toContain('did you mean `pod/api` or `deployment/api`?'.replace('did', 'Did'));
    expect(error.code).toBe('TARGET_PARSE');
    expect(isKubenvError(error, 'TARGET_PARSE')).toBe(true);
  });

  it('suggests the closest kind for a misspelt kind', () => {
    const error = parseError('deploymnet/api');
    expect(error.suggestions).toEqual(['deployment/api']);
    expect(error.position).toBe(0);
    expect(error.message).toContain('unknown kind `deploymnet`');
    expect(parseError('statefulst/db/container/main').suggestions).toEqual(['statefulset/db/container/main']);
    expect(parseError('lable/app=x').suggestions).toEqual(['label/app=x']);
    expect(parseError('stateful_set/db').suggestions).toEqual(['statefulset/db']);
  });

  it('lists the kinds when nothing is close', () => {
    const error = parseError('gizmo/api');
    expect(error.suggestions).toEqual([]);
    expect(error.hint).toContain('deployment');
    expect(error.hint).toContain('targetless');
  });

  it('suggests `container/` for a second segment', () => {
    const error = parseError('pod/x/y');
    expect(error.suggestions).toEqual(['pod/x/container/y']);
    expect(error.position).toBe(6);
    const misspelt = parseError('pod/x/contianer/c');
    expect(misspelt.suggestions).toEqual(['pod/x/container/c']);
    expect(misspelt.position).toBe(6);
  });

  it('keeps the kind and suggests the lowercased name', () => {
    const error = parseError('Deploy/API');
    expect(error.suggestions).toEqual(['deploy/api']);
    expect(error.position).toBe(7);
    expect(error.message).toContain('`API` is not a valid deployment name');
    expect(parseError('pod/my_pod').suggestions).toEqual(['pod/my-pod']);
    expect(parseError('pod/my_pod').position).toBe(6);
    expect(parseError('pod/x/container/Main').suggestions).toEqual(['pod/x/container/main']);
  });

  it.each([
    ['pod/', 4, 'the name is empty'],
    ['pod/x/container/', 16, 'the container name is empty'],
    ['pod/x/container', 15, 'the container name is missing'],
    ['pod/x/container/c/extra', 17, 'unexpected `/extra` after the container name'],
    ['pod/x/', 5, 'trailing `/`'],
    ['/api', 0, 'the kind is missing'],
    ['pod', 3, '`pod` is a kind without a name'],
    ['targetless/x', 10, '`targetless` takes no name'],
    ['', 0, 'the target is empty'],
    [' deploy/api', 0, 'whitespace'],
    ['label/', 6, 'the label selector is empty'],
    ['label/app', 9, 'label `app` has no value'],
    ['label/app=a,app=b', 12, 'label key `app` appears twice'],
    ['label/=x', 6, 'a label key is empty'],
    ['label/app=x,', 11, 'trailing `,`'],
    ['label/app=x/container/', 22, 'the container name is empty'],
    ['label/app=x/container/c/d', 23, 'unexpected `/d`'],
    ['label/app=x/y', 11, 'after the label selector'],
    ['label/app!=x', 9, 'not a valid label key'],
    ['label/app=a b', 11, 'whitespace'],
  ])('rejects %j at offset %i: %s', (input, position, problem) => {
    const error = parseError(input);
    expect(error.position).toBe(position);
    expect(error.message).toContain(problem);
    expect(error.message).toContain(JSON.stringify(input));
    expect(error.message).toContain(`at character ${position + 1}`);
  });

  it('suggests fixes for trailing segments and stray whitespace', () => {
    expect(parseError('pod/x/container/c/extra').suggestions).toEqual(['pod/x/container/c']);
    expect(parseError(' deploy/api\n').suggestions).toEqual(['deploy/api']);
    expect(parseError('targetles').suggestions).toEqual(['targetless']);
    expect(parseError('label/app==x').suggestions).toEqual(['label/app=x']);
    expect(parseError('label/app=x/y').suggestions).toEqual(['label/app=x/container/y']);
  });

  it.each([
    ['pod/API', 'uppercase'],
    ['pod/a_b', 'underscore'],
    ['pod/-a', 'leading dash'],
    ['pod/a-', 'trailing dash'],
    ['pod/a..b', 'empty dot part'],
    [`pod/${'a'.repeat(254)}`, 'longer than 253'],
    [`deploy/${'a'.repeat(254)}`, 'longer than 253'],
    [`svc/${'a'.repeat(64)}`, 'service longer than 63'],
    ['svc/1api', 'service starting with a digit (DNS-1035)'],
    ['svc/api.v1', 'service with a dot'],
    [`cronjob/${'a'.repeat(53)}`, 'cronjob longer than 52'],
    [`pod/x/container/${'c'.repeat(64)}`, 'container longer than 63'],
    ['pod/x/container/a.b', 'container with a dot (DNS-1123 label)'],
    ['pod/x\u0000', 'control character'],
    [`label/${'k'.repeat(64)}=v`, 'label key name longer than 63'],
    ['label/-app=v', 'label key starting with a dash'],
    ['label/Bad_Prefix.io/app=v', 'label key with an invalid prefix'],
    [`label/app=${'v'.repeat(64)}`, 'label value longer than 63'],
    ['label/app=-v', 'label value starting with a dash'],
  ])('rejects the invalid name in %j (%s)', (input) => {
    expect(parseError(input).message).toMatch(/is not a valid|whitespace/);
  });

  it('points at the first offending character of a name', () => {
    expect(parseError('pod/abc_def').position).toBe(7);
    expect(parseError('label/app=ok,tier=we$b').position).toBe(20);
  });

  it('only suggests fixes that parse', () => {
    // Uppercase and a leading digit: lowercasing cannot make a valid service name.
    expect(parseError('svc/1API').suggestions).toEqual([]);
    expect(parseError('svc/1API').hint).toContain('kubectl get services');
  });

  it.each([
    [42, 'a number'],
    [null, 'null'],
    [undefined, 'undefined'],
    [true, 'a boolean'],
    [['pod/x'], 'an array'],
  ])('rejects the non-target %j', (input, found) => {
    const error = parseError(input);
    expect(error.message).toContain(`found ${found}`);
    expect(error.position).toBeUndefined();
  });
});

describe('parseTarget: object forms', () => {
  it.each([
    [
      { pod: 'x', container: 'c' },
      { kind: 'pod', name: 'x', container: 'c' },
    ],
    [{ deployment: 'api' }, { kind: 'deployment', name: 'api' }],
    [{ rollout: 'api' }, { kind: 'rollout', name: 'api' }],
    [{ stateful_set: 'db' }, { kind: 'statefulset', name: 'db' }],
    [{ daemon_set: 'agent' }, { kind: 'daemonset', name: 'agent' }],
    [{ replica_set: 'api-7d4b9' }, { kind: 'replicaset', name: 'api-7d4b9' }],
    [{ job: 'migrate' }, { kind: 'job', name: 'migrate' }],
    [{ cron_job: 'nightly' }, { kind: 'cronjob', name: 'nightly' }],
    [{ service: 'api' }, { kind: 'service', name: 'api' }],
    [{ labels: { app: 'api', tier: 'web' } }, { kind: 'label', labels: { app: 'api', tier: 'web' } }],
    [
      { labels: { app: 'api' }, container: 'main' },
      { kind: 'label', labels: { app: 'api' }, container: 'main' },
    ],
  ])('parses %j', (input, expected) => {
    expect(parseTarget(input as TargetInput)).toEqual(expected);
  });

  it('parses the advanced form and carries its namespace', () => {
    expect(parseTarget({ path: 'deploy/api', namespace: 'staging' })).toEqual({
      kind: 'deployment',
      name: 'api',
      namespace: 'staging',
    });
    expect(parseTarget({ path: { stateful_set: 'db', container: 'pg' }, namespace: 'data' })).toEqual({
      kind: 'statefulset',
      name: 'db',
      container: 'pg',
      namespace: 'data',
    });
    expect(parseTarget({ path: 'pod/x' })).toEqual({ kind: 'pod', name: 'x' });
    // No path: mirrord's targetless; a namespace alone has nothing to apply to.
    expect(parseTarget({ path: 'targetless', namespace: 'staging' })).toEqual({ kind: 'targetless' });
    expect(parseTarget({ namespace: 'staging' })).toEqual({ kind: 'targetless' });
  });

  it('treats undefined fields as absent and returns no undefined fields', () => {
    const target = parseTarget({ pod: 'x', container: undefined });
    expect(target).toEqual({ kind: 'pod', name: 'x' });
    expect(Object.keys(target)).toEqual(['kind', 'name']);
    expect(Object.keys(parseTarget({ path: 'pod/x', namespace: undefined }))).toEqual(['kind', 'name']);
  });

  it('validates the namespace as a DNS-1123 label', () => {
    expect(parseError({ path: 'pod/x', namespace: 'Staging' }).suggestions).toEqual([
      '{"path":"pod/x","namespace":"staging"}',
    ]);
    expect(parseError({ path: 'pod/x', namespace: 'a.b' }).message).toContain('not a valid namespace name');
    expect(parseError({ path: 'pod/x', namespace: 7 }).message).toContain(
      '`namespace` must be a string, found a number',
    );
  });

  it('points into a string path', () => {
    const error = parseError({ path: 'deploymnet/api', namespace: 'x' });
    expect(error.input).toBe('deploymnet/api');
    expect(error.position).toBe(0);
    expect(error.suggestions).toEqual(['deployment/api']);
  });

  it('suggests mirrord keys for kubectl-style keys', () => {
    expect(parseError({ statefulset: 'db' }).suggestions).toEqual(['{"stateful_set":"db"}']);
    expect(parseError({ deploy: 'api', container: 'main' }).suggestions).toEqual([
      '{"deployment":"api","container":"main"}',
    ]);
    expect(parseError({ contianer: 'c', pod: 'x' }).suggestions).toEqual(['{"container":"c","pod":"x"}']);
    expect(parseError({ path: { cronjob: 'nightly' }, namespace: 'ops' }).suggestions).toEqual([
      '{"path":{"cron_job":"nightly"},"namespace":"ops"}',
    ]);
  });

  it.each([
    [{}, 'the target object is empty'],
    [{ container: 'c' }, 'names a container but no target'],
    [{ pod: 'a', deployment: 'b' }, 'more than one target'],
    [{ pod: 42 }, '`pod` must be a string'],
    [{ pod: 'x', container: 'Main' }, 'not a valid container name'],
    [{ pod: 'x', namespace: 'ns' }, '`namespace` is not allowed here'],
    [{ labels: {} }, '`labels` is empty'],
    [{ labels: 'app=x' }, '`labels` must be an object'],
    [{ labels: { app: 1 } }, 'must have a string value'],
    [{ labels: { 'bad key': 'x' } }, 'not a valid label key'],
    [{ labels: { app: 'a/b' } }, 'value of label `app` is not valid'],
    [{ path: { path: 'pod/x' } }, '`path` must be a target string or a target object'],
    [{ path: 42 }, '`path` must be a target string or a target object'],
    [{ path: 'pod/x', extra: true }, 'unknown key `extra`'],
  ])('rejects %j', (input, problem) => {
    const error = parseError(input);
    expect(error.message).toContain(problem);
    // Object inputs are quoted as JSON.
    expect(error.input).toBe(JSON.stringify(input));
  });

  it('passes a parsed Target through, checked and copied', () => {
    const target = { kind: 'deployment', name: 'api', container: 'main', namespace: 'staging' } as const;
    const parsed = parseTarget(target);
    expect(parsed).toEqual(target);
    expect(parsed).not.toBe(target);
    expect(parseTarget({ kind: 'targetless' })).toEqual({ kind: 'targetless' });
    expect(parseTarget({ kind: 'label', labels: { app: 'api' } })).toEqual({ kind: 'label', labels: { app: 'api' } });
    expect(parseTarget({ kind: 'pod', name: 'x', container: undefined })).toEqual({ kind: 'pod', name: 'x' });
  });

  it('rejects an invalid Target', () => {
    expect(parseError({ kind: 'deploy', name: 'api' }).suggestions).toEqual(['{"kind":"deployment","name":"api"}']);
    expect(parseError({ kind: 'pod', name: 'X' }).message).toContain('not a valid pod name');
    expect(parseError({ kind: 'pod' }).message).toContain('`name` must be a string');
    expect(parseError({ kind: 'label', labels: {} }).message).toContain('`labels` is empty');
    expect(parseError({ kind: 'targetless', name: 'x' }).message).toContain('unknown key `name`');
  });

  it('never mutates its input', () => {
    const input = Object.freeze({ path: Object.freeze({ labels: Object.freeze({ app: 'api' }) }), namespace: 'ns' });
    expect(parseTarget(input)).toEqual({ kind: 'label', labels: { app: 'api' }, namespace: 'ns' });
  });
});

describe('parseTarget: inputs JSON cannot show', () => {
  it('still throws a TargetParseError for values JSON cannot hold', () => {
    const circular: Record<string, unknown> = { pod: 'x' };
    circular['self'] = circular;
    expect(parseError(circular).message).toContain('unknown key `self`');
    expect(parseError({ path: { deploy: 'x', size: 10n } }).message).toContain('unknown key');
  });
});
