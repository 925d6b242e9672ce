/**
 * `mapping` keys in Rust's regex syntax, as mirrord reads them: translated where JavaScript can
 * say the same, refused with the construct named where it cannot. mirrord's own mapper test
 * (mirrord/config/src/feature/env/mapper.rs@8320eb8, `simple_mapping`) runs as data.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors';
import { compileMappingPattern } from '../../src/pipeline/mapping';
import { runEnvPipeline } from '../../src/pipeline/pipeline';
import { importFresh } from '../support/fresh-import';

describe("mirrord's mapper test (simple_mapping)", () => {
  it('maps the same names to the same values, the POSIX class included', async () => {
    const legendary = 'Legendary';
    const envVars = {
      Lech: legendary,
      Krakus_I: legendary,
      Leszko_I: legendary,
      Leszko_II: legendary,
      Leszko_III: legendary,
      Popiel_II: legendary,
      Piast_the_Wheelwright: legendary,
    };
    const mapping: ReadonlyArray<readonly [string, string]> = [
      ['Lec.+', 'Legendary founder of the great Polish nation'],
      ['Krak.+', 'Legendary founder of Krakow'],
      ['.+zko_I$', 'Defeated the Hungarians'],
      ['.+zko_II.*', 'Succession'],
      ['([[:alpha:]]|_+)+(Wheel.+)', 'Legendary founder of the Piast dinasty'],
    ];
    expect((await runEnvPipeline(envVars, {}, { mapping })).remote).toEqual({
      Lech: 'Legendary founder of the great Polish nation',
      Krakus_I: 'Legendary founder of Krakow',
      Leszko_I: 'Defeated the Hungarians',
      Leszko_II: 'Succession',
      Leszko_III: 'Succession',
      Popiel_II: legendary,
      Piast_the_Wheelwright: 'Legendary founder of the Piast dinasty',
    });
  });
});

describe('Rust syntax translated', () => {
  it.each([
    ['(?i)timeout', 'HTTP_TIMEOUT', true],
    ['(?i)^log_', 'LOG_LEVEL', true],
    ['^[[:upper:]_]+$', 'DB_URL', true],
    ['^[[:upper:]_]+$', 'db_url', false],
    ['^[[:digit:][:upper:]]+$', 'A1', true],
    ['^[^[:digit:]]+$', 'A1', false],
    ['\\AAPI_', 'API_KEY', true],
    ['_KEY\\z', 'API_KEY', true],
    ['_KEY\\z', 'API_KEY_2', false],
    ['^(?P<svc>[A-Z]+)_(?P=svc)$', 'DB_DB', true],
    ['^SHA_\\h+$', 'SHA_beef42', true],
    ['^SHA_\\h+$', 'SHA_xyz', false],
    ['^[]A]+$', ']A', true],
    ['^X\\x{41}$', 'XA', true],
  ])('%s on %s: %s', (pattern, name, matches) => {
    expect(compileMappingPattern(pattern).test(name)).toBe(matches);
  });
});

describe('Rust syntax JavaScript cannot express: refused, naming the construct', () => {
  it.each([
    ['(?x) A B', 'inline flags `(?x)'],
    ['A(?i)B', 'inline flags `(?i)'],
    ['(?i:a)b', 'inline flags `(?i:'],
    ['\\p{Greek}', 'Unicode class `\\p{Greek}`'],
    ['\\pL', 'Unicode class `\\pL`'],
    ['[a-z&&[^aeiou]]', 'class set operation `&&`'],
    ['[a-z[0-9]]', 'nested character class'],
    ['[[:^alpha:]]', 'negated class `[:^alpha:]`'],
    ['[[:nope:]]', 'the class `[:nope:]`'],
    ['[[:constructor:]]', 'the class `[:constructor:]`'],
    ['(?>a+)b', 'atomic group'],
    ['\\b{start}x', 'word boundary'],
    ['\\<API', 'the word boundary `\\<`'],
    ['KEY\\>', 'the word boundary `\\>`'],
    ['^A{,2}$', 'the repetition `{,2}`'],
    ['^A{,}$', 'the repetition `{,}`'],
  ])('%s', (pattern, construct) => {
    let error: unknown;
    try {
      compileMappingPattern(pattern);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(JSON.stringify(pattern));
    expect(String((error as ConfigError).found)).toContain(construct);
  });
});

// The regex crate's ASCII classes as its docs write them (docs.rs/regex, "ASCII character classes").
const DOCUMENTED_ASCII_CLASSES: Readonly<Record<string, RegExp>> = {
  alnum: /[0-9A-Za-z]/,
  alpha: /[A-Za-z]/,
  ascii: /[\x00-\x7F]/,
  blank: /[\t ]/,
  cntrl: /[\x00-\x1F\x7F]/,
  digit: /[0-9]/,
  graph: /[!-~]/,
  lower: /[a-z]/,
  print: /[ -~]/,
  punct: /[!-/:-@[-`{-~]/,
  space: /[\t\n\v\f\r ]/,
  upper: /[A-Z]/,
  word: /[0-9A-Za-z_]/,
  xdigit: /[0-9A-Fa-f]/,
};
const CHARACTERS = Array.from({ length: 0x100 }, (_, code) => String.fromCharCode(code));

// Loaded anew in each test: the translation tables are built when the module loads
// (test/support/fresh-import.ts).
describe('classes and escapes, as a freshly loaded kubenv reads them', () => {
  it('each [[:name:]] matches exactly the characters the regex crate documents for it', async () => {
    const fresh = await importFresh(() => import('../../src/pipeline/mapping'));
    for (const [name, documented] of Object.entries(DOCUMENTED_ASCII_CLASSES)) {
      const translated = fresh.compileMappingPattern(`^[[:${name}:]]$`);
      expect(
        CHARACTERS.filter((char) => translated.test(char)),
        name,
      ).toEqual(CHARACTERS.filter((char) => documented.test(char)));
    }
  });

  it('\\h is a hex digit, alone and inside a class', async () => {
    const fresh = await importFresh(() => import('../../src/pipeline/mapping'));
    const hex = CHARACTERS.filter((char) => DOCUMENTED_ASCII_CLASSES['xdigit']!.test(char));
    expect(CHARACTERS.filter((char) => fresh.compileMappingPattern('^\\h$').test(char))).toEqual(hex);
    expect(CHARACTERS.filter((char) => fresh.compileMappingPattern('^[\\h]$').test(char))).toEqual(hex);
  });

  it('escapes both syntaxes share pass, a letter escape Rust lacks is refused', async () => {
    const fresh = await importFresh(() => import('../../src/pipeline/mapping'));
    expect(fresh.compileMappingPattern('^\\d\\.\\w$').test('1.x')).toBe(true);
    expect(() => fresh.compileMappingPattern('\\e')).toThrow(expect.objectContaining({ found: 'the escape `\\e`' }));
  });
});
