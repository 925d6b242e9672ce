/**
 * Fuzzing kubeconfigs: random YAML text and random structures (clusters, users, contexts with
 * wrong types, missing names, odd keys), read through the fast-path parser and js-yaml. Each
 * gives an endpoint or a ConfigError, and a token or key planted in the file never shows.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/kube/auth';
import { loadKubeEndpoint } from '../../src/kube/kubeconfig';
import { parseSimpleYaml } from '../../src/kube/simple-yaml';
import { RUNS, resultOrSafeError, resultOrSafeErrorAsync, SECRET } from '../support/fuzz';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-fuzz-kc-'));
let counter = 0;
function write(text: string): string {
  const file = path.join(dir, `config-${counter++}`);
  writeFileSync(file, text);
  return file;
}

// Names and references (context, cluster and user names, `as`) are not secrets: an error may
// quote them to say which entry is wrong. The secret is planted only where secrets live.
const nameLeaf = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('https://127.0.0.1:1', 'c', 'u', '', 'true'),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const leaf = fc.oneof(nameLeaf, fc.constantFrom(SECRET, `https://${SECRET}@x`));
const named = (inner: fc.Arbitrary<unknown>) =>
  fc.oneof(
    fc
      .record({ name: fc.oneof(fc.constantFrom('c', 'u', '__proto__', 'constructor'), nameLeaf), value: inner })
      .map(({ name, value }) => ({ name, value })),
    nameLeaf,
  );
const cluster = fc.record(
  {
    server: leaf,
    'certificate-authority-data': fc.constantFrom(SECRET, Buffer.from(SECRET).toString('base64'), '***'),
    'insecure-skip-tls-verify': fc.oneof(fc.boolean(), leaf),
    'tls-server-name': leaf,
  },
  { requiredKeys: [] },
);
const user = fc.record(
  {
    token: fc.constant(SECRET),
    tokenFile: nameLeaf,
    username: nameLeaf,
    password: fc.constant(SECRET),
    'client-certificate-data': fc.constantFrom(Buffer.from(SECRET).toString('base64'), SECRET),
    'client-key-data': fc.constantFrom(Buffer.from(SECRET).toString('base64'), SECRET),
    as: nameLeaf,
    'as-groups': fc.oneof(fc.array(nameLeaf, { maxLength: 2 }), nameLeaf),
  },
  { requiredKeys: [] },
);
const context = fc.record({ cluster: nameLeaf, user: nameLeaf, namespace: nameLeaf }, { requiredKeys: [] });
const entries = (field: string, inner: fc.Arbitrary<unknown>) =>
  fc.oneof(
    fc
      .array(named(inner), { maxLength: 3 })
      .map((list) =>
        list.map((e) =>
          typeof e === 'object' && e !== null && 'value' in e
            ? { name: (e as { name: unknown }).name, [field]: (e as { value: unknown }).value }
            : e,
        ),
      ),
    leaf,
  );
const kubeconfig = fc.record(
  {
    apiVersion: fc.constant('v1'),
    clusters: entries('cluster', cluster),
    users: entries('user', user),
    contexts: entries('context', context),
    'current-context': fc.oneof(fc.constantFrom('c', 'u', '__proto__'), nameLeaf),
  },
  { requiredKeys: [] },
);

describe('kubeconfig structures (as JSON, which is YAML)', () => {
  it('an endpoint and an authenticator, or a ConfigError without the credentials', async () => {
    await fc.assert(
      fc.asyncProperty(kubeconfig, fc.option(fc.constantFrom('c', 'u', 'nope')), async (config, wanted) => {
        const file = write(JSON.stringify(config));
        const endpoint = await resultOrSafeErrorAsync(() =>
          loadKubeEndpoint({ kubeconfig: file, context: wanted ?? undefined, env: {} }),
        );
        if (endpoint) resultOrSafeError(() => createAuthenticator(endpoint, { env: {} }));
      }),
      RUNS,
    );
  });
});

const fragments = fc.constantFrom(
  'apiVersion: v1\n',
  'clusters:\n',
  '- name: c\n',
  '  cluster:\n',
  '    server: https://h\n',
  'users:\n',
  `    token: ${SECRET}\n`,
  `  user: {token: ${SECRET}`,
  'contexts:\n',
  'current-context: c\n',
  '  ',
  '- ',
  ': ',
  '"',
  "'",
  '{',
  '[',
  '&a ',
  '*a',
  '!!str ',
  `!<${SECRET}>`,
  '\t',
  '\n',
  '#',
  '|\n',
  '? ',
);
const text = fc
  .array(fc.oneof(fragments, fc.string({ maxLength: 4 })), { maxLength: 25 })
  .map((parts) => parts.join(''));

describe('kubeconfig text', () => {
  it('an endpoint or a ConfigError without the credentials', async () => {
    await fc.assert(
      fc.asyncProperty(text, async (source) => {
        await resultOrSafeErrorAsync(() => loadKubeEndpoint({ kubeconfig: write(source), env: {} }));
      }),
      RUNS,
    );
  });

  it('the fast-path parser never throws: it parses or declines (js-yaml takes over)', () => {
    fc.assert(
      fc.property(text, (source) => {
        const parsed = parseSimpleYaml(source);
        if (parsed !== undefined) expect(parsed).toHaveProperty('value');
      }),
      RUNS,
    );
  });
});
