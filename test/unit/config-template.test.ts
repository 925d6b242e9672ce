import { describe, expect, test } from 'vitest';
import { renderGetEnvTemplates } from '../../src/config/template';
import { ConfigError } from '../../src/errors';

const render = (text: string, env: Record<string, string | undefined> = {}): string =>
  renderGetEnvTemplates(text, '/project/.mirrord/mirrord.json', env);

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
    ['{{ env.HOME }}', /unsupported template expression/],
    ['{{ get_env(name=NAME) }}', /unsupported template expression/],
    ['{{ get_env(default="x") }}', /has no `name`/],
    ['{{ get_env(name="A", fallback="x") }}', /unknown argument `fallback`/],
  ])('rejects %s', (template, message) => {
    expect(() => render(template, { A: '1', NAME: 'n' })).toThrow(message);
  });

  test('a rendered value never appears in an error about another template', () => {
    expect(() => render('{{ get_env(name="SECRET") }} {{ now() }}', { SECRET: 's3cr3t' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('s3cr3t') }),
    );
  });
});
