/**
 * Field selectors (`metadata.name=x,status.phase!=Failed`) parsed as k8s.io/apimachinery/pkg/fields does.
 */
import { SelectorParseError } from './parse-error';

/** One `field=value` or `field!=value` term. */
export interface FieldRequirement {
  readonly field: string;
  readonly negated: boolean;
  readonly value: string;
}

function splitUnescaped(input: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let index = 0; index < input.length; index++) {
    const ch = input[index] ?? '';
    if (ch === '\\' && index + 1 < input.length) {
      current += ch + (input[index + 1] ?? '');
      index++;
    } else if (ch === separator) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

function unescapeFieldValue(value: string): string {
  let result = '';
  for (let index = 0; index < value.length; index++) {
    const ch = value[index] ?? '';
    if (ch !== '\\') {
      if (ch === '=' || ch === ',') throw new SelectorParseError(`invalid field selector: unescaped ${ch} in value`);
      result += ch;
      continue;
    }
    const next = value[index + 1];
    if (next !== '\\' && next !== ',' && next !== '=') {
      throw new SelectorParseError(`invalid field selector: invalid escape sequence: \\${next ?? ''}`);
    }
    result += next;
    index++;
  }
  return result;
}

/**
 * Parses a `fieldSelector` query value into terms (`metadata.name=x,status.phase!=Failed`).
 * @throws SelectorParseError with the API server's message.
 */
export function parseFieldSelector(selector: string): FieldRequirement[] {
  const requirements: FieldRequirement[] = [];
  for (const part of splitUnescaped(selector, ',').sort()) {
    if (part === '') continue;
    let parsed: FieldRequirement | undefined;
    for (let index = 0; index < part.length && parsed === undefined; index++) {
      for (const operator of ['!=', '==', '=']) {
        if (part.startsWith(operator, index)) {
          parsed = {
            field: part.slice(0, index),
            negated: operator === '!=',
            value: unescapeFieldValue(part.slice(index + operator.length)),
          };
          break;
        }
      }
    }
    if (parsed === undefined)
      throw new SelectorParseError(`invalid selector: '${selector}'; can't understand '${part}'`);
    requirements.push(parsed);
  }
  return requirements;
}
