/**
 * What a user reads when a request to the API server fails below HTTP or with an error answer
 * (src/kube/transport-errors.ts, mapped by src/kube/operation-errors.ts): one row per entry of the
 * network-problem table, and which parts of a Status answer are kept (none that can echo input).
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isKubenvError } from '../../src/index';
import type { KubeEndpoint } from '../../src/kube/kubeconfig';
import { type Operation, operationError } from '../../src/kube/operation-errors';
import {
  AnswerTooLargeError,
  type HttpStatusError,
  networkError,
  statusError,
  TlsMaterialError,
  UnexpectedAnswerError,
} from '../../src/kube/transport-errors';

const SECRET = 'sk_live_8Jw3SECRET';
const endpoint = {
  server: 'https://10.0.0.1:6443',
  contextName: 'prod',
  userName: 'admin',
  namespace: 'shop',
  tls: { rejectUnauthorized: true },
  credentials: { type: 'none' },
  impersonate: {},
  origin: ['/home/u/.kube/config'],
} as unknown as KubeEndpoint;
const getPod: Operation = { verb: 'get', resource: 'pods', namespace: 'shop', name: 'api-0' };

/** The KubenvError a user gets when getting pod api-0 fails with `error`. */
function userError(error: unknown): Error & { code: string; hint?: string } {
  const mapped = operationError(error, getPod, { endpoint, timeoutMs: 10_000, signal: new AbortController().signal });
  expect(isKubenvError(mapped), inspect(mapped)).toBe(true);
  return mapped as Error & { code: string; hint?: string };
}

/** The message without the hint on its next line. */
const headline = (error: Error) => error.message.split('\n')[0];

const socketError = (code: string | undefined, message = `socket error ${code}`) =>
  Object.assign(new Error(message), code === undefined ? {} : { code });

describe('a socket or TLS error, as the message a user reads', () => {
  const table: ReadonlyArray<readonly [code: string, problem: string]> = [
    ['ECONNREFUSED', 'connection refused'],
    ['ECONNRESET', 'connection reset by the server'],
    ['EPIPE', 'connection reset by the server'],
    ['ENOTFOUND', 'host not found (DNS)'],
    ['EAI_AGAIN', 'host not found (DNS, temporary)'],
    ['ETIMEDOUT', 'connection timed out'],
    ['EHOSTUNREACH', 'host unreachable'],
    ['ENETUNREACH', 'network unreachable'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'TLS: the server certificate is self-signed and not trusted'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'TLS: the server certificate chain is not trusted'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'TLS: the server certificate is not trusted by the kubeconfig CA'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'TLS: the server certificate is not trusted by the kubeconfig CA'],
    ['CERT_HAS_EXPIRED', 'TLS: the server certificate has expired'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'TLS: the server certificate does not name this host'],
  ];
  for (const [code, problem] of table) {
    it(`${code}: "${problem}"`, () => {
      const cause = socketError(code);
      const error = userError(networkError(cause));
      expect(error).toMatchObject({ name: 'ClusterUnreachableError', code: 'CLUSTER_UNREACHABLE' });
      expect(headline(error)).toBe(
        `Cannot reach the Kubernetes API at https://10.0.0.1:6443 (context "prod"): ${problem}.`,
      );
      expect(error.hint).toBe('Check the network/VPN and the kubeconfig context, e.g. `kubectl cluster-info`.');
      // The socket error stays reachable for a closer look.
      expect((error.cause as Error).cause).toBe(cause);
    });
  }

  it('a code outside the table is named as it is', () => {
    expect(userError(networkError(socketError('ERR_SSL_WRONG_VERSION_NUMBER'))).message).toContain(
      ': connection failed (ERR_SSL_WRONG_VERSION_NUMBER).',
    );
  });

  it('an error without a code is named by its message', () => {
    expect(userError(networkError(socketError(undefined, 'Client network socket disconnected'))).message).toContain(
      ': connection failed (Client network socket disconnected).',
    );
  });

  it('a socket "hang up" is the reset it is (Node gives it ECONNRESET)', () => {
    expect(userError(networkError(socketError('ECONNRESET', 'socket hang up'))).message).toContain(
      ': connection reset by the server.',
    );
  });
});

/** The error a user gets for an answer `status` with `body` (text or JSON). */
function answered(status: number, body: unknown, retryAfter?: string) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return userError(statusError(status, Buffer.from(text), retryAfter));
}

