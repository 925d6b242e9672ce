/**
 * HTTP/1.1 on a connection of ours: writing a GET and reading its answer (RFC 9112), for the
 * transport's direct connections to the API server (./transport.ts).
 *
 * Why not node:https: its client (ClientRequest, the Agent, the llhttp parser and their modules)
 * costs a cold process about 7 ms of its ~50 (a minimal client doing a pod's GET and exec: 52 ms
 * through node:https, 45 ms on tls.connect with this framing; bench/probes/floor.mjs), more than
 * all the rest of kubenv's own work. The API server answers a GET with a Content-Length or
 * chunked body and an exec with 101 Switching Protocols; this reads those and refuses the rest.
 *
 * What it reads, as Node's parser (llhttp) does (test/integration/http1-answers.test.ts reads
 * the same answers with both): a status line `HTTP/1.x NNN reason`; header lines `name: value`
 * (no folded lines, no whitespace before the colon); a 1xx other than 101 skipped; the body
 * framed by `Transfer-Encoding: chunked` (chunk extensions and trailers read and dropped), else
 * by its `Content-Length`, else by the end of the connection; no body for 204 and 304. A head
 * past MAX_HEAD_BYTES, a malformed line, two Content-Lengths, a Content-Length with a
 * Transfer-Encoding, a coding other than chunked or a bad chunk size is a MalformedAnswer. The
 * end of the connection before the answer is whole is a reset (ECONNRESET), as Node reports it
 * ("socket hang up"): a GET may be sent again.
 */
import type { Duplex } from 'node:stream';

/** The largest head (status line and headers) read; Node's default `--max-http-header-size`. */
export const MAX_HEAD_BYTES: number = 16 * 1024;

/** Header values of a request; an array is sent as one line per value. */
export type RequestHeaders = Readonly<Record<string, string | readonly string[]>>;

/** A response's header values by lower-cased name; repeated headers joined with ", " (RFC 9110 5.3). */
export type ResponseHeaders = Readonly<Record<string, string>>;

/** An answer read whole. */
export interface Answer {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly body: Buffer;
  /** Whether the connection may carry another request: framed body, no `Connection: close`, HTTP/1.1. */
  readonly reusable: boolean;
}

/** A 101 Switching Protocols: the connection now speaks the new protocol; `head` is what came after the head. */
export interface Switched {
  readonly status: 101;
  readonly headers: ResponseHeaders;
  readonly head: Buffer;
}

/** The answer could not be read as HTTP/1.1. */
export class MalformedAnswer extends Error {
  override name = 'MalformedAnswer';
  readonly code = 'HPE_INVALID';
}

/** The body passed `limit` bytes; reading stopped there. */
export class BodyTooLarge extends Error {
  override name = 'BodyTooLarge';
  constructor(readonly limit: number) {
    super(`the body is larger than ${limit} bytes`);
  }
}

