/**
 * A fast path for reading kubeconfig files: the block-style YAML that kubectl, kind, minikube,
 * `aws eks` and the simulated cluster write (mappings, `- ` sequences, plain and quoted scalars,
 * `{}`/`[]`, comments). Anything else (anchors, tags, block scalars, flow collections, multi-line
 * scalars, numbers, duplicate keys, ...) makes it give up, and the caller parses with js-yaml.
 *
 * Why: a cold process spends ~8 ms importing js-yaml and parsing one kubeconfig with it (Node 24,
 * median of 7 cold processes on a 2-core machine), a cost every fetch would pay. The result of this parser equals
 * js-yaml's `load()` (default schema) for every input it accepts; test/unit/simple-yaml.test.ts
 * checks that against js-yaml.
 */

interface Line {
  readonly indent: number;
  readonly text: string;
}

/** Thrown inside the parser when the input leaves the subset; never escapes this module. */
class Unsupported extends Error {}

const KEY = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const NULLS = new Set(['~', 'null', 'Null', 'NULL']);
const BOOLEANS = new Map([
  ['true', true],
  ['True', true],
  ['TRUE', true],
  ['false', false],
  ['False', false],
  ['FALSE', false],
]);
// A plain scalar that js-yaml could read as a number (int, float, .inf, .nan): left to js-yaml.
const NUMBER_LIKE = /^[-+]?\.?[0-9]|^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$/;
const INDICATORS = new Set(['?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`']);
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r' };

/**
 * Parses a YAML document in the kubeconfig subset.
 * @returns `{ value }`, or `undefined` when the text is outside the subset (parse it with js-yaml).
 */
