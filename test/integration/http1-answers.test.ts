/**
 * kubenv's HTTP/1.1 answer reader (src/kube/http1.ts) against Node's own parser (llhttp, through
 * node:http): the same raw answers, from a TCP server that writes them byte for byte, read by
 * both. Every answer Node reads, kubenv reads to the same status, headers and body, however the
 * bytes are split; every answer Node refuses, kubenv refuses. Then fuzzed answers: kubenv's
 * reader gives an answer or one of its own errors, never another throw, and the same result for
 * any split of the bytes.
 */
import http from 'node:http';
import { connect, createServer, type Server } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Answer,
  AnswerReader,
  BodyTooLarge,
  MalformedAnswer,
  readAnswer,
  requestBytes,
  type Switched,
} from '../../src/kube/http1';

let server: Server;
let port = 0;
/** The raw bytes the server answers the next connection with (then it ends the connection). */
let nextAnswer = Buffer.alloc(0);
beforeAll(async () => {
  server = createServer((socket) => {
    socket.once('data', () => socket.end(nextAnswer));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

type Read = { status: number; headers: Record<string, string>; body: string } | { refused: true };

/** What Node's client reads from `raw`. */
function nodeReads(raw: string): Promise<Read> {
  nextAnswer = Buffer.from(raw, 'latin1');
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/', agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', () => resolve({ refused: true }));
      response.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        resolve({ status: response.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('latin1') });
      });
    });
    request.on('error', () => resolve({ refused: true }));
  });
}

/** What kubenv's reader reads from `raw` fed in pieces cut at `cuts`, the connection ending after. */
function kubenvReads(raw: string, cuts: readonly number[] = []): Read {
  const bytes = Buffer.from(raw, 'latin1');
  const reader = new AnswerReader(() => 1024 * 1024, false);
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  let start = 0;
  let answer: Answer | Switched | undefined;
  try {
    for (const end of [...points, bytes.length]) {
      if (end > start) answer = reader.push(bytes.subarray(start, end));
      start = end;
      if (answer) break;
    }
    answer ??= reader.end();
  } catch (error) {
    if (error instanceof MalformedAnswer || (error as NodeJS.ErrnoException).code === 'ECONNRESET')
      return { refused: true };
    throw error;
  }
  if (!('body' in answer)) throw new Error('switched protocols without being asked to');
  return { status: answer.status, headers: { ...answer.headers }, body: answer.body.toString('latin1') };
}

