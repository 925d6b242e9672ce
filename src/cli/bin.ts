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
import { enableCompileCache } from 'node:module';
import { fileURLToPath } from 'node:url';
import { runCommandLine } from './code-cache';

enableCompileCache?.();
await runCommandLine(fileURLToPath(new URL('./cli-main.cjs', import.meta.url)), process.argv.slice(2));
