import { execFileSync } from 'node:child_process';
import {
  createReadStream,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeOutput } from '../../src/cli/write-output';

const dir = () => mkdtempSync(path.join(os.tmpdir(), 'kubenv-output-'));

describe('kubenv print -o: what happens to the path', () => {
  it('replaces a regular file atomically with mode 0600', async () => {
    const file = path.join(dir(), '.env');
    writeFileSync(file, 'OLD=1\n', { mode: 0o644 });
    await writeOutput(file, 'A=1\n');
    expect(readFileSync(file, 'utf8')).toBe('A=1\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('writes into a FIFO instead of replacing it with a regular file', async () => {
    const fifo = path.join(dir(), 'pipe');
    execFileSync('mkfifo', [fifo]);
    const received = new Promise<string>((resolve) => {
      let text = '';
      createReadStream(fifo, 'utf8')
        .on('data', (chunk) => {
          text += chunk;
        })
        .on('end', () => resolve(text));
    });
    await writeOutput(fifo, 'SECRET=1\n');
    expect(await received).toBe('SECRET=1\n');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('follows a symlink, as a shell does: the target is replaced, the link stays', async () => {
    const base = dir();
    const real = path.join(base, 'real.env');
    writeFileSync(real, 'OLD=1\n');
    const link = path.join(base, 'link.env');
    symlinkSync(real, link);
    await writeOutput(link, 'A=1\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(real);
    expect(readFileSync(real, 'utf8')).toBe('A=1\n');
    expect(statSync(real).mode & 0o777).toBe(0o600);
  });

  it('creates the target of a dangling symlink with mode 0600', async () => {
    const base = dir();
    const real = path.join(base, 'created.env');
    const link = path.join(base, 'link.env');
    symlinkSync(real, link);
    await writeOutput(link, 'A=1\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('A=1\n');
    expect(statSync(real).mode & 0o777).toBe(0o600);
  });

  it('refuses a directory with a ConfigError naming the path', async () => {
    const base = dir();
    await expect(writeOutput(base, 'A=1\n')).rejects.toMatchObject({
      code: 'CONFIG',
      message: expect.stringContaining(base),
    });
  });
});
