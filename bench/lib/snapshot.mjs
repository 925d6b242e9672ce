// A private copy of a built package: the bench keeps measuring the same files even when someone
// rebuilds dist/ meanwhile, and a second build (--baseline) can be measured side by side.
// Layout: <tmp>/package.json, dist/, probes/ and node_modules -> the repo's node_modules, so the
// probes import the package by its name ('kubenv', a self-reference) exactly as a user does.
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = path.join(benchDir, '..');

/**
 * Copies a dist/ directory into a fresh package directory.
 * @returns {{ label: string, dir: string, dist: string, probe(name: string): string, remove(): void }}
 */
export function snapshotPackage(label, distDir) {
  const source = path.resolve(distDir);
  if (!existsSync(path.join(source, 'index.js')) || !existsSync(path.join(source, 'testing.js'))) {
    throw new Error(`${source} is not a kubenv build (no index.js/testing.js): run \`npm run build\` first.`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), `kubenv-bench-${label}-`));
  cpSync(path.join(repoDir, 'package.json'), path.join(dir, 'package.json'));
  cpSync(source, path.join(dir, 'dist'), { recursive: true });
  cpSync(path.join(benchDir, 'probes'), path.join(dir, 'probes'), { recursive: true });
  symlinkSync(path.join(repoDir, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return {
    label,
    dir,
    dist: path.join(dir, 'dist'),
    probe: (name) => path.join(dir, 'probes', name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