export function parseSimpleYaml(text: string): { value: unknown } | undefined {
  try {
    const lines = toLines(text);
    const first = lines[0];
    if (first === undefined) return undefined; // js-yaml rejects an empty document: let it say so
    const [value, next] = parseBlock(lines, 0, first.indent);
    if (next !== lines.length) return undefined;
    return { value };
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

// Characters js-yaml refuses or treats specially (controls, tabs, surrogates, BOM, a lone CR), and the
// Unicode spaces that String#trim strips but YAML does not: with them gone, trim only removes ' '.
const UNUSUAL =
  /[\x00-\x09\x0B\x0C\x0E-\x1F\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]|\r(?!\n)/;

function toLines(text: string): Line[] {
  if (UNUSUAL.test(text)) throw new Unsupported();
  const lines: Line[] = [];
  let started = false; // a `---` or content was seen
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const content = line.trimStart();
    if (content === '' || content.startsWith('#')) continue;
    const indent = line.length - content.length;
    if (indent === 0 && !started && content.trimEnd() === '---') {
      started = true;
      continue;
    }
    if (indent === 0 && (content.startsWith('---') || content.startsWith('...') || content.startsWith('%'))) {
      throw new Unsupported();
    }
    started = true;
    lines.push({ indent, text: content.trimEnd() });
  }
  return lines;
}

function isSequenceItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

/** Parses the node that starts at `lines[index]`, indented by `indent`; returns it and the next index. */
function parseBlock(lines: Line[], index: number, indent: number): [unknown, number] {
  const line = lines[index] as Line;
  return isSequenceItem(line.text) ? parseSequence(lines, index, indent) : parseMapping(lines, index, indent);
}

function parseMapping(lines: Line[], start: number, indent: number): [Record<string, unknown>, number] {
  const result: Record<string, unknown> = {};
  let index = start;
  for (let line = lines[index]; line !== undefined && line.indent === indent; line = lines[index]) {
    if (isSequenceItem(line.text)) throw new Unsupported();
    const colon = line.text.indexOf(':');
    const key = colon === -1 ? '' : line.text.slice(0, colon);
    const rest = colon === -1 ? '' : line.text.slice(colon + 1);
    if (!KEY.test(key) || key === '__proto__' || (rest !== '' && !rest.startsWith(' '))) throw new Unsupported();
    if (Object.hasOwn(result, key)) throw new Unsupported();
    const inline = rest.trim();
    index++;
    if (inline !== '') {
      result[key] = parseScalar(inline);
      continue;
    }
    const next = lines[index];
    if (next !== undefined && next.indent > indent) {
      [result[key], index] = parseBlock(lines, index, next.indent);
    } else if (next !== undefined && next.indent === indent && isSequenceItem(next.text)) {
      // `key:` followed by `- item` at the key's own indentation, as kubectl writes lists.
      [result[key], index] = parseSequence(lines, index, indent);
    } else {
      result[key] = null;
    }
  }
  const after = lines[index];
  if (after !== undefined && after.indent > indent) throw new Unsupported();
  return [result, index];
}

function parseSequence(lines: Line[], start: number, indent: number): [unknown[], number] {
  const result: unknown[] = [];
  let index = start;
  for (let line = lines[index]; line !== undefined && line.indent === indent; line = lines[index]) {
    if (!isSequenceItem(line.text)) break;
    const content = line.text.slice(1).trimStart();
    if (content === '') {
      index++;
      const next = lines[index];
      if (next !== undefined && next.indent > indent) {
        const [item, after] = parseBlock(lines, index, next.indent);
        result.push(item);
        index = after;
      } else result.push(null);
      continue;
    }
    if (isSequenceItem(content)) throw new Unsupported();
    if (/^[^'"\s][^:]*:(?: |$)/.test(content)) {
      // `- key: value`: a mapping whose keys line up with `key`.
      // The lines are this parse's own: the item's line is rewritten in place as the mapping's first line.
      const column = line.indent + (line.text.length - content.length);
      lines[index] = { indent: column, text: content };
      const [mapping, next] = parseMapping(lines, index, column);
      result.push(mapping);
      index = next;
      continue;
    }
    result.push(parseScalar(content));
    index++;
  }
  const after = lines[index];
  if (after !== undefined && after.indent > indent) throw new Unsupported();
  return [result, index];
}

function parseScalar(text: string): unknown {
  if (text === '{}') return {};
  if (text === '[]') return [];
  const first = text[0] as string;
  if (first === '"') return parseDoubleQuoted(text);
  if (first === "'") return parseSingleQuoted(text);
  if (INDICATORS.has(first) || (first === '-' && (text.length === 1 || text[1] === ' '))) throw new Unsupported();
  if (text.includes('#') || text.includes(': ') || text.endsWith(':')) throw new Unsupported();
  if (NULLS.has(text)) return null;
  const boolean = BOOLEANS.get(text);
  if (boolean !== undefined) return boolean;
  if (NUMBER_LIKE.test(text)) throw new Unsupported();
  return text;
}

function parseDoubleQuoted(text: string): string {
  let value = '';
  for (let index = 1; index < text.length; index++) {
    const char = text[index] as string;
    if (char === '"') {
      if (index !== text.length - 1) throw new Unsupported();
      return value;
    }
    if (char !== '\\') {
      value += char;
      continue;
    }
    const escaped = text[++index];
    if (escaped === 'u') {
      const hex = text.slice(index + 1, index + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Unsupported();
      value += String.fromCharCode(Number.parseInt(hex, 16));
      index += 4;
      continue;
    }
    const replacement = escaped === undefined ? undefined : ESCAPES[escaped];
    if (replacement === undefined) throw new Unsupported();
    value += replacement;
  }
  throw new Unsupported(); // not closed on this line
}

function parseSingleQuoted(text: string): string {
  let value = '';
  for (let index = 1; index < text.length; index++) {
    const char = text[index] as string;
    if (char !== "'") {
      value += char;
      continue;
    }
    if (text[index + 1] === "'") {
      value += "'";
      index++;
      continue;
    }
    if (index !== text.length - 1) throw new Unsupported();
    return value;
  }
  throw new Unsupported();
}