// Answers an HTTP/1.1 client must read. Node adds nothing to these headers.
const VALID: Record<string, string> = {
  'Content-Length': 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 14\r\n\r\n{"kind":"Pod"}',
  'no reason phrase': 'HTTP/1.1 200\r\nContent-Length: 2\r\n\r\n{}',
  'an empty reason phrase': 'HTTP/1.1 404 \r\nContent-Length: 2\r\n\r\n{}',
  'chunked, with extensions and trailers':
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\n{"kin\r\n8\r\nd":"Pod"\r\n1\r\n}\r\n0\r\nX-Trailer: t\r\n\r\n',
  'chunked, upper-case hex and coding name':
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n',
  'chunked, empty': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
  'ended by the connection (no length)': 'HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n{"kind":"Pod"}',
  'HTTP/1.0, ended by the connection': 'HTTP/1.0 200 OK\r\n\r\n{"kind":"Pod"}',
  '204 without a body': 'HTTP/1.1 204 No Content\r\n\r\n',
  '304 without a body': 'HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n',
  '100 Continue, then the answer': 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}',
  '103 Early Hints, then the answer':
    'HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 403 Forbidden\r\nContent-Length: 2\r\n\r\n{}',
  'a repeated header, joined': 'HTTP/1.1 200 OK\r\nX-A: 1\r\nx-a: 2\r\nContent-Length: 0\r\n\r\n',
  'spaces and tabs around values': 'HTTP/1.1 429 Too Many\r\nRetry-After: \t 7 \t\r\nContent-Length: 2\r\n\r\n{}',
  'an empty header value': 'HTTP/1.1 200 OK\r\nX-Empty:\r\nContent-Length: 0\r\n\r\n',
  'Retry-After twice: the first wins':
    'HTTP/1.1 503 Busy\r\nRetry-After: 7\r\nRetry-After: 8\r\nContent-Length: 0\r\n\r\n',
  'every single-valued header twice: the first wins': `HTTP/1.1 200 OK\r\n${[
    'Age',
    'Authorization',
    'Content-Type',
    'ETag',
    'Expires',
    'From',
    'Host',
    'If-Modified-Since',
    'If-Unmodified-Since',
    'Last-Modified',
    'Location',
    'Max-Forwards',
    'Proxy-Authorization',
    'Referer',
    'Retry-After',
    'Server',
    'User-Agent',
  ]
    .map((name) => `${name}: first\r\n${name}: second\r\n`)
    .join('')}Content-Length: 0\r\n\r\n`,
  'a tab inside a value': 'HTTP/1.1 200 OK\r\nX-Tab: a\tb\r\nContent-Length: 0\r\n\r\n',
  'Content-Length 0': 'HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n',
  'a body of 100 KiB': `HTTP/1.1 200 OK\r\nContent-Length: 102400\r\n\r\n${'x'.repeat(102400)}`,
  'obs-text in a value': 'HTTP/1.1 200 OK\r\nX-Name: caf\xe9\r\nContent-Length: 0\r\n\r\n',
};

// Answers Node's parser refuses; so must kubenv's.
const MALFORMED: Record<string, string> = {
  'not HTTP': 'SSH-2.0-OpenSSH_9.6\r\n\r\n',
  'HTTP/2 in a status line': 'HTTP/2 200 OK\r\nContent-Length: 0\r\n\r\n',
  'a four-digit status': 'HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n',
  'a header line without a colon': 'HTTP/1.1 200 OK\r\nContent-Length 2\r\n\r\n{}',
  'a space before the colon': 'HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\n{}',
  'the same Content-Length twice': 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}',
  'two different Content-Lengths': 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}x',
  'Transfer-Encoding and Content-Length together':
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
  'a Content-Length with a sign': 'HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\n{}',
  'bytes before the status line': 'XHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}',
  'a Content-Length with letters after it': 'HTTP/1.1 200 OK\r\nContent-Length: 2x\r\n\r\n{}',
  'a chunk size with letters after it': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2zz\r\n{}\r\n0\r\n\r\n',
  'a negative Content-Length': 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n{}',
  'a chunk size that is not hex': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
  'a chunk longer than its size': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{}\r\n0\r\n\r\n',
  'a NUL in a header value': 'HTTP/1.1 200 OK\r\nX-A: a\0b\r\nContent-Length: 0\r\n\r\n',
  'a head of 20 KiB': `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\nContent-Length: 0\r\n\r\n`,
  'cut off in the head': 'HTTP/1.1 200 OK\r\nContent-Len',
  'cut off in a Content-Length body': 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{"kin',
  'cut off in a chunked body': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"kin',
  'nothing at all': '',
};

describe('kubenv reads HTTP/1.1 answers as Node does', () => {
  for (const [label, raw] of Object.entries(VALID)) {
    it(`reads ${label}`, async () => {
      const node = await nodeReads(raw);
      expect(node).not.toHaveProperty('refused');
      expect(kubenvReads(raw)).toEqual(node);
      // Fed a byte at a time, and cut at random places: the same.
      const bytes = Buffer.byteLength(raw, 'latin1');
      if (bytes < 4096) expect(kubenvReads(raw, [...Array(bytes).keys()])).toEqual(node);
      fc.assert(
        fc.property(fc.array(fc.nat(), { maxLength: 8 }), (cuts) => {
          expect(kubenvReads(raw, cuts)).toEqual(node);
        }),
        {
          numRuns: 50,
        },
      );
    });
  }

  for (const [label, raw] of Object.entries(MALFORMED)) {
    it(`refuses ${label}`, async () => {
      expect(await nodeReads(raw)).toEqual({ refused: true });
      expect(kubenvReads(raw)).toEqual({ refused: true });
    });
  }
});

