/**
 * mirrord renders its config files with Tera before parsing them; the one function configs use
 * is `get_env`. This renders `{{ get_env(name="X", default="y") }}` the same way, so a mirrord
 * config works unchanged, and refuses any other `{{ ... }}` expression instead of leaving it in.
 */
import { ConfigError } from '../errors';
import { ownValue } from '../pipeline/env-record';
import { lineColumn } from './parse-text';

// `{{- ... -}}` trims like Tera's whitespace control; the trimming itself does not matter for
// the values kubenv reads, so the dashes are only accepted.
const EXPRESSION = /\{\{-?([\s\S]*?)-?\}\}/g;
const GET_ENV_CALL = /^\s*get_env\s*\(([\s\S]*)\)\s*$/;
// One named argument: a quoted string (Tera has three quotes and no escapes) or a bare literal.
const ARGUMENT = /^\s*([A-Za-z_]\w*)\s*=\s*(?:"([^"]*)"|'([^']*)'|`([^`]*)`|(-?\d+(?:\.\d+)?|true|false))\s*(?:,|$)/;

/**
 * Renders the `get_env` templates of a mirrord config. `env` is read for the variables; an
 * empty variable is returned as is (Tera's behaviour). A variable that is not set and has no
 * `default` is a ConfigError naming it.
 * @internal
 */
export function renderGetEnvTemplates(
  text: string,
  file: string,
  env: Readonly<Record<string, string | undefined>>,
): string {
  return text.replace(EXPRESSION, (_match, expression: string, offset: number) => {
    const { line } = lineColumn(text, offset);
    const args = parseGetEnvArguments(expression);
    if (args === undefined) {
      throw new ConfigError(`unsupported template expression on line ${line}`, {
        file,
        expected: '`{{ get_env(name="VAR", default="value") }}`',
        found: 'another expression',
        hint: 'kubenv renders only get_env templates; replace the expression with a plain value.',
      });
    }
    const name = args.get('name');
    if (name === undefined) {
      throw new ConfigError(`get_env template on line ${line} has no \`name\``, {
        file,
        hint: 'Write it as `{{ get_env(name="VAR", default="value") }}`.',
      });
    }
    const unknown = [...args.keys()].find((key) => key !== 'name' && key !== 'default');
    if (unknown !== undefined) {
      throw new ConfigError(`get_env template on line ${line} has an unknown argument \`${unknown}\``, {
        file,
        hint: 'get_env takes only `name` and `default`.',
      });
    }
    const value = ownValue(env, name) ?? args.get('default');
    if (value === undefined) {
      throw new ConfigError(
        `environment variable ${name} is not set and its get_env template on line ${line} has no default`,
        {
          file,
          hint: `Set ${name}, or add \`default="..."\` to the template.`,
        },
      );
    }
    return value;
  });
}

/** `name="X", default="y"` → a map; `undefined` when the expression is not a get_env call. */
function parseGetEnvArguments(expression: string): Map<string, string> | undefined {
  const call = GET_ENV_CALL.exec(expression);
  if (!call) return undefined;
  const args = new Map<string, string>();
  let rest = call[1]!;
  while (rest.trim() !== '') {
    const argument = ARGUMENT.exec(rest);
    if (!argument) return undefined;
    args.set(argument[1]!, argument[2] ?? argument[3] ?? argument[4] ?? argument[5]!);
    rest = rest.slice(argument[0].length);
  }
  return args;
}
