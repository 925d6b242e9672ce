/**
 * Environment blocks as the kernel exposes them in `/proc/<pid>/environ`: `NAME=value` entries,
 * each terminated by a NUL byte.
 */

/**
 * Encodes environment variables as `/proc/<pid>/environ` bytes, in the record's key order.
 *
 * @example
 * ```ts
 * encodeEnviron({ PATH: '/usr/bin:/bin', HOSTNAME: 'api-0' }) // <Buffer "PATH=/usr/bin:/bin\0HOSTNAME=api-0\0">
 * ```
 * @public
 */
export function encodeEnviron(variables: Readonly<Record<string, string>>): Buffer {
  let text = '';
  for (const [name, value] of Object.entries(variables)) text += `${name}=${value}\0`;
  return Buffer.from(text, 'utf8');
}

/** The bytes of an environ given as bytes or as a record. */
export function environBytes(environ: Buffer | Readonly<Record<string, string>>): Buffer {
  return Buffer.isBuffer(environ) ? environ : encodeEnviron(environ);
}

/** Splits environ bytes into entries (without the terminating NULs). */
export function environEntries(environ: Buffer): Buffer[] {
  const entries: Buffer[] = [];
  let start = 0;
  for (let index = environ.indexOf(0); index !== -1; index = environ.indexOf(0, start)) {
    entries.push(environ.subarray(start, index));
    start = index + 1;
  }
  if (start < environ.length) entries.push(environ.subarray(start));
  return entries;
}

/** The PATH a container gets when its image sets none (containerd's default). */
export const defaultPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
