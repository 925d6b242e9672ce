/**
 * Reading a mirrord config file as mirrord does (mirrord/config/src/lib.rs@8320eb8, from_path):
 * the root `key` read from the raw text, the Tera templates rendered, then the text parsed by
 * extension.
 */

import path from 'node:path';
import { ConfigError } from '../errors';
import { readText as readLocalText } from '../util/local-files';
import { isPlainObject } from '../util/value-type';
import type { LoadedConfigFile } from './find-file';
import { type ConfigSyntax, parseConfigText, syntaxOf } from './parse-text';
import {
  assertRenderedWhereRead,
  type RenderedTemplate,
  renderMirrordTemplates,
  unparsableWithTemplates,
} from './template';

/**
 * Reads a mirrord config: templates rendered, then parsed by extension as mirrord does; a template
 * kubenv cannot render is an error only in a field it reads.
 * @internal
 */
export async function readMirrordFile(
  file: string,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Promise<LoadedConfigFile> {
  const syntax = syntaxOf(file);
  if (syntax === undefined) {
    throw new ConfigError('unsupported config file type', {
      file,
      expected: 'a `.json`, `.toml`, `.yaml` or `.yml` file',
      found: `a \`${path.extname(file) || 'extensionless'}\` file`,
    });
  }
  const raw = await readText(file);
  // mirrord reads the root `key` from the unrendered file first, for `{{ key }}` (lib.rs, from_path);
  // a second parse only when a template names `key`.
  const usesKey = /\{\{[^}]*\bkey\b/.test(raw);
  const unrendered = usesKey ? await parseConfigText(raw, syntax, file).catch(() => undefined) : undefined;
  const fileKey = isPlainObject(unrendered) && typeof unrendered['key'] === 'string' ? unrendered['key'] : undefined;
  const rendered = renderMirrordTemplates(raw, file, { env, cwd, fileKey });
  let content: unknown;
  try {
    content = await parseConfigText(rendered.text, syntax, file);
  } catch (error) {
    throw (await templatesBrokeTheSyntax(rendered, syntax, file))
      ? unparsableWithTemplates(rendered, file, error)
      : error;
  }
  assertRenderedWhereRead(content, rendered, file);
  return { info: { file, format: 'mirrord', keyPrefix: '' }, content };
}

/** Whether the file parses with a plain value where each unrendered template stood. */
async function templatesBrokeTheSyntax(
  rendered: RenderedTemplate,
  syntax: ConfigSyntax,
  file: string,
): Promise<boolean> {
  if (rendered.unrendered.size === 0) return false;
  const plain = rendered.text.replace(/__kubenv_unrendered_\d+__/g, '0');
  return parseConfigText(plain, syntax, file).then(
    () => true,
    () => false,
  );
}

async function readText(file: string): Promise<string> {
  try {
    return readLocalText(file);
  } catch (error) {
    throw new ConfigError('the file cannot be read', { file, hint: 'Check its permissions.', cause: error });
  }
}
