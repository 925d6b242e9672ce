/**
 * The README's runnable snippets, run as written against the simulated cluster that
 * `npm run cluster` starts (the demo fixtures, context namespace `shop`). A snippet is marked by
 * the comment on the line before its fence:
 *
 *   <!-- readme-test: write DIR/FILE -->   the snippet is saved as DIR/FILE (a config file)
 *   <!-- readme-test: run DIR/FILE -->     saved, then run: `node FILE` (.mjs, .mts), `bash -e FILE` (.sh)
 *
 * In a run snippet, `// prints: text` (`# prints: text` in shell) after a line says what that line
 * writes to stdout, and the test checks that stdout holds it.
 *
 * Snippets with the same DIR share one project directory, in README order; `kubenv` resolves
 * there to the built package (as after an install) and `npx kubenv` to its bin, `@playwright/test`
 * and `npx playwright` to the repository's.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFixtures, type SimulatedCluster, startSimulatedCluster } from '../../src/testing/index';
import { run } from '../support/spawn';

const ROOT = path.resolve('.');
const WORK = mkdtempSync(path.join(os.tmpdir(), 'kubenv-readme-'));

interface Snippet {
  readonly action: 'write' | 'run';
  readonly dir: string;
  readonly file: string;
  readonly code: string;
  readonly line: number;
}

/** The marked snippets of a Markdown text, in order. */
function markedSnippets(markdown: string): Snippet[] {
  const marker = /<!-- readme-test: (write|run) ([\w.-]+)\/([\w.-]+) -->\n```\w*\n([\s\S]*?)\n```/g;
  return [...markdown.matchAll(marker)].map((match) => ({
    action: match[1] as 'write' | 'run',
    dir: match[2] as string,
    file: match[3] as string,
    code: `${match[4]}\n`,
    line: markdown.slice(0, match.index).split('\n').length,
  }));
}

const snippets = markedSnippets(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
let cluster: SimulatedCluster;

beforeAll(async () => {
  cluster = await startSimulatedCluster({ fixtures: demoFixtures(), namespace: 'shop' });
  for (const dir of new Set(snippets.map((snippet) => snippet.dir))) {
    const bin = path.join(WORK, dir, 'node_modules', '.bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(WORK, dir, 'package.json'), JSON.stringify({ name: dir, private: true, type: 'module' }));
    symlinkSync(ROOT, path.join(WORK, dir, 'node_modules', 'kubenv'), 'dir');
    symlinkSync(path.join(ROOT, 'dist', 'cli.cjs'), path.join(bin, 'kubenv'));
    mkdirSync(path.join(WORK, dir, 'node_modules', '@playwright'));
    symlinkSync(
      path.join(ROOT, 'node_modules', '@playwright', 'test'),
      path.join(WORK, dir, 'node_modules', '@playwright', 'test'),
      'dir',
    );
    symlinkSync(path.join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js'), path.join(bin, 'playwright'));
  }
});

afterAll(async () => {
  await cluster?.stop();
  rmSync(WORK, { recursive: true, force: true });
});

describe('README snippets run as written against the simulated cluster', () => {
  it('marks the Quick start snippets', () => {
    expect(snippets.filter((snippet) => snippet.dir === 'quick-start').map((snippet) => snippet.file)).toEqual([
      'quick-start.mjs',
      'cli.sh',
    ]);
  });

  for (const snippet of snippets) {
    it(`${snippet.action} ${snippet.dir}/${snippet.file} (README.md line ${snippet.line})`, async () => {
      const cwd = path.join(WORK, snippet.dir);
      writeFileSync(path.join(cwd, snippet.file), snippet.code, { mode: 0o755 });
      if (snippet.action === 'write') return;
      const command = snippet.file.endsWith('.sh') ? ['bash', '-e', snippet.file] : [process.execPath, snippet.file];
      const result = await run(command[0] as string, command.slice(1), {
        cwd,
        env: {
          // What a user's shell has after `export KUBECONFIG=...`: no MIRRORD_* or KUBENV_* from ours.
          PATH: `${path.join(cwd, 'node_modules', '.bin')}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}${process.env['PATH'] ?? ''}`,
          HOME: cwd,
          npm_config_cache: path.join(os.homedir(), '.npm'),
          KUBECONFIG: cluster.kubeconfigPath,
        },
      });
      expect(result.stderr).not.toMatch(/kubenv: error|Error:/);
      expect(result.code).toBe(0);
      // A `// prints: text` (`# prints: text`) comment says what its line writes to stdout.
      const printed = [...snippet.code.matchAll(/(?:\/\/|#) prints: (.+)$/gm)].map((match) => match[1] as string);
      for (const expected of printed) expect(result.stdout).toContain(expected);
    });
  }
});
