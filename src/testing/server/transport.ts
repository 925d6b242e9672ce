/**
 * How an answer is written: on a ServerResponse for plain requests, or as raw HTTP on the socket
 * of an upgrade request (exec) that is refused.
 */
import { randomUUID } from 'node:crypto';
import { type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** Where an answer goes. */
export interface Transport {
  readonly response: ServerResponse | undefined;
  readonly upgrade: { readonly socket: Duplex; readonly head: Buffer } | undefined;
  reply(code: number, contentType: string, body: string, headers?: Readonly<Record<string, string>>): void;
  destroy(): void;
}

/** Answers through a ServerResponse. */
export function responseTransport(response: ServerResponse): Transport {
  return {
    response,
    upgrade: undefined,
    reply(code, contentType, body, headers = {}) {
      if (response.headersSent || response.destroyed) return;
      response.writeHead(code, {
        'Audit-Id': randomUUID(),
        'Cache-Control': 'no-cache, private',
        'Content-Type': contentType,
        'Content-Length': Buffer.byteLength(body),
        ...headers,
      });
      response.end(body);
    },
    destroy: () => response.socket?.destroy(),
  };
}

/** Answers as raw HTTP on an upgrade socket (closing it). */
export function upgradeTransport(socket: Duplex, head: Buffer): Transport {
  return {
    response: undefined,
    upgrade: { socket, head },
    reply(code, contentType, body, headers = {}) {
      if (socket.destroyed) return;
      const lines = [
        `HTTP/1.1 ${code} ${STATUS_CODES[code] ?? 'Unknown'}`,
        `Audit-Id: ${randomUUID()}`,
        'Cache-Control: no-cache, private',
        `Content-Type: ${contentType}`,
        `Content-Length: ${Buffer.byteLength(body)}`,
        'Connection: close',
        ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      ];
      socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
    },
    destroy: () => socket.destroy(),
  };
}
