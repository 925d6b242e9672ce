#!/usr/bin/env -S node --
/**
 * The `kubenv` bin: turns on Node's compile cache, then loads the command line (./main.ts).
 *
 * The shebang ends node's own options with `--`: node scans every argument before the first
 * `--` for `--env-file`, so `kubenv print --env-file .env` would otherwise be read (or refused)
 * by node itself instead of reaching kubenv.
 *
 * The CLI is its own process, so it may cache compiled code (in the OS temp dir, as Node's own
 * npm does). Static imports are evaluated before any line of a module runs, so this file imports
 * nothing else statically: everything the CLI loads comes after the cache is on.
 * The library never does this: it would change the user's process.
 */
import { enableCompileCache } from 'node:module';

enableCompileCache?.();
await import('./main');
