#!/usr/bin/env -S node --min-semi-space-size=4 --
/**
 * The `kubenv` bin: runs the command line (./main.ts, bundled as dist/cli-main.cjs) through a
 * code cache of its own (./code-cache.ts), and turns on Node's compile cache for the
 * dependencies the command line loads (commander, cosmiconfig...).
 *
 * Built as CommonJS (dist/cli.cjs): Node starts a CommonJS entry without setting up its ES module
 * loader, and the launcher's own code runs on every start.
 *
 * The shebang's node options, then `--`:
 * - `--min-semi-space-size=4` (MiB): V8's young generation starts at 1 MiB, and the startup of a
 *   fetch (Node's TLS and HTTP modules, the code cache) fills it twice: two scavenges, about 2 ms
 *   of a `kubenv print` (`--trace-gc`; bench/sections/cold.mjs). Set at startup only: V8 ignores it
 *   once the heap exists (`v8.setFlagsFromString`).
 * - `--` ends node's own options: node scans every argument before the first `--` for
 *   `--env-file`, so `kubenv print --env-file .env` would otherwise be read (or refused) by node
 *   itself instead of reaching kubenv.
 *
 * The CLI is its own process, so it may cache compiled code (in Node's compile cache directory,
 * as Node's own npm does). The library never does this: it would change the user's process.
 */
import path from 'node:path';
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
  void runCommandLine(path.join(__dirname, 'cli-main.cjs'), process.argv.slice(2), requireWithCompileCache());
}

/**
 * The bundle's `require` (this file's: the bundle is beside it). Node's compile cache is turned on
 * at the first dependency required, not before: a `print` with the common flags loads none, and
 * node:module (which turning it on needs) costs a cold start its load.
 */
function requireWithCompileCache(): NodeJS.Require {
  let compileCacheOn = false;
  return Object.assign((id: string) => {
    if (!compileCacheOn && !id.startsWith('node:')) {
      compileCacheOn = true;
      process.getBuiltinModule('node:module').enableCompileCache?.();
    }
    return require(id) as unknown;
  }, require);
}
