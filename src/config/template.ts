/**
 * mirrord renders its config files with Tera before parsing them (metalbear-co/mirrord@8320eb8
 * mirrord/config/src/lib.rs, `from_path`). kubenv renders the same expressions the same way
 * (template-expression.ts). An expression it cannot render becomes a marker; once the file is
 * parsed, a marker in a field kubenv reads is an error naming the field and the line, and a
 * marker anywhere else (`{{ key }}` in `http_filter`, say) is left alone, as mirrord's other
 * features are.
 */
import { ConfigError } from '../errors';
import { isPlainObject } from '../util/value-type';
import { lineColumn } from './parse-text';
import { CannotRender, evaluateExpression } from './template-expression';

/** An expression left unrendered, by marker. */
interface Unrendered {
  readonly expression: string;
  readonly line: number;
  readonly reason: string;
}

/** A rendered text and what it left unrendered. */
export interface RenderedTemplate {
  readonly text: string;
  readonly unrendered: ReadonlyMap<string, Unrendered>;
}

/** Where the templates are rendered. */
export interface TemplateContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** The file's root `key`, read before rendering as mirrord reads it (itself a template). */
  readonly fileKey?: string | undefined;
}

const TAG = /\{\{(-?)([\s\S]*?)(-?)\}\}|\{#[\s\S]*?#\}|\{%/g;
const MARKER = /__kubenv_unrendered_(\d+)__/g;

/**
 * Renders the Tera expressions of a mirrord config. A missing `get_env` variable without a
 * default is a ConfigError here, as it fails the whole file in mirrord.
 * @internal
 */
export function renderMirrordTemplates(text: string, file: string, context: TemplateContext): RenderedTemplate {
  const unrendered = new Map<string, Unrendered>();
  let gitBranch: { value: string | undefined } | undefined;
  const variable = (name: string): string | undefined => {
    if (name === 'key') return nonEmpty(context.env['MIRRORD_ENV_KEY']) ?? renderedKey(context, file);
    if (name !== 'git_branch') return undefined;
    gitBranch ??= { value: nonEmpty(context.env['MIRRORD_BRANCH_NAME']) ?? currentGitBranch(context.cwd) };
    return gitBranch.value;
  };
  let out = '';
  let last = 0;
  let trimNext = false;
  for (const match of text.matchAll(TAG)) {
    const offset = match.index;
    let before = text.slice(last, offset);
    if (trimNext) before = before.trimStart();
    last = offset + match[0].length;
    const { line } = lineColumn(text, offset);
    if (match[0] === '{%') {
      throw new ConfigError(`a Tera statement (\`{% ... %}\`) on line ${line} is not supported`, {
        file,
        hint: 'kubenv renders `{{ ... }}` expressions only; write the value the statement produces.',
      });
    }
    trimNext = match[3] === '-';
    out += match[1] === '-' ? before.trimEnd() : before;
    if (match[2] === undefined) continue; // a {# comment #}
    const value = evaluateExpression(match[2], { env: context.env, variable, file, line });
    if (value instanceof CannotRender) {
      const marker = `__kubenv_unrendered_${unrendered.size}__`;
      unrendered.set(marker, { expression: match[0], line, reason: value.reason });
      out += marker;
    } else out += value;
  }
  const rest = text.slice(last);
  return { text: out + (trimNext ? rest.trimStart() : rest), unrendered };
}

/** The fields of a mirrord file kubenv reads; a template left there must be rendered. */
const READ_FIELDS: ReadonlyArray<readonly string[]> = [
  ['target'],
  ['feature', 'env'],
  ['agent', 'namespace'],
  ['kubeconfig'],
  ['kube_context'],
  ['source'],
  ['timeout'],
];

/**
 * Throws when an unrendered expression sits in a field kubenv reads.
 * @internal
 */
export function assertRenderedWhereRead(content: unknown, rendered: RenderedTemplate, file: string): void {
  if (rendered.unrendered.size === 0) return;
  for (const fieldPath of READ_FIELDS) {
    let value: unknown = content;
    for (const key of fieldPath) value = isPlainObject(value) ? value[key] : undefined;
    const found = findMarker(value, fieldPath.join('.'));
    if (found === undefined) continue;
    const left = rendered.unrendered.get(found.marker);
    throw new ConfigError(`kubenv cannot render the template on line ${left?.line} in a field it reads`, {
      file,
      keyPath: found.keyPath,
      found: `${left?.expression} (${left?.reason})`,
      hint: 'kubenv renders get_env, git_branch, key (from MIRRORD_ENV_KEY), literals, `~` and the filters default, upper, lower, trim and replace; write a plain value here.',
    });
  }
}

/**
 * The error for a file that does not parse once its unrendered expressions are markers: one of
 * them stood outside a string, where kubenv cannot guess what it produces.
 * @internal
 */
export function unparsableWithTemplates(rendered: RenderedTemplate, file: string, cause: unknown): ConfigError {
  const [first] = rendered.unrendered.values();
  return new ConfigError(`kubenv cannot render the template on line ${first?.line}, and the file needs it to parse`, {
    file,
    found: `${first?.expression} (${first?.reason})`,
    hint: 'Write the value it produces, or put the expression inside a string.',
    cause,
  });
}

function findMarker(value: unknown, keyPath: string): { marker: string; keyPath: string } | undefined {
  if (typeof value === 'string') {
    const marker = [...value.matchAll(MARKER)][0]?.[0];
    return marker === undefined ? undefined : { marker, keyPath };
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findMarker(item, `${keyPath}[${index}]`);
      if (found) return found;
    }
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const found = findMarker(key, `${keyPath}.${key}`) ?? findMarker(item, `${keyPath}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** The root `key` rendered on its own, as mirrord's first pass does; undefined if any of it is left. */
function renderedKey(context: TemplateContext, file: string): string | undefined {
  if (context.fileKey === undefined) return undefined;
  const key = renderMirrordTemplates(context.fileKey, file, { env: context.env, cwd: context.cwd });
  return key.unrendered.size === 0 ? key.text : undefined;
}

/** `git branch --show-current`, as mirrord runs it; undefined outside a repository or detached. */
function currentGitBranch(cwd: string): string | undefined {
  // Loaded here, not at the top: node:child_process costs a cold start about 2 ms, and few
  // config files ask for the branch.
  const { execFileSync } = process.getBuiltinModule('node:child_process');
  try {
    const output = execFileSync('git', ['branch', '--show-current'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    });
    return nonEmpty(output.trim());
  } catch {
    return undefined;
  }
}
