/**
 * One Tera expression (the inside of `{{ ... }}`), evaluated as mirrord's Tera context would
 * (metalbear-co/mirrord@8320eb8 mirrord/config/src/lib.rs, `from_path`): the function
 * `get_env(name, default)`, the variables `git_branch` and `key`, string and number literals,
 * `~` concatenation, and the filters `default(value)`, `upper`, `lower`, `trim`,
 * `replace(from, to)`. Anything else is "cannot render", which is only an error where kubenv
 * reads the value (template.ts).
 */
import { ConfigError } from '../errors';
import { ownValue } from '../pipeline/env-record';

/** What an expression can see. */
export interface TemplateScope {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A context variable (`git_branch`, `key`); undefined when it is not in mirrord's context either. */
  readonly variable: (name: string) => string | undefined;
  readonly file: string;
  readonly line: number;
}

/** Why kubenv cannot render an expression (it is then left for the read-field check). */
export class CannotRender {
  constructor(readonly reason: string) {}
}

type Token = { kind: 'string' | 'number' | 'ident' | 'punct'; text: string };

const TOKEN = /\s*(?:"([^"]*)"|'([^']*)'|`([^`]*)`|(-?\d+(?:\.\d+)?)(?![\w.])|([A-Za-z_][\w.]*)|(\(|\)|,|=|\||~))/y;

function tokenize(expression: string): Token[] | CannotRender {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < expression.length) {
    if (/^\s*$/.test(expression.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(expression);
    if (match === null) return new CannotRender(`\`${expression.slice(start).trim().slice(0, 1)}\` is not supported`);
    const text = match[1] ?? match[2] ?? match[3];
    if (text !== undefined) tokens.push({ kind: 'string', text });
    else if (match[4] !== undefined) tokens.push({ kind: 'number', text: match[4] });
    else if (match[5] !== undefined) tokens.push({ kind: 'ident', text: match[5] });
    else tokens.push({ kind: 'punct', text: match[6] ?? '' });
  }
  return tokens;
}

/** Renders one expression, or says why it cannot; throws where mirrord's Tera fails too. */
export function evaluateExpression(expression: string, scope: TemplateScope): string | CannotRender {
  const tokens = tokenize(expression);
  if (tokens instanceof CannotRender) return tokens;
  const parser = new Parser(tokens, scope);
  const value = parser.concatenation();
  if (value instanceof CannotRender) return value;
  if (!parser.done()) return new CannotRender(`\`${parser.peek()?.text}\` is not supported`);
  return value ?? new CannotRender('a variable that is not set');
}

type Value = string | undefined | CannotRender;

class Parser {
  private index = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly scope: TemplateScope,
  ) {}

  done(): boolean {
    return this.index >= this.tokens.length;
  }

  peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private take(text?: string): Token | undefined {
    const token = this.tokens[this.index];
    if (token === undefined || (text !== undefined && (token.kind !== 'punct' || token.text !== text)))
      return undefined;
    this.index++;
    return token;
  }

  /** `term ~ term ~ ...` */
  concatenation(): Value {
    let value = this.filtered();
    while (!(value instanceof CannotRender) && this.take('~')) {
      const next = this.filtered();
      if (next instanceof CannotRender) return next;
      if (value === undefined || next === undefined) return new CannotRender('a variable that is not set');
      value += next;
    }
    return value;
  }

  /** `primary | filter | filter(args)` */
  private filtered(): Value {
    let value = this.primary();
    while (!(value instanceof CannotRender) && this.take('|')) {
      const name = this.take();
      if (name?.kind !== 'ident') return new CannotRender('a filter without a name');
      const args = this.peek()?.text === '(' ? this.arguments() : new Map<string, string>();
      if (args instanceof CannotRender) return args;
      value = applyFilter(name.text, value, args);
    }
    return value;
  }

  private primary(): Value {
    const token = this.take();
    if (token === undefined) return new CannotRender('an empty expression');
    if (token.kind === 'string' || token.kind === 'number') return token.text;
    if (token.kind !== 'ident') return new CannotRender(`\`${token.text}\` is not supported`);
    if (token.text === 'true' || token.text === 'false') return token.text;
    if (this.peek()?.text !== '(') {
      if (token.text.includes('.')) return new CannotRender(`the variable \`${token.text}\``);
      return this.scope.variable(token.text);
    }
    const args = this.arguments();
    if (args instanceof CannotRender) return args;
    if (token.text !== 'get_env') return new CannotRender(`the function \`${token.text}()\``);
    return getEnv(args, this.scope);
  }

  /** `(name=literal, ...)` */
  private arguments(): Map<string, string> | CannotRender {
    this.take('(');
    const args = new Map<string, string>();
    while (!this.take(')')) {
      const name = this.take();
      const value = this.take('=') ? this.take() : undefined;
      if (name?.kind !== 'ident' || value === undefined || value.kind === 'punct' || isVariable(value)) {
        return new CannotRender('arguments that are not `name=literal`');
      }
      args.set(name.text, value.text);
      if (!this.take(',') && this.peek()?.text !== ')')
        return new CannotRender('arguments that are not `name=literal`');
    }
    return args;
  }
}

/** An identifier other than the literals `true` and `false`. */
function isVariable(token: Token): boolean {
  return token.kind === 'ident' && token.text !== 'true' && token.text !== 'false';
}

function applyFilter(name: string, value: string | undefined, args: ReadonlyMap<string, string>): Value {
  // Tera's `default` applies only to a variable missing from the context, not to an empty one.
  if (name === 'default') return value ?? args.get('value') ?? new CannotRender('`default` without `value`');
  if (value === undefined) return new CannotRender('a variable that is not set');
  if (name === 'upper') return value.toUpperCase();
  if (name === 'lower') return value.toLowerCase();
  if (name === 'trim') return value.trim();
  const from = args.get('from');
  const to = args.get('to');
  if (name === 'replace' && from !== undefined && to !== undefined) return value.split(from).join(to);
  return new CannotRender(`the filter \`${name}\``);
}

function getEnv(args: ReadonlyMap<string, string>, scope: TemplateScope): string {
  const { file, line } = scope;
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
  const value = ownValue(scope.env, name) ?? args.get('default');
  if (value === undefined) {
    // Tera fails the whole file here, in mirrord too.
    throw new ConfigError(
      `environment variable ${name} is not set and its get_env template on line ${line} has no default`,
      { file, hint: `Set ${name}, or add \`default="..."\` to the template.` },
    );
  }
  return value;
}
