/**
 * Label selectors parsed and matched as k8s.io/apimachinery/pkg/labels does, with its error
 * messages word for word (kubectl shows them behind "Unable to find ... that match label selector").
 */
import { SelectorParseError } from './parse-error';
import { aggregate, invalid, labelValueErrors, qualifiedNameErrors, quote } from './validation';

type Operator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

/** One parsed requirement of a label selector. */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: Operator;
  readonly values: readonly string[];
}

/** A parsed label selector; an empty one matches everything. */
export interface LabelSelectorMatcher {
  readonly requirements: readonly LabelRequirement[];
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
}

// ---- lexer ------------------------------------------------------------------------------

type TokenKind = 'end' | ')' | ',' | '!' | '==' | '=' | '>' | 'identifier' | 'in' | '<' | '!=' | 'notin' | '(';

interface Token {
  readonly kind: TokenKind;
  readonly literal: string;
}

const symbolTokens: Readonly<Record<string, TokenKind>> = {
  ')': ')',
  ',': ',',
  '!': '!',
  '==': '==',
  '=': '=',
  '>': '>',
  '<': '<',
  '!=': '!=',
  '(': '(',
};
const isWhitespace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string): boolean => '=!(),><'.includes(ch);

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  for (;;) {
    while (position < input.length && isWhitespace(input[position] ?? '')) position++;
    if (position >= input.length) {
      tokens.push({ kind: 'end', literal: '' });
      return tokens;
    }
    const ch = input[position] ?? '';
    if (isSpecial(ch)) {
      // Longest operator made of special symbols ("!=", "=="), one symbol otherwise.
      let best: Token | undefined;
      let end = position;
      let buffer = '';
      while (end < input.length && isSpecial(input[end] ?? '')) {
        buffer += input[end];
        const kind = symbolTokens[buffer];
        if (kind !== undefined) best = { kind, literal: buffer };
        else if (best !== undefined) break;
        end++;
      }
      const token = best ?? { kind: 'identifier', literal: buffer };
      tokens.push(token);
      position += token.literal.length;
      continue;
    }
    let end = position;
    while (end < input.length && !isSpecial(input[end] ?? '') && !isWhitespace(input[end] ?? '')) end++;
    const literal = input.slice(position, end);
    tokens.push({ kind: literal === 'in' ? 'in' : literal === 'notin' ? 'notin' : 'identifier', literal });
    position = end;
  }
}

// ---- parser -----------------------------------------------------------------------------

const binaryOperators = 'in, notin, =, ==, !=, gt, lt';

class Parser {
  #tokens: Token[];
  #position = 0;
  constructor(input: string) {
    this.#tokens = lex(input);
  }

