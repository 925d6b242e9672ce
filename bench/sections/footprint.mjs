// What `npm i kubenv` costs a project: the packed package installed into an empty project with
// npm's defaults (optional peers such as @kubernetes/client-node, jest and vitest not installed),
// counted as packages and bytes on disk under node_modules.
import { execFile } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Bytes of the files under `dir` (symlinks, such as .bin entries, not followed). */
function bytesUnder(dir) {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) bytes += bytesUnder(full);
    else if (entry.isFile()) bytes += lstatSync(full).size;
  }
  return bytes;
}

export async function measureFootprint(context) {
  context.progress('install footprint: npm pack, then npm install into an empty project');
  const work = mkdtempSync(path.join(tmpdir(), 'kubenv-bench-footprint-'));
  try {
    const packed = await run('npm', ['pack', '--silent', '--pack-destination', work], { cwd: context.repoDir });
    const tarball = path.join(work, packed.stdout.trim().split('\n').at(-1));
    const project = path.join(work, 'project');
    mkdirSync(project);
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'footprint', private: true }));
    await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', tarball], {
      cwd: project,
      env: { ...process.env, npm_config_loglevel: 'error' },
    });
    const listed = await run('npm', ['ls', '--all', '--parseable'], { cwd: project, maxBuffer: 16 * 1024 * 1024 });
    // One line per installed package, plus the project itself.
    const packages = new Set(listed.stdout.trim().split('\n').slice(1)).size;
    const bytes = bytesUnder(path.join(project, 'node_modules'));
    return { packages, mib: bytes / 1024 / 1024, tarballKib: lstatSync(tarball).size / 1024 };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
