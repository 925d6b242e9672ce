import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONCEALED, SecretMasker } from '../../src/cli/masking/secret-masker';

/** Feeds `chunks` through a masker and returns everything it printed. */
function stream(values: string[], chunks: Array<string | Buffer>): string {
  const masker = new SecretMasker(values);
  const out = chunks.map((chunk) => masker.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
  return Buffer.concat([...out, masker.end()]).toString('utf8');
}

const collapse = (text: string) => text.replaceAll(new RegExp(`(?:${CONCEALED})+`, 'g'), CONCEALED);

describe('SecretMasker', () => {
  it('conceals every occurrence, leaving the rest byte for byte', () => {
    expect(stream(['hunter22'], ['pw=hunter22; again hunter22\n'])).toBe(`pw=${CONCEALED}; again ${CONCEALED}\n`);
  });

  it('conceals a value split across writes, even one byte at a time', () => {
    const text = 'url=postgres://u:s3cr3t@db/app done\n';
    const oneByte = [...Buffer.from(text)].map((byte) => Buffer.from([byte]));
    expect(stream(['postgres://u:s3cr3t@db/app'], oneByte)).toBe(`url=${CONCEALED} done\n`);
  });

  it('conceals a multi-byte UTF-8 value cut inside a character', () => {
    const bytes = Buffer.from('key: Grüße-🚀-geheim!\n');
    const chunks = [bytes.subarray(0, 8), bytes.subarray(8, 17), bytes.subarray(17)];
    expect(stream(['Grüße-🚀-geheim'], chunks)).toBe(`key: ${CONCEALED}!\n`);
  });

  it('prefers the longest value, and shows no part of overlapping ones', () => {
    expect(stream(['secret', 'secret-long'], ['a secret-long b secret c\n'])).toBe(`a ${CONCEALED} b ${CONCEALED} c\n`);
    // `abcd12` and `cd12ef` overlap in `abcd12ef`: neither shows any of its characters.
    expect(collapse(stream(['abcd12', 'cd12ef'], ['x abcd1', '2ef y\n']))).toBe(`x ${CONCEALED} y\n`);
  });

  it('writes a line at once when its end cannot begin a value (no added latency)', () => {
    const masker = new SecretMasker(['s3cr3t-value']);
    expect(masker.write(Buffer.from('line one\n')).toString()).toBe('line one\n');
    // Only the tail that may begin the value waits; the rest is out at once.
    expect(masker.write(Buffer.from('then s3c')).toString()).toBe('then ');
    expect(masker.write(Buffer.from('ond\n')).toString()).toBe('s3cond\n');
  });

  it('holds back the middle of a value that began in bytes already written (found by the property below)', () => {
    // `c\n` is concealed at once; `\n` also begins `\nbc`, so the `b` that follows must wait.
    expect(stream(['c\n', '\nbc'], ['c\n', 'b', 'c'])).toBe(`${CONCEALED}${CONCEALED}`);
    expect(stream(['c\n', '\nbc'], ['c\n', 'b', 'x'])).toBe(`${CONCEALED}bx`);
  });

  it('writes what is held when the stream ends', () => {
    expect(stream(['s3cr3t-value'], ['ends with s3cr3t'])).toBe('ends with s3cr3t');
  });

  it('chunked output equals whole output, for any split (property)', () => {
    const alphabet = fc.constantFrom('a', 'b', 'c', '\n', 'é');
    const word = fc.array(alphabet, { minLength: 1, maxLength: 5 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 4 }),
        fc.array(alphabet, { maxLength: 60 }).map((chars) => chars.join('')),
        fc.array(fc.nat({ max: 80 }), { maxLength: 8 }),
        (values, text, cuts) => {
          const bytes = Buffer.from(text);
          const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...points].map((from, index) => bytes.subarray(from, points[index] ?? bytes.length));
          const whole = stream(values, [bytes]);
          expect(collapse(stream(values, chunks))).toBe(collapse(whole));
          for (const piece of whole.split(CONCEALED)) for (const value of values) expect(piece).not.toContain(value);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