describe('what kubenv refuses on its own', () => {
  it('a transfer coding other than chunked (kubenv asks for none; Node would hand over the coded bytes)', () => {
    const raw = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n';
    expect(kubenvReads(raw)).toEqual({ refused: true });
  });

  it('a transfer coding other than chunked, alone or after it (Node reads the coded bytes up to the end of the connection)', () => {
    expect(kubenvReads('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n\x1f\x8b')).toEqual({ refused: true });
    const chunkedThenGzip = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n2\r\n{}\r\n0\r\n\r\n';
    expect(kubenvReads(chunkedThenGzip)).toEqual({ refused: true });
  });

  it('a head, or a chunk line, past 16 KiB as soon as that much has come, without waiting for its end', () => {
    const head = new AnswerReader(() => 1024, false);
    expect(() => head.push(Buffer.from(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(17 * 1024)}`))).toThrow(MalformedAnswer);
    const chunk = new AnswerReader(() => 1024 * 1024, false);
    chunk.push(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'));
    expect(() => chunk.push(Buffer.from('0'.repeat(17 * 1024)))).toThrow(MalformedAnswer);
  });

  it('a 101 that was not asked for', () => {
    expect(kubenvReads('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n')).toEqual({ refused: true });
  });

  it('a body past the limit, whatever its Content-Length says, stopping there', () => {
    const reader = new AnswerReader((status) => (status === 200 ? 4 : 1024), false);
    expect(() => reader.push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n{"a"'))).not.toThrow();
    const endless = new AnswerReader(() => 4, false);
    expect(() => endless.push(Buffer.from('HTTP/1.1 200 OK\r\n\r\n12345'))).toThrow(BodyTooLarge);
  });

  it('says a connection that sent more than the answer is not to be reused', () => {
    const reader = new AnswerReader(() => 1024, false);
    const answer = reader.push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}HTTP/1.1 200 OK'));
    expect(answer).toMatchObject({ status: 200, reusable: false });
    const clean = new AnswerReader(() => 1024, false).push(
      Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}'),
    );
    expect(clean).toMatchObject({ status: 200, reusable: true });
    const closing = new AnswerReader(() => 1024, false).push(
      Buffer.from('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}'),
    );
    expect(closing).toMatchObject({ reusable: false });
  });

  it('hands over the bytes after a 101 when it asked for the switch', () => {
    const reader = new AnswerReader(() => 1024, true);
    const switched = reader.push(
      Buffer.from('HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: x\r\n\r\n\x82\x02ab', 'latin1'),
    );
    expect(switched).toMatchObject({ status: 101, headers: { 'sec-websocket-accept': 'x' } });
    expect((switched as Switched).head).toEqual(Buffer.from('\x82\x02ab', 'latin1'));
  });
});

describe('what kubenv writes', () => {
  it('a GET: request line, host, then each header (an array value as one line per value), then an empty line', () => {
    const bytes = requestBytes('/api/v1/namespaces/a/pods/x?command=cat', 'h:6443', {
      accept: 'application/json',
      'impersonate-group': ['dev', 'ops'],
    });
    expect(bytes.toString('latin1')).toBe(
      'GET /api/v1/namespaces/a/pods/x?command=cat HTTP/1.1\r\nhost: h:6443\r\naccept: application/json\r\nimpersonate-group: dev\r\nimpersonate-group: ops\r\n\r\n',
    );
  });

  it('writes header values as Latin-1, one byte per character, as Node does', () => {
    const bytes = requestBytes('/', 'h', { 'x-name': 'caf\xe9' });
    expect(bytes.includes(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0d, 0x0a]))).toBe(true);
  });

  it('refuses a header value with a line break or a control character, naming the header and not the value', () => {
    for (const value of ['tok\r\nx-injected: 1', 'tok\nen', 'tok\0en', 'tok\x7fen']) {
      let error: unknown;
      try {
        requestBytes('/', 'h', { authorization: `Bearer ${value}` });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toContain('"authorization"');
      expect((error as Error).message).not.toContain('tok');
    }
  });

  it('refuses a header name or a path HTTP does not allow', () => {
    expect(() => requestBytes('/', 'h', { 'x bad': '1' })).toThrow(TypeError);
    expect(() => requestBytes('/', 'h', { 'x:bad': '1' })).toThrow(TypeError);
    expect(() => requestBytes('/a b', 'h', {})).toThrow(TypeError);
    expect(() => requestBytes('/a\r\nb', 'h', {})).toThrow(TypeError);
    expect(() => requestBytes('a', 'h', {})).toThrow(TypeError);
    expect(() => requestBytes('a/b', 'h', {})).toThrow(TypeError);
  });
});

describe('whether a connection may carry another request', () => {
  const reusable = (raw: string) =>
    (new AnswerReader(() => 1024, false).push(Buffer.from(raw, 'latin1')) as Answer).reusable;

  it('HTTP/1.1 unless the server says close; HTTP/1.0 only when it says keep-alive', () => {
    expect(reusable('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n')).toBe(true);
    expect(reusable('HTTP/1.1 200 OK\r\nConnection: Keep-Alive, Close\r\nContent-Length: 0\r\n\r\n')).toBe(false);
    expect(reusable('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n')).toBe(false);
    expect(reusable('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n')).toBe(true);
    expect(reusable('HTTP/1.1 204 No Content\r\n\r\n')).toBe(true);
    expect(reusable('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n')).toBe(true);
    // A body that ends with the connection: that connection is gone.
    const closing = new AnswerReader(() => 1024, false);
    expect(closing.push(Buffer.from('HTTP/1.1 200 OK\r\n\r\n{}'))).toBeUndefined();
    expect(closing.end()).toMatchObject({ status: 200, reusable: false });
  });

  it('read from a connection: an answer that ends with it, and no listener of the reader left after', async () => {
    nextAnswer = Buffer.from('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n{"kind":"Pod"}', 'latin1');
    const socket = connect(port, '127.0.0.1');
    const events = ['data', 'end', 'close', 'error'];
    // A socket has listeners of its own (Node's, on 'end'): the reader must leave only those.
    const before = events.map((event) => socket.listenerCount(event));
    socket.write('GET / HTTP/1.1\r\nhost: x\r\n\r\n');
    const answer = await readAnswer(socket, { limitFor: () => 1024, upgrade: false });
    expect(answer).toMatchObject({ status: 200, reusable: false });
    expect((answer as Answer).body.toString()).toBe('{"kind":"Pod"}');
    expect(events.map((event) => socket.listenerCount(event))).toEqual(before);
    socket.destroy();
  });
});

describe('fuzzed answers', () => {
  const answer = fc.constantFrom(...Object.values(VALID), ...Object.values(MALFORMED));
  const mutated = fc
    .tuple(answer, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }))
    .map(([raw, edits]) => {
      const bytes = Buffer.from(raw, 'latin1');
      for (const [at, value] of edits) if (bytes.length > 0) bytes[at % bytes.length] = value;
      return bytes.toString('latin1');
    });

  it('give an answer or a refusal, never another throw, and the same for any split of the bytes', () => {
    fc.assert(
      fc.property(mutated, fc.array(fc.nat(), { maxLength: 6 }), (raw, cuts) => {
        expect(kubenvReads(raw, cuts)).toEqual(kubenvReads(raw));
      }),
      { numRuns: 2000 },
    );
  });
});
