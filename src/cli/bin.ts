#!/usr/bin/env -S node --
/**
 * The `kubenv` bin: runs the command line (./main.ts, bundled as dist/cli-main.cjs) through a
 * code cache of its own (./code-cache.ts), and turns on Node's compile cache for the
 * dependencies the command line loads (commander, cosmiconfig...).
 *
 * The shebang ends node's own options with `--`: node scans every argument before the first
 * `--` for `--env-file`, so `kubenv print --env-file .env` would otherwise be read (or refused)
 * by node itself instead of reaching kubenv.
 *
 * The CLI is its own process, so it may cache compiled code (in Node's compile cache directory,
 * as Node's own npm does). The library never does this: it would change the user's process.
 */
// A namespace import: a named import Node lacks fails before any line runs, so an older Node
// would print a SyntaxError instead of the message below.
import * as nodeModule from 'node:module';
import { fileURLToPath } from 'node:url';
import { runCommandLine } from './code-cache';

// The oldest Node kubenv supports (package.json `engines`): require(esm) without a warning, and
// the APIs the command line uses.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  process.stderr.write(
    `kubenv: error: kubenv needs Node.js 22.19 or newer; this is ${process.version} (${process.execPath}).\nhint: Install a newer Node.js (nodejs.org, or a version manager such as nvm or fnm) and run kubenv with it.\n`,
  );
  process.exitCode = 1;
} else {
  nodeModule.enableCompileCache?.();
  await runCommandLine(fileURLToPath(new URL('./cli-main.cjs', import.meta.url)), process.argv.slice(2));
}