describe('an error answer: what of its Status is kept', () => {
  it('the reason is named in the message; the server’s message is not', () => {
    const error = answered(500, { kind: 'Status', reason: 'InternalError', message: `etcd: ${SECRET}`, code: 500 });
    expect(error).toMatchObject({ code: 'KUBE_API', status: 500, reason: 'InternalError' });
    expect(headline(error)).toBe(
      'Get pod "api-0" in namespace "shop" failed: the API server answered 500 InternalError.',
    );
    expect(inspect(error, { depth: 10 })).not.toContain(SECRET);
  });

  it('keeps reason, code and the object’s name and kind for a closer look (util.inspect of the cause)', () => {
    const error = answered(404, {
      kind: 'Status',
      reason: 'NotFound',
      code: 404,
      message: SECRET,
      details: { name: 'api-0', kind: 'pods', group: SECRET, causes: [{ message: SECRET }] },
    });
    expect(error.code).toBe('NOT_FOUND');
    const cause = error.cause as HttpStatusError;
    expect(cause.body).toEqual({ reason: 'NotFound', code: 404, details: { name: 'api-0', kind: 'pods' } });
    expect(cause.message).toBe('HTTP 404 NotFound');
    expect(inspect(error, { depth: 10 })).not.toContain(SECRET);
  });

  for (const [label, reason] of [
    ['a sentence', `no such token ${SECRET}`],
    ['a word with digits', 'Forbidden2'],
    ['a word of 65 letters', 'A'.repeat(65)],
    ['a word after other text', `x-${'Forbidden'}`],
    ['a word before other text', 'Forbidden-x'],
    ['a number', 40_399],
    ['a list holding a word', ['Teapot']],
    ['a boolean', true],
  ] as const) {
    it(`a reason that is ${label} is not kept (it could echo input)`, () => {
      const error = answered(403, { kind: 'Status', reason, code: 403 }) as unknown as { cause: HttpStatusError };
      expect(error.cause.body).toEqual({ code: 403 });
      expect(error.cause.message).toBe('HTTP 403');
      if (typeof reason !== 'boolean') expect(inspect(error, { depth: 10 })).not.toContain(String(reason));
    });
  }

  it('a reason of one letter and of 64 letters is a word', () => {
    expect(answered(500, { reason: 'X' })).toMatchObject({ reason: 'X' });
    expect(answered(500, { reason: 'B'.repeat(64) })).toMatchObject({ reason: 'B'.repeat(64) });
  });

  it('fields of the wrong type are dropped, whatever they hold', () => {
    const error = answered(409, {
      kind: 'Status',
      reason: 'Conflict',
      code: `${SECRET}`,
      details: { name: 7, kind: { secret: SECRET } },
    });
    expect((error.cause as HttpStatusError).body).toEqual({ reason: 'Conflict', details: {} });
    expect(inspect(error, { depth: 10 })).not.toContain(SECRET);
  });

  it('details that are not an object are dropped', () => {
    const error = answered(409, { reason: 'Conflict', details: SECRET });
    expect((error.cause as HttpStatusError).body).toEqual({ reason: 'Conflict' });
  });

  for (const [label, body] of [
    ['not JSON', `<html>${SECRET}</html>`],
    ['JSON null', 'null'],
    ['a JSON string', JSON.stringify(SECRET)],
    ['empty', ''],
  ] as const) {
    it(`a body that is ${label}: the status alone`, () => {
      const error = answered(502, body);
      expect(error).toMatchObject({ code: 'KUBE_API', status: 502, reason: undefined });
      expect(headline(error)).toBe('Get pod "api-0" in namespace "shop" failed: the API server answered 502.');
      expect((error.cause as HttpStatusError).body).toBeUndefined();
      expect(inspect(error, { depth: 10 })).not.toContain(SECRET);
    });
  }
});

describe('the causes, as util.inspect prints them under the KubenvError', () => {
  const rows: ReadonlyArray<readonly [printed: string, make: () => unknown]> = [
    [
      'HttpStatusError: HTTP 404 NotFound',
      () => userError(statusError(404, Buffer.from('{"reason":"NotFound"}'), undefined)),
    ],
    ['AnswerTooLargeError: the answer is larger than 65536 bytes', () => userError(new AnswerTooLargeError(65_536))],
    [
      'UnexpectedAnswerError: the API server answered with null',
      () => userError(new UnexpectedAnswerError('the API server answered with null')),
    ],
    ['NetworkError: connection refused', () => userError(networkError(socketError('ECONNREFUSED')))],
    // The client wraps it into a ConfigError (src/kube/client.ts).
    [
      'TlsMaterialError: the client-certificate is not usable',
      () => ({ cause: new TlsMaterialError('client-certificate', { cause: new Error('no start line') }) }),
    ],
  ];
  for (const [printed, make] of rows) {
    it(printed, () => {
      expect(inspect(make(), { depth: 10 })).toContain(printed);
    });
  }
});
