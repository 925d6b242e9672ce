/**
 * What the CLI prints for an error must not act on the terminal: control characters in an error
 * or in its causes (from Node, parsers, a server) are escaped, with and without --debug.
 */
import { describe, expect, it } from 'vitest';
import { reportError } from '../../src/cli/report-error';
import { ConfigError } from '../../src/errors';

function printed(error: unknown, debug: boolean): string {
  let text = '';
  reportError(error, { debug, write: (chunk) => (text += chunk) });
  return text;
}

const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/;

describe('reportError escapes control characters', () => {
  it('in an error that is not ours', () => {
    const text = printed(new Error('boom \x1b[2J\x1b]0;title\x07'), false);
    expect(text).not.toMatch(RAW);
    expect(text).toContain('\\x1b[2J');
  });

  it('in the cause chain shown by --debug', () => {
    const error = new ConfigError('bad \x1b[31mred', { cause: new Error('inner \u202egnp.exe') });
    const text = printed(error, true);
    expect(text).not.toMatch(RAW);
    expect(text).toContain('caused by: Error: inner \\u202egnp.exe');
  });
});