// Headers of one value, whose repeats Node drops (the first wins; nodejs/node
// lib/_http_incoming.js, matchKnownFields): Retry-After "7" then "8" waits 7 s, as before.
const SINGLE_VALUED = new Set([
  'age',
  'authorization',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Field values: visible characters, spaces and tabs, and obs-text; no CR, LF or NUL (RFC 9110 5.5).
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * The bytes of a GET (or an upgrade, by its headers) for `target` (path and query). Throws a
 * TypeError naming the header, as Node does (ERR_INVALID_CHAR), when a name or value would break
 * the request's framing.
 */
export function requestBytes(target: string, host: string, headers: RequestHeaders): Buffer {
  if (!/^\/[\x21-\x7e]*$/.test(target)) throw new TypeError('the request path holds a character HTTP does not allow');
  const lines = [`GET ${target} HTTP/1.1`, `host: ${host}`];
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) throw new TypeError(`the header name ${JSON.stringify(name)} is not valid in HTTP`);
    for (const item of typeof value === 'string' ? [value] : value) {
      // The value is not quoted: it can be a credential.
      if (!FIELD_VALUE.test(item))
        throw new TypeError(`the value of the header "${name}" holds a line break or a control character`);
      lines.push(`${name}: ${item}`);
    }
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/** A reset: the connection ended (or failed) before the answer was whole. */
function resetError(): Error {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
}

/**
 * Reads the answer to the request just written on `socket`, its body up to `limitFor(status)`
 * bytes. Resolves to an Answer, or to a
 * Switched when `upgrade` and the server switched protocols (the socket is then the caller's, with
 * no listener of ours left on it). Rejects with MalformedAnswer, BodyTooLarge (after destroying
 * the socket), the socket's error, or a reset.
 */
export function readAnswer(
  socket: Duplex,
  options: { readonly limitFor: (status: number) => number; readonly upgrade: boolean },
): Promise<Answer | Switched> {
  return new Promise((resolve, reject) => {
    const reader = new AnswerReader(options.limitFor, options.upgrade);
    const finish = (error: unknown, result?: Answer | Switched) => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', onError);
      socket.off('close', onEnd);
      if (error) {
        socket.destroy();
        reject(error);
      } else resolve(result as Answer | Switched);
    };
    const onData = (chunk: Buffer) => {
      let result: Answer | Switched | undefined;
      try {
        result = reader.push(chunk);
      } catch (error) {
        return finish(error);
      }
      if (result) finish(undefined, result);
    };
    const onEnd = () => {
      let result: Answer | undefined;
      try {
        result = reader.end();
      } catch (error) {
        return finish(error);
      }
      finish(undefined, result);
    };
    const onError = (error: Error) => finish(error);
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('close', onEnd);
    socket.on('error', onError);
  });
}

type Framing =
  | { readonly kind: 'length'; left: number }
  | { readonly kind: 'chunked'; state: 'size' | 'data' | 'data-end' | 'trailers'; left: number }
  | { readonly kind: 'close' }
  | { readonly kind: 'none' };

/** The parser: fed chunks, returns the answer once it is whole. */
export class AnswerReader {
  #buffered: Buffer = Buffer.alloc(0);
  #status = 0;
  #headers: Record<string, string> = {};
  #keepAlive = true;
  #framing: Framing | undefined;
  #body: Buffer[] = [];
  #bodyBytes = 0;
  #limit = 0;

  constructor(
    private readonly limitFor: (status: number) => number,
    private readonly upgrade: boolean,
  ) {}

  /** Takes the next bytes; returns the answer when it is whole. */
  push(chunk: Buffer): Answer | Switched | undefined {
    this.#buffered = this.#buffered.length === 0 ? chunk : Buffer.concat([this.#buffered, chunk]);
    if (!this.#framing) {
      const switched = this.#readHead();
      if (switched) return switched;
      if (!this.#framing) return undefined;
    }
    const answer = this.#readBody();
    return answer === 'more' ? undefined : answer;
  }

  /** The connection ended: the answer if a close-delimited body was being read, else a reset. */
  end(): Answer {
    if (this.#framing?.kind === 'close') return this.#answer(false);
    throw resetError();
  }

  /** Reads the head when it is all there; sets the framing, or returns the switch. */
  #readHead(): Switched | undefined {
    for (;;) {
      const end = this.#buffered.indexOf('\r\n\r\n');
      if (end === -1) {
        if (this.#buffered.length > MAX_HEAD_BYTES) throw new MalformedAnswer('the answer head is too large');
        return undefined;
      }
      if (end > MAX_HEAD_BYTES) throw new MalformedAnswer('the answer head is too large');
      const lines = this.#buffered.subarray(0, end).toString('latin1').split('\r\n');
      this.#buffered = this.#buffered.subarray(end + 4);
      const statusLine = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: [^\r\n]*)?$/.exec(lines[0] ?? '');
      if (!statusLine) throw new MalformedAnswer('the answer does not start with an HTTP/1.x status line');
      const status = Number(statusLine[2]);
      const headers: Record<string, string> = {};
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon);
        if (colon <= 0 || !TOKEN.test(name)) throw new MalformedAnswer('the answer has a malformed header line');
        const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
        if (!FIELD_VALUE.test(value)) throw new MalformedAnswer('the answer has a malformed header line');
        const key = name.toLowerCase();
        if (headers[key] === undefined) headers[key] = value;
        else if (key === 'content-length') throw new MalformedAnswer('the answer has two Content-Length headers');
        else if (!SINGLE_VALUED.has(key)) headers[key] = `${headers[key]}, ${value}`;
      }
      if (status === 101) {
        if (this.upgrade) return { status: 101, headers, head: this.#buffered };
        throw new MalformedAnswer('the server switched protocols without being asked to');
      }
      // 100 Continue, 102, 103 Early Hints: another head follows.
      if (status < 200) continue;
      this.#status = status;
      this.#limit = this.limitFor(status);
      this.#headers = headers;
      const connection = (headers['connection'] ?? '').toLowerCase().split(/\s*,\s*/);
      this.#keepAlive = statusLine[1] === '1' ? !connection.includes('close') : connection.includes('keep-alive');
      this.#framing = framingOf(status, headers);
      return undefined;
    }
  }

  /** Reads the body as far as it goes; the answer when it is whole, else 'more'. */
  #readBody(): Answer | 'more' {
    const framing = this.#framing as Framing;
    if (framing.kind === 'none') return this.#answer(this.#keepAlive);
    if (framing.kind === 'close') {
      this.#take(this.#buffered.length);
      return 'more';
    }
    if (framing.kind === 'length') {
      const taken = Math.min(framing.left, this.#buffered.length);
      this.#take(taken);
      framing.left -= taken;
      return framing.left === 0 ? this.#answer(this.#keepAlive) : 'more';
    }
    for (;;) {
      if (framing.state === 'data') {
        const taken = Math.min(framing.left, this.#buffered.length);
        this.#take(taken);
        framing.left -= taken;
        if (framing.left > 0) return 'more';
        framing.state = 'data-end';
      }
      const lineEnd = this.#buffered.indexOf('\r\n');
      if (lineEnd === -1) {
        if (this.#buffered.length > MAX_HEAD_BYTES) throw new MalformedAnswer('a chunk line of the answer is too long');
        return 'more';
      }
      const line = this.#buffered.subarray(0, lineEnd).toString('latin1');
      this.#buffered = this.#buffered.subarray(lineEnd + 2);
      if (framing.state === 'data-end') {
        if (line !== '') throw new MalformedAnswer('a chunk of the answer is longer than its size');
        framing.state = 'size';
      } else if (framing.state === 'size') {
        const size = /^([0-9A-Fa-f]{1,12})[ \t]*(?:;.*)?$/.exec(line);
        if (!size) throw new MalformedAnswer('the answer has a malformed chunk size');
        framing.left = Number.parseInt(size[1] as string, 16);
        framing.state = framing.left === 0 ? 'trailers' : 'data';
      } else if (line === '') {
        // The empty line after the trailers: the body is whole.
        return this.#answer(this.#keepAlive);
      }
    }
  }

  #take(bytes: number): void {
    if (bytes === 0) return;
    this.#bodyBytes += bytes;
    if (this.#bodyBytes > this.#limit) throw new BodyTooLarge(this.#limit);
    this.#body.push(this.#buffered.subarray(0, bytes));
    this.#buffered = this.#buffered.subarray(bytes);
  }

  #answer(keepAlive: boolean): Answer {
    return {
      status: this.#status,
      headers: this.#headers,
      body: Buffer.concat(this.#body, this.#bodyBytes),
      // Bytes after the answer: not an answer to anything we sent, so the connection is not reused.
      reusable: keepAlive && this.#buffered.length === 0,
    };
  }
}

/** How the body of an answer ends (RFC 9112 6.3). */
function framingOf(status: number, headers: ResponseHeaders): Framing {
  if (status === 204 || status === 304) return { kind: 'none' };
  const transferEncoding = headers['transfer-encoding'];
  if (transferEncoding !== undefined) {
    // Which of the two frames the body is a question a request smuggler asks; Node refuses both.
    if (headers['content-length'] !== undefined)
      throw new MalformedAnswer('the answer has both a Transfer-Encoding and a Content-Length');
    const codings = transferEncoding.toLowerCase().split(/\s*,\s*/);
    // chunked must be the last coding; any other coding of the body is not one kubenv asked for.
    if (codings.length !== 1 || codings[0] !== 'chunked')
      throw new MalformedAnswer('the answer has a transfer coding other than chunked');
    return { kind: 'chunked', state: 'size', left: 0 };
  }
  const contentLength = headers['content-length'];
  if (contentLength !== undefined) {
    const values = new Set(contentLength.split(/\s*,\s*/));
    const [value = ''] = values;
    if (values.size !== 1 || !/^\d{1,15}$/.test(value))
      throw new MalformedAnswer('the answer has an invalid Content-Length');
    return { kind: 'length', left: Number(value) };
  }
  return { kind: 'close' };
}
