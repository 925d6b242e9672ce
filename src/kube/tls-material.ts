/**
 * What tells one TLS setup towards an API server from another: its CA and client certificate
 * and key. No imports, so ./connection-pool.ts (reached from `kubenv`'s entry) can key on it
 * without loading node:tls.
 */

/** The PEM material of a TLS setup. */
export interface TlsMaterial {
  readonly ca?: string | Buffer | undefined;
  readonly cert?: string | Buffer | undefined;
  readonly key?: string | Buffer | undefined;
}

/** A key that is equal for equal material: the PEMs, base64-encoded, one per line. */
export function tlsMaterialKey(material: TlsMaterial): string {
  return [material.ca, material.cert, material.key]
    .map((part) => (part === undefined ? '' : Buffer.from(part).toString('base64')))
    .join('\n');
}
