import { describe, expect, test } from 'vitest';
import { renderMirrordTemplates } from '../../src/config/template';
import { ConfigError } from '../../src/errors';

const render = (text: string, env: Record<string, string | undefined> = {}): string =>
  renderMirrordTemplates(text, '/project/.mirrord/mirrord.json', { env, cwd: '/' }).text;

describe('get_env templates (Tera syntax, as mirrord renders them)', () => {
  test.each([
    ['{{ get_env(name="T") }}', 'deploy/a'],
    ["{{ get_env(name='T') }}", 'deploy/a'],
    ['{{ get_env(name=`T`) }}', 'deploy/a'],
    ['{{get_env(name="T")}}', 'deploy/a'],
    ['{{   get_env (  name = "T" ,  default = "x"  )   }}', 'deploy/a'],
    ['{{ get_env(default="x", name="T") }}', 'deploy/a'],
    ['{{- get_env(name="T") -}}', 'deploy/a'],
    ['{{ get_env(name="T",\n  default="x") }}', 'deploy/a'],
  ])('%s', (template, expected) => {
    expect(render(template, { T: 'deploy/a' })).toBe(expected);
  });

  test('the default applies when the variable is not set', () => {
    expect(render('{{ get_env(name="T", default="deploy/fallback") }}')).toBe('deploy/fallback');
    expect(render("{{ get_env(name='PORT', default=8080) }}")).toBe('8080');
  });

  test('an empty variable renders empty, as in Tera (the default does not apply)', () => {
    expect(render('{{ get_env(name="T", default="x") }}', { T: '' })).toBe('');
  });

  test('several templates in one text, the rest untouched', () => {
    const text = '{ "a": "{{ get_env(name=\'A\') }}", "b": "{{ get_env(name=\'B\', default=\'b\') }}", "c": "{ c }" }';
    expect(render(text, { A: 'one' })).toBe('{ "a": "one", "b": "b", "c": "{ c }" }');
  });

  test('a missing variable without default names the variable, the file and the line', () => {
    const error = (() => {
      try {
        render('{\n  "target": "{{ get_env(name="APP_TARGET") }}"\n}');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).file).toBe('/project/.mirrord/mirrord.json');
    expect((error as ConfigError).message).toMatch(/APP_TARGET is not set .* on line 2/);
  });

  test.each([
    ['{{ get_env(default="x") }}', /has no `name`/],
    ['{{ get_env(name="A", fallback="x") }}', /unknown argument `fallback`/],
    ['{% if true %}x{% endif %}', /Tera statement .* line 1/],
  ])('rejects %s', (template, message) => {
    expect(() => render(template, { A: '1', NAME: 'n' })).toThrow(message);
  });

  test.each([
    ['{{ env.HOME }}', 'the variable `env.HOME`'],
    ['{{ get_env(name=NAME) }}', 'arguments that are not `name=literal`'],
    ['{{ now() }}', 'the function `now()`'],
    ['{{ "a" | truncate(length=1) }}', 'the filter `truncate`'],
    ['{{ 1 + 2 }}', '`+` is not supported'],
    ['{{ key }}', 'a variable that is not set'],
  ])('leaves %s unrendered, saying why', (template, reason) => {
    const rendered = renderMirrordTemplates(`"${template}"`, 'f.json', { env: { NAME: 'n' }, cwd: '/' });
    expect(rendered.text).toBe('"__kubenv_unrendered_0__"');
    expect([...rendered.unrendered.values()]).toEqual([{ expression: template, line: 1, reason }]);
  });
});

describe('the rest of Tera that mirrord configs use', () => {
  test.each([
    ['{{ git_branch }}', { MIRRORD_BRANCH_NAME: 'feat/x' }, 'feat/x'],
    ["{{ git_branch | default(value='main') }}", { MIRRORD_BRANCH_NAME: 'feat/x' }, 'feat/x'],
    ['{{ key }}', { MIRRORD_ENV_KEY: 'team-a' }, 'team-a'],
    ["{{ key | default(value='shared') }}", {}, 'shared'],
    ["{{ 'preview-' ~ key | upper }}", { MIRRORD_ENV_KEY: 'ab' }, 'preview-AB'],
    ["{{ get_env(name='T') | lower | replace(from='/', to='-') }}", { T: 'Deploy/A' }, 'deploy-a'],
    ['{{ "  x  " | trim }}', {}, 'x'],
    ['a {# a comment #}b', {}, 'a b'],
    ['a   {{- "b" -}}   c', {}, 'abc'],
  ] as const)('%s', (template, env, expected) => {
    expect(render(template, env)).toBe(expected);
  });

  test('`default` applies to a missing variable, not to an empty one (Tera)', () => {
    expect(render("{{ key | default(value='d') }}", {})).toBe('d');
    expect(render("{{ get_env(name='E') | default(value='d') }}", { E: '' })).toBe('');
  });

  test('a rendered value never appears in an error about another template', () => {
    expect(() => render('{{ get_env(name="SECRET") }} {{ get_env(name="MISSING") }}', { SECRET: 's3cr3t' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('s3cr3t') }),
    );
  });
});
