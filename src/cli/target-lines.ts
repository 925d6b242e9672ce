/**
 * With several targets (`targets`), the lines on stderr that say which target each name came
 * from (names only): `kubenv: target cache: deployment/redis -> redis-0/redis in data: CACHE_REDIS_URL`.
 */
import type { RemoteEnvSummary } from '../fetch/remote-env';

/** One line per target, or none for a single-target fetch. */
export function targetLines(remote: RemoteEnvSummary): string {
  return Object.entries(remote.targets ?? {})
    .map(([name, { target, names }]) => {
      const where = `${target.target} -> ${target.pod ?? 'pod template'}/${target.container} in ${target.namespace}`;
      return `kubenv: target ${name}: ${where}: ${names.length ? names.join(', ') : '(no variables)'}\n`;
    })
    .join('');
}
