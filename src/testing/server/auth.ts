/**
 * Authentication as the API server's union authenticator does it: a client certificate signed by
 * the cluster CA (user = CN), else a bearer token; a wrong credential is refused (401), none is
 * anonymous.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { RequestImpersonation } from '../request-types';

/** Who made a request. */
export type Identity =
  | { readonly kind: 'user'; readonly name: string; readonly groups: readonly string[] }
  | { readonly kind: 'anonymous' | 'invalid' };

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
    const organizations = peer.subject?.O;
    const groups = organizations === undefined ? [] : Array.isArray(organizations) ? organizations : [organizations];
    if (name) return { kind: 'user', name, groups };
  }
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match?.[1] !== undefined && sameToken(match[1], credentials.tokens)
      ? { kind: 'user', name: credentials.tokenUser, groups: [] }
      : { kind: 'invalid' };
  }
  return presentedCertificate ? { kind: 'invalid' } : { kind: 'anonymous' };
}

/** The impersonation headers of a request, one group per header line (as the API server reads them). */
export function impersonationOf(request: IncomingMessage): RequestImpersonation | undefined {
  const groups: string[] = [];
  const extra: Record<string, string[]> = {};
  let user: string | undefined;
  let uid: string | undefined;
  const raw = request.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = (raw[index] as string).toLowerCase();
    const value = raw[index + 1] as string;
    if (name === 'impersonate-user') user = value;
    else if (name === 'impersonate-uid') uid = value;
    else if (name === 'impersonate-group') groups.push(value);
    else if (name.startsWith('impersonate-extra-')) {
      const key = name.slice('impersonate-extra-'.length);
      extra[key] = [...(extra[key] ?? []), value];
    }
  }
  if (user === undefined && uid === undefined && groups.length === 0 && Object.keys(extra).length === 0)
    return undefined;
  return { user, uid, groups, extra };
}
