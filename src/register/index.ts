/**
 * `kubenv/register`: `node --import kubenv/register app.js` puts the remote environment into
 * `process.env` before the app's first line runs, as `node -r dotenv/config` does for a `.env`
 * file. Node evaluates an `--import` module, top-level await included, before the entry point
 * (https://nodejs.org/api/cli.html#--importmodule), and `node --test` passes it on to each test
 * file's process.
 *
 * Options come from the config file (searched from the working directory) and the `MIRRORD_*` /
 * `KUBENV_*` variables, as for `kubenv/vitest`. Nothing is printed on success. A failure prints
 * the error line and its hint to stderr and exits 1 before the app starts: an app that expected
 * the remote env must not run half-configured. The env is never restored: it lives as long as
 * the process.
 */
import { applyRemoteEnv } from '../apply/apply';
import { isKubenvError } from '../errors';
import { escapeControlCharacters } from '../errors/kubenv-error';

try {
  await applyRemoteEnv();
} catch (error) {
  if (isKubenvError(error)) {
    process.stderr.write(`kubenv/register: error: ${error.summary}\n`);
    if (error.hint) process.stderr.write(`hint: ${error.hint}\n`);
  } else {
    // Not one of ours (a bug, or a failure Node raised): its first line only, escaped like ours.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`kubenv/register: error: ${escapeControlCharacters(message.split('\n')[0] ?? '')}\n`);
  }
  process.exit(1);
}
