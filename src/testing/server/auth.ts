/**
 * Authentication as the API server's union authenticator does it: a client certificate signed by
 * the cluster CA (user = CN), else a bearer token; a wrong credential is refused (401), none is
 * anonymous.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** Who made a request. */
export type Identity = { readonly kind: 'user'; readonly name: string } | { readonly kind: 'anonymous' | 'invalid' };

/** The credentials the server accepts. */
export interface Credentials {
  readonly tokens: ReadonlySet<string>;
  /** The user a valid token authenticates as. */
  readonly tokenUser: string;
}

function sameToken(candidate: string, tokens: ReadonlySet<string>): boolean {
  const given = Buffer.from(candidate);
  for (const token of tokens) {
    const expected = Buffer.from(token);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
  }
  return false;
}

/** Authenticates a request. */
export function authenticate(request: IncomingMessage, credentials: Credentials): Identity {
  const socket = request.socket as TLSSocket;
  const peer = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined;
  const presentedCertificate = peer !== undefined && Object.keys(peer).length > 0;
  // Client certificates first, then bearer tokens, as the API server's union authenticator.
  if (presentedCertificate && socket.authorized) {
    const commonName = peer.subject?.CN;
    const name = Array.isArray(commonName) ? commonName[0] : commonName;
    if (name) return { kind: 'user', name };
  }
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match?.[1] !== undefined && sameToken(match[1], credentials.tokens)
      ? { kind: 'user', name: credentials.tokenUser }
      : { kind: 'invalid' };
  }
  return presentedCertificate ? { kind: 'invalid' } : { kind: 'anonymous' };
}
