/**
 * The server side of RFC 6455, as much as exec needs: the 101 handshake with a chosen
 * subprotocol, unmasked binary frames out, and close/ping handling in. Written here (instead of
 * using `ws`) so faults can cut a stream at an exact byte.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const handshakeGuid = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** One accepted WebSocket connection. */
export interface WebSocketConnection {
  readonly protocol: string;
  /** Sends one binary message. */
  sendBinary(data: Buffer): void;
  /** Sends a close frame and ends the socket once the client answers (or after a grace period). */
  close(code?: number): void;
  /** Drops the TCP connection at once. */
  destroy(): void;
  /** Resolves when the socket is closed. */
  readonly closed: Promise<void>;
}

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  let header: Buffer;
  if (length < 126) header = Buffer.from([0x80 | opcode, length]);
  else if (length < 65536) {
    header = Buffer.alloc(4);
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

/** Whether the request asks for a WebSocket upgrade. */
export function isWebSocketUpgrade(request: IncomingMessage): boolean {
  return (request.headers.upgrade ?? '').toLowerCase() === 'websocket';
}

/** The subprotocols the client offers, in its order of preference. */
export function offeredProtocols(request: IncomingMessage): string[] {
  return (request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((protocol) => protocol.trim())
    .filter((protocol) => protocol !== '');
}

/** Completes the handshake on `socket` with `protocol`; the caller has validated the request. */
export function acceptWebSocket(
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  protocol: string,
): WebSocketConnection {
  const key = request.headers['sec-websocket-key'] ?? '';
  const accept = createHash('sha1')
    .update(key + handshakeGuid)
    .digest('base64');
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`,
  );

  let closeSent = false;
  let graceTimer: NodeJS.Timeout | undefined;
  let pending = head;
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  closed.then(() => clearTimeout(graceTimer));

  const onData = (chunk: Buffer): void => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (;;) {
      if (pending.length < 2) return;
      const opcode = (pending[0] ?? 0) & 0x0f;
      const masked = ((pending[1] ?? 0) & 0x80) !== 0;
      let length = (pending[1] ?? 0) & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (pending.length < 4) return;
        length = pending.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (pending.length < 10) return;
        length = Number(pending.readBigUInt64BE(2));
        offset = 10;
      }
      const maskOffset = offset;
      if (masked) offset += 4;
      if (pending.length < offset + length) return;
      const payload = Buffer.from(pending.subarray(offset, offset + length));
      if (masked) {
        for (let index = 0; index < payload.length; index++) {
          payload[index] = (payload[index] ?? 0) ^ (pending[maskOffset + (index % 4)] ?? 0);
        }
      }
      pending = pending.subarray(offset + length);
      if (opcode === 0x8) {
        // The client closes (or answers our close): finish the handshake and end the socket.
        if (!closeSent) {
          closeSent = true;
          socket.write(frame(0x8, payload.subarray(0, 2)));
        }
        socket.end();
        return;
      }
      if (opcode === 0x9 && !closeSent) socket.write(frame(0xa, payload));
      // Data frames (stdin, resize, v5 stream close) are ignored: simulated commands read no input.
    }
  };
  socket.on('data', onData);
  socket.on('error', () => socket.destroy());
  if (head.length > 0) onData(Buffer.alloc(0));

  return {
    protocol,
    closed,
    sendBinary(data) {
      if (!closeSent && !socket.destroyed) socket.write(frame(0x2, data));
    },
    close(code = 1000) {
      if (closeSent || socket.destroyed) return;
      closeSent = true;
      const payload = Buffer.alloc(2);
      payload.writeUInt16BE(code, 0);
      socket.write(frame(0x8, payload));
      graceTimer = setTimeout(() => socket.destroy(), 2000);
      graceTimer.unref();
    },
    destroy() {
      socket.destroy();
    },
  };
}
