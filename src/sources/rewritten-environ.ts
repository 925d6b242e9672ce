/**
 * Detecting a main process that rewrote its own environ. nginx, PostgreSQL, PHP-FPM and Python's
 * setproctitle write their process title over the memory that held argv and environ (the
 * kernel's `/proc/<pid>/environ` still points there), so `/proc/1/environ` reads back a piece of
 * the title and NUL padding instead of `NAME=value` entries; mirrord hit the same
 * (metalbear-co/mirrord#1135).
 */
import type { Container } from '../kube/objects';
import type { ParsedEnviron } from './environ';

const MAX_NAMES_SHOWN = 5;

/**
 * The names the kubelet always gives this container from its `env`: every entry but an optional
 * ConfigMap or Secret key reference, which is left out when the key is missing.
 */
function declaredNames(container: Container | undefined): string[] {
  return (container?.env ?? [])
    .filter((variable) => {
      const ref = variable.valueFrom?.configMapKeyRef ?? variable.valueFrom?.secretKeyRef;
      return !(variable.value === undefined && ref?.optional === true);
    })
    .map((variable) => variable.name);
}

/**
 * Why `parsed` cannot be the process's real environment, or undefined when it can: an entry that
 * is not `NAME=value`, nothing at all (a container runtime always sets at least HOSTNAME), or a
 * name the pod spec gives the container that is missing. Only names appear in the reason.
 */
export function rewrittenEnvironReason(
  raw: Uint8Array,
  parsed: ParsedEnviron,
  container: Container | undefined,
): string | undefined {
  const notEntries = parsed.warnings.filter((warning) => warning.includes('has no NAME= part')).length;
  if (notEntries > 0) return `${notEntries} entr${notEntries === 1 ? 'y is' : 'ies are'} not NAME=value`;
  if (Object.keys(parsed.env).length === 0) {
    return raw.length === 0 ? 'it is empty' : 'it holds no variables, only NUL padding';
  }
  const missing = declaredNames(container).filter((name) => !(name in parsed.env));
  if (missing.length > 0) {
    const shown = missing.slice(0, MAX_NAMES_SHOWN).join(', ');
    const more = missing.length > MAX_NAMES_SHOWN ? ` and ${missing.length - MAX_NAMES_SHOWN} more` : '';
    return `${shown}${more} from the pod spec ${missing.length === 1 ? 'is' : 'are'} missing`;
  }
  return undefined;
}
