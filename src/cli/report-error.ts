/**
 * How the CLI reports a failure: one line, a hint line, a non-zero exit code; `--debug` adds the
 * cause chain. Kubenv errors never hold env values; causes from elsewhere are shown by name and
 * message only when asked for.
 */
import { isKubenvError } from '../errors';
import { escapeControlCharacters } from '../errors/kubenv-error';

/** Writes the error to stderr and returns the exit code to use. */
export function reportError(error: unknown, options: { debug: boolean; write: (text: string) => void }): number {
  if (isKubenvError(error)) {
    options.write(`kubenv: error: ${error.summary}\n`);
    if (error.hint) options.write(`hint: ${error.hint}\n`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    options.write(`kubenv: error: ${escapeControlCharacters(message.split('\n')[0] ?? '')}\n`);
  }
  if (options.debug) {
    let cause: unknown = error instanceof Error ? error.cause : undefined;
    let depth = 1;
    while (cause !== undefined && depth <= 10) {
      const name = cause instanceof Error ? cause.name : typeof cause;
      const code = (cause as { code?: unknown } | null)?.code;
      const message = cause instanceof Error ? cause.message.split('\n')[0] : '';
      // Causes come from elsewhere (Node, parsers): their text is escaped like ours.
      const line = `${name}${code ? ` (${String(code)})` : ''}: ${message}`;
      options.write(`  caused by: ${escapeControlCharacters(line)}\n`);
      cause = cause instanceof Error ? cause.cause : undefined;
      depth++;
    }
  } else if (error instanceof Error && error.cause !== undefined) {
    options.write('(run with --debug to see the cause chain)\n');
  }
  return 1;
}
