/**
 * Fuzzing config files: random text for each syntax (JSON, YAML, TOML, mirrord templates) and
 * random structures for the schema check. Each gives a value or a ConfigError; a secret planted
 * in the file's text or in its values never shows in the error, its cause or its dump.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { fileLayer } from '../../src/config/file-layer';
import { parseConfigText } from '../../src/config/parse-text';
import { renderGetEnvTemplates } from '../../src/config/template';
import { RUNS, resultOrSafeError, resultOrSafeErrorAsync, SECRET } from '../support/fuzz';

const FILE = '/work/app/.kubenvrc.yaml';

// Fragments of each syntax around the secret, so random text is often nearly valid.
const fragments = fc.constantFrom(
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  '"',
  "'",
  '=',
  '\n',
  '  ',
  '- ',
  '#',
  'target',
  'feature',
  'env',
  'override',
  'true',
  '1e9',
  '!!binary',
  '&a',
  '*a',
  '<<',
  '? ',
  '|',
  '>',
  '\\u',
  '[[x]]',
  '{{ get_env(name="A") }}',
  '\t',
  SECRET,
  `"${SECRET}"`,
  `token: ${SECRET}`,
  `x = "${SECRET}"`,
  `!<${SECRET}>`,
  `&${SECRET}`,
  `*${SECRET}`,
);
const text = fc
  .array(fc.oneof(fragments, fc.string({ maxLength: 6 })), { maxLength: 30 })
  .map((parts) => parts.join(''));

describe('config file text', () => {
  for (const syntax of ['json', 'yaml', 'toml'] as const) {
    it(`${syntax}: a value or a ConfigError without the file's text`, async () => {
      await fc.assert(
        fc.asyncProperty(text, async (source) => {
          await resultOrSafeErrorAsync(() => parseConfigText(source, syntax, FILE));
        }),
        RUNS,
      );
    });
  }

  it('mirrord templates: rendered text or a ConfigError without the variable values', () => {
    fc.assert(
      fc.property(text, fc.dictionary(fc.constantFrom('A', 'B', 'constructor'), fc.constant(SECRET)), (source, env) => {
        resultOrSafeError(() => renderGetEnvTemplates(source, FILE, env));
      }),
      RUNS,
    );
  });
});

// Structures shaped like the schema, with the secret only where secrets live (values of
// override and mapping, env_file contents are never read here).
const secretValue = fc.constantFrom(SECRET, `${SECRET}\n`, '');
const anyLeaf = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null), fc.double());
const envFeature = fc.oneof(
  fc.boolean(),
  anyLeaf,
  fc.record(
    {
      include: fc.oneof(
        fc.string({ maxLength: 6 }),
        fc.array(fc.oneof(fc.string({ maxLength: 4 }), anyLeaf), { maxLength: 3 }),
        anyLeaf,
      ),
      exclude: fc.oneof(fc.string({ maxLength: 6 }), anyLeaf),
      override: fc.oneof(
        fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(secretValue, anyLeaf), { maxKeys: 3 }),
        anyLeaf,
      ),
      mapping: fc.oneof(
        fc.dictionary(fc.constantFrom('(', '.*', '^A$', '[', '(?i)x'), secretValue, { maxKeys: 2 }),
        anyLeaf,
      ),
      unset: fc.oneof(fc.string({ maxLength: 6 }), anyLeaf),
      env_file: fc.oneof(fc.string({ maxLength: 6 }), anyLeaf),
      local_wins: fc.oneof(fc.boolean(), anyLeaf),
      envFile: anyLeaf,
    },
    { requiredKeys: [] },
  ),
);
const config = fc.oneof(
  anyLeaf,
  fc.array(anyLeaf, { maxLength: 2 }),
  fc.record(
    {
      target: fc.oneof(
        fc.string({ maxLength: 10 }),
        fc.record({ path: fc.oneof(fc.string({ maxLength: 8 }), anyLeaf), namespace: anyLeaf }, { requiredKeys: [] }),
        anyLeaf,
      ),
      feature: fc.oneof(fc.record({ env: envFeature }, { requiredKeys: [] }), anyLeaf),
      agent: fc.oneof(fc.record({ namespace: anyLeaf }, { requiredKeys: [] }), anyLeaf),
      kubeconfig: anyLeaf,
      kube_context: anyLeaf,
      source: fc.oneof(fc.constantFrom('auto', 'exec', 'spec', 'specs'), anyLeaf),
      timeout: fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 5 })),
      namespace: anyLeaf,
    },
    { requiredKeys: [] },
  ),
);

describe('config file structures', () => {
  for (const format of ['kubenv', 'mirrord'] as const) {
    it(`${format} format: a layer or a ConfigError without secret values`, () => {
      fc.assert(
        fc.property(config, (content) => {
          resultOrSafeError(() => fileLayer(content, { file: FILE, format, keyPrefix: '' }));
        }),
        RUNS,
      );
    });
  }
});
