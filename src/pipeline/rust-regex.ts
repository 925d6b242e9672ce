/**
 * mirrord's `mapping` keys are Rust regular expressions (`fancy_regex`, over the `regex` crate's
 * syntax: mirrord/config/src/feature/env/mapper.rs@8320eb8). Most of that syntax means the same
 * in JavaScript; the parts that do not are translated here, and the parts JavaScript cannot
 * express are refused with the construct named, never read with another meaning (in JavaScript
 * `[[:alpha:]]` is a class of `[:alph` followed by `]`).
 */

/** A Rust construct that has no JavaScript equivalent here. */
export class UnsupportedRegexConstruct extends Error {
  constructor(readonly construct: string) {
    super(`${construct} has no JavaScript equivalent`);
  }
}

// ASCII classes of the regex crate (docs.rs/regex, "ASCII character classes").
const POSIX: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};
const HEX = '0-9A-Fa-f';
// Escapes that mean the same in both (classes, assertions, controls, hex) and punctuation.
const SAME_ESCAPE = /^[dDwWsSbBntrfv0-9]$|^[^A-Za-z0-9]$/;

/**
 * The JavaScript source and flags of a Rust pattern.
 * @throws {@link UnsupportedRegexConstruct} naming a construct JavaScript cannot express.
 */
export function translateRustRegex(pattern: string): { source: string; flags: string } {
  const leading = /^\(\?([imsu]+)\)/.exec(pattern);
  const flags = leading ? [...new Set(leading[1]!.replace(/u/g, ''))].join('') : '';
  const body = leading ? pattern.slice(leading[0].length) : pattern;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (char === '\\') {
      const [text, length] = escapeSequence(body, i, false);
      out += text;
      i += length - 1;
    } else if (char === '[') {
      const [text, length] = characterClass(body, i);
      out += text;
      i += length - 1;
    } else if (char === '{') {
      // fancy_regex repeats `x{,2}` 0 to 2 times and `x{,}` any number of times
      // (fancy-regex/fancy-regex, src/parse.rs, `parse_repeat`); JavaScript reads both as text.
      const noLowerBound = /^\{,\d*\}/.exec(body.slice(i))?.[0];
      if (noLowerBound) throw new UnsupportedRegexConstruct(`the repetition \`${noLowerBound}\` (write the 0)`);
      out += char;
    } else if (char === '(' && body[i + 1] === '?') {
      const [text, length] = group(body, i);
      out += text;
      i += length - 1;
    } else out += char;
  }
  return { source: out, flags };
}

/** An escape at `i`: its JavaScript text and how many characters it took. */
function escapeSequence(body: string, i: number, inClass: boolean): [string, number] {
  const next = body[i + 1];
  if (next === undefined) return ['\\', 1];
  if (next === 'A' && !inClass) return ['(?<![\\s\\S])', 2];
  if (next === 'z' && !inClass) return ['(?![\\s\\S])', 2];
  if (next === 'h') return [inClass ? HEX : `[${HEX}]`, 2];
  if (next === 'H' && !inClass) return [`[^${HEX}]`, 2];
  if (next === 'x') {
    const braced = /^\\x\{([0-9A-Fa-f]{1,4})\}/.exec(body.slice(i));
    if (braced) return [`\\u${braced[1]!.padStart(4, '0')}`, braced[0].length];
    if (/^\\x[0-9A-Fa-f]{2}/.test(body.slice(i))) return [body.slice(i, i + 4), 4];
    throw new UnsupportedRegexConstruct(`the escape \`${body.slice(i, i + 4)}\``);
  }
  if (next === 'p' || next === 'P') {
    const name = /^\\[pP](\{[^}]*\}|.)/.exec(body.slice(i))?.[0] ?? `\\${next}`;
    throw new UnsupportedRegexConstruct(`the Unicode class \`${name}\``);
  }
  if (next === 'b' && body[i + 2] === '{') throw new UnsupportedRegexConstruct('the word boundary `\\b{...}`');
  if (next === 'k' && body[i + 2] === '<' && !inClass) return ['\\k', 2];
  // Start and end of a word in fancy_regex (fancy-regex/fancy-regex, src/parse.rs, `parse_escape`),
  // a literal `<` or `>` in JavaScript.
  if ((next === '<' || next === '>') && !inClass)
    throw new UnsupportedRegexConstruct(`the word boundary \`\\${next}\``);
  if (SAME_ESCAPE.test(next) && !(inClass && /[bB0-9]/.test(next))) return [`\\${next}`, 2];
  throw new UnsupportedRegexConstruct(`the escape \`\\${next}\``);
}

/** `(?...` at `i`: named groups, lookaround and non-capturing groups pass; flags elsewhere do not. */
function group(body: string, i: number): [string, number] {
  const rest = body.slice(i);
  const named = /^\(\?P?<([A-Za-z_]\w*)>/.exec(rest);
  if (named) return [`(?<${named[1]}>`, named[0].length];
  const backref = /^\(\?P=([A-Za-z_]\w*)\)/.exec(rest);
  if (backref) return [`\\k<${backref[1]}>`, backref[0].length];
  if (/^\(\?(?::|=|!|<=|<!)/.test(rest)) return ['(?', 2];
  if (rest.startsWith('(?>')) throw new UnsupportedRegexConstruct('the atomic group `(?>...)`');
  const flags = /^\(\?[-imsxuUR]+[:)]/.exec(rest)?.[0] ?? rest.slice(0, 4);
  throw new UnsupportedRegexConstruct(
    `the inline flags \`${flags}\` (only a leading \`(?i)\`, \`(?m)\`, \`(?s)\` or a mix of them translates)`,
  );
}

/** A bracket class at `i`: POSIX classes translated; nesting and set operations refused. */
function characterClass(body: string, i: number): [string, number] {
  let out = '[';
  let j = i + 1;
  if (body[j] === '^') {
    out += '^';
    j++;
  }
  // A `]` first in a Rust class is a literal; in JavaScript `[]` is an empty class.
  if (body[j] === ']') {
    out += '\\]';
    j++;
  }
  for (; j < body.length; j++) {
    const char = body[j]!;
    if (char === ']') return [`${out}]`, j - i + 1];
    if (char === '\\') {
      const [text, length] = escapeSequence(body, j, true);
      out += text;
      j += length - 1;
      continue;
    }
    if (char === '[') {
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(body.slice(j));
      if (!posix) throw new UnsupportedRegexConstruct('a nested character class `[...[...]]`');
      // Own keys only: `[[:constructor:]]` is no class (Object.prototype has that key).
      const ascii = Object.hasOwn(POSIX, posix[2]!) ? POSIX[posix[2]!] : undefined;
      if (ascii === undefined) throw new UnsupportedRegexConstruct(`the class \`${posix[0]}\``);
      if (posix[1]) throw new UnsupportedRegexConstruct(`the negated class \`${posix[0]}\` inside a set`);
      out += ascii;
      j += posix[0].length - 1;
      continue;
    }
    const pair = body.slice(j, j + 2);
    if (pair === '&&' || pair === '--' || pair === '~~') {
      throw new UnsupportedRegexConstruct(`the class set operation \`${pair}\``);
    }
    out += char;
  }
  return [out, body.length - i];
}
