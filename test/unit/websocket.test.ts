import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { readWebSocket } from '../../src/kube/websocket';

/** A socket double that records writes: enough for the frame reader. */
class FakeSocket extends EventEmitter {
  written: Buffer[] = [];
  destroyed = false;
  writable = true;
  write(chunk: Buffer): boolean {
    this.written.push(chunk);
    return true;
  }
  end(): void {
    this.writable = false;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

function frame(opcode: number, payload: Buffer, fin = true): Buffer {
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([(fin ? 0x80 : 0) | opcode, length])
      : length < 65536
        ? Buffer.from([(fin ? 0x80 : 0) | opcode, 126, length >> 8, length & 0xff])
        : (() => {
            const h = Buffer.alloc(10);
            h[0] = (fin ? 0x80 : 0) | opcode;
            h[1] = 127;
            h.writeBigUInt64BE(BigInt(length), 2);
            return h;
          })();
  return Buffer.concat([header, payload]);
}

describe('the exec WebSocket reader', () => {
  it('reassembles fragmented messages, across arbitrary chunk boundaries, with all length encodings', () => {
    const socket = new FakeSocket();
    const messages: Buffer[] = [];
    readWebSocket(socket as unknown as Socket, Buffer.alloc(0), {
      onMessage: (m) => messages.push(m),
      onClose: () => {},
    });
    const big = Buffer.alloc(70_000, 7);
    const stream = Buffer.concat([
      frame(2, Buffer.from([1, 65, 66]), false),
      frame(0, Buffer.from([67]), true),
      frame(2, Buffer.concat([Buffer.from([1]), Buffer.alloc(300, 1)])),
      frame(2, Buffer.concat([Buffer.from([2]), big])),
    ]);
    // Feed it in awkward slices: 1 byte, then 7 bytes, then the rest.
    socket.emit('data', stream.subarray(0, 1));
    socket.emit('data', stream.subarray(1, 8));
    socket.emit('data', stream.subarray(8));
    expect(messages.map((m) => m.length)).toEqual([4, 301, 70_001]);
    expect(messages[0]?.toString('latin1')).toBe('\x01ABC');
  });

  it('answers a ping with a masked pong and a close with a close', () => {
    const socket = new FakeSocket();
    let closed: boolean | undefined;
    readWebSocket(socket as unknown as Socket, frame(9, Buffer.from('hi')), {
      onMessage: () => {},
      onClose: (clean) => (closed = clean),
    });
    return new Promise<void>((resolve) => {
      queueMicrotask(() => {
        const pong = socket.written[0] as Buffer;
        expect(pong[0]).toBe(0x8a);
        expect((pong[1] as number) & 0x80).toBe(0x80); // client frames are masked
        socket.emit('data', frame(8, Buffer.from([0x03, 0xe8])));
        expect(closed).toBe(true);
        expect((socket.written[1] as Buffer)[0]).toBe(0x88);
        resolve();
      });
    });
  });

  it('reports an unclean end when the stream stops mid-frame', () => {
    const socket = new FakeSocket();
    let clean: boolean | undefined;
    readWebSocket(socket as unknown as Socket, Buffer.alloc(0), { onMessage: () => {}, onClose: (c) => (clean = c) });
    socket.emit('data', frame(2, Buffer.alloc(50)).subarray(0, 20));
    socket.emit('end');
    expect(clean).toBe(false);
  });
});