  // In value context the keywords `in`/`notin` are plain identifiers.
  #peek(values: boolean): Token {
    const token = this.#tokens[this.#position] ?? { kind: 'end', literal: '' };
    return values && (token.kind === 'in' || token.kind === 'notin')
      ? { kind: 'identifier', literal: token.literal }
      : token;
  }
  #next(values: boolean): Token {
    const token = this.#peek(values);
    this.#position++;
    return token;
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const token = this.#peek(true);
      if (token.kind === 'identifier' || token.kind === '!') {
        requirements.push(this.#requirement());
        const after = this.#next(true);
        if (after.kind === 'end') return requirements;
        if (after.kind === ',') {
          const following = this.#peek(true);
          if (following.kind !== 'identifier' && following.kind !== '!') {
            throw new SelectorParseError(`found '${following.literal}', expected: identifier after ','`);
          }
          continue;
        }
        throw new SelectorParseError(`found '${after.literal}', expected: ',' or 'end of string'`);
      }
      if (token.kind === 'end') return requirements;
      throw new SelectorParseError(`found '${token.literal}', expected: !, identifier, or 'end of string'`);
    }
  }

  #requirement(): LabelRequirement {
    try {
      let token = this.#next(true);
      let negated = false;
      if (token.kind === '!') {
        negated = true;
        token = this.#next(true);
      }
      if (token.kind !== 'identifier') throw new SelectorParseError(`found '${token.literal}', expected: identifier`);
      const key = token.literal;
      const keyErrors = qualifiedNameErrors(key);
      if (keyErrors.length > 0) throw new SelectorParseError(invalid('<nil>', quote(key), keyErrors.join('; ')));
      const lookahead = this.#peek(true).kind;
      if (negated || lookahead === 'end' || lookahead === ',') {
        return this.#validated(key, negated ? '!' : 'exists', []);
      }
      const operatorToken = this.#next(false);
      const operator = operatorFor(operatorToken.kind);
      if (operator === undefined) {
        throw new SelectorParseError(`found '${operatorToken.literal}', expected: ${binaryOperators}`);
      }
      const values = operator === 'in' || operator === 'notin' ? this.#valueSet() : this.#exactValue();
      return this.#validated(key, operator, values);
    } catch (error) {
      if (error instanceof SelectorParseError) {
        throw new SelectorParseError(`unable to parse requirement: ${error.message}`);
      }
      throw error;
    }
  }

  #valueSet(): string[] {
    const open = this.#next(true);
    if (open.kind !== '(') throw new SelectorParseError(`found '${open.literal}' expected: '('`);
    const first = this.#peek(true);
    if (first.kind === ')') {
      this.#next(true);
      return [''];
    }
    if (first.kind !== 'identifier' && first.kind !== ',') {
      throw new SelectorParseError(`found '${first.literal}', expected: ',', ')' or identifier`);
    }
    const values = new Set<string>();
    for (;;) {
      const token = this.#next(true);
      if (token.kind === 'identifier') {
        values.add(token.literal);
        const after = this.#peek(true);
        if (after.kind === ',') continue;
        if (after.kind === ')') break;
        throw new SelectorParseError(`found '${after.literal}', expected: ',' or ')'`);
      }
      if (token.kind === ',') {
        if (values.size === 0) values.add('');
        const after = this.#peek(true);
        if (after.kind === ')') {
          values.add('');
          break;
        }
        if (after.kind === ',') {
          this.#next(true);
          values.add('');
        }
        continue;
      }
      throw new SelectorParseError(`found '${token.literal}', expected: ',', or identifier`);
    }
    const close = this.#next(true);
    if (close.kind !== ')') throw new SelectorParseError(`found '${first.literal}', expected: ')'`);
    return [...values].sort();
  }

  #exactValue(): string[] {
    const token = this.#peek(true);
    if (token.kind === 'end' || token.kind === ',') return [''];
    this.#next(true);
    if (token.kind === 'identifier') return [token.literal];
    throw new SelectorParseError(`found '${token.literal}', expected: identifier`);
  }

  #validated(key: string, operator: Operator, values: readonly string[]): LabelRequirement {
    const errors: string[] = [];
    const keyErrors = qualifiedNameErrors(key);
    if (keyErrors.length > 0) errors.push(invalid('key', quote(key), keyErrors.join('; ')));
    if ((operator === 'gt' || operator === 'lt') && values.length === 1) {
      if (!/^[+-]?\d+$/.test(values[0] ?? '')) {
        errors.push(
          invalid('values[0]', quote(values[0] ?? ''), "for 'Gt', 'Lt' operators, the value must be an integer"),
        );
      }
    }
    for (const [index, value] of values.entries()) {
      const valueErrors = labelValueErrors(value);
      if (valueErrors.length > 0)
        errors.push(invalid(`values[${index}][${key}]`, quote(value), valueErrors.join('; ')));
    }
    const message = aggregate(errors);
    if (message !== undefined) throw new SelectorParseError(message);
    return { key, operator, values };
  }
}

function operatorFor(kind: TokenKind): Operator | undefined {
  switch (kind) {
    case 'in':
      return 'in';
    case 'notin':
      return 'notin';
    case '=':
      return '=';
    case '==':
      return '==';
    case '!=':
      return '!=';
    case '>':
      return 'gt';
    case '<':
      return 'lt';
    default:
      return undefined;
  }
}

function requirementMatches(
  requirement: LabelRequirement,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  const has = labels !== undefined && Object.hasOwn(labels, requirement.key);
  const value = has ? labels[requirement.key] : undefined;
  switch (requirement.operator) {
    case 'in':
    case '=':
    case '==':
      return has && requirement.values.includes(value ?? '');
    case 'notin':
    case '!=':
      return !has || !requirement.values.includes(value ?? '');
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^[+-]?\d+$/.test(value ?? '')) return false;
      const actual = BigInt(value ?? '0');
      const bound = BigInt(requirement.values[0] ?? '0');
      return requirement.operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}

/**
 * Parses a `labelSelector` query value (`app=web,tier in (a,b),!canary`).
 * @throws SelectorParseError with the API server's message when the selector is not valid.
 */
export function parseLabelSelector(selector: string): LabelSelectorMatcher {
  const requirements = new Parser(selector).parse();
  return {
    requirements,
    matches: (labels) => requirements.every((requirement) => requirementMatches(requirement, labels)),
  };
}
