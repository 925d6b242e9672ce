/**
 * Global setup of the test projects: one temporary folder per run, removed when the run ends.
 * TMPDIR points into it before the workers start, so every `mkdtempSync(os.tmpdir())` of a test,
 * and of the processes the tests start with the inherited environment, lands there and goes with
 * it: a run leaves nothing in the machine's temporary folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(path.join(os.tmpdir(), 'kubenv-test-run-'));
  process.env['TMPDIR'] = root;
  return () => rmSync(root, { recursive: true, force: true });
}
