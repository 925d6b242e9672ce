/**
 * Fuzzing the exec WebSocket reader: random sequences of frames (every opcode, all three length
 * encodings, masked or not, fragmented) cut at random points, and plain random bytes. The reader
 * hands back exactly the data messages that were sent, or ends the connection with an error;
 * it never throws out of the socket's event handler, and never buffers past its limit.
 */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnswerTooLargeError } from '../../src/kube/transport';
import { readWebSocket } from '../../src/kube/websocket';
import { RUNS } from '../support/fuzz';

class FakeSocket extends EventEmitter {
  destroyed = false;
  writable = true;
  write(): boolean {
    return true;
  }
  end(): void {
    this.writable = false;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

function header(opcode: number, fin: boolean, length: number, mask: Buffer | undefined, encoding: 0 | 1 | 2): Buffer {
  const first = (fin ? 0x80 : 0) | opcode;
  const maskBit = mask ? 0x80 : 0;
  let head: Buffer;
  if (encoding === 0 && length < 126) head = Buffer.from([first, maskBit | length]);
  else if (encoding !== 2 && length < 65536) {
    head = Buffer.from([first, maskBit | 126, length >> 8, length & 0xff]);
  } else {
    head = Buffer.alloc(10);
    head[0] = first;
    head[1] = maskBit | 127;
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  return mask ? Buffer.concat([head, mask]) : head;
}

type Frame = { opcode: number; fin: boolean; payload: Uint8Array; mask: Uint8Array | null; encoding: 0 | 1 | 2 };
const frameArb: fc.Arbitrary<Frame> = fc.record({
  opcode: fc.constantFrom(0x0, 0x1, 0x2, 0x9, 0xa, 0x3, 0xb),
  fin: fc.boolean(),
  payload: fc.uint8Array({ maxLength: 300 }),
  mask: fc.option(fc.uint8Array({ minLength: 4, maxLength: 4 }), { nil: null }),
  encoding: fc.constantFrom(0, 1, 2),
});

function encode(frame: Frame): Buffer {
  const mask = frame.mask ? Buffer.from(frame.mask) : undefined;
  const payload = Buffer.from(frame.payload);
  const body = mask ? payload.map((byte, i) => byte ^ (mask[i & 3] as number)) : payload;
  return Buffer.concat([header(frame.opcode, frame.fin, payload.length, mask, frame.encoding), Buffer.from(body)]);
}

/** The data messages a correct reader reports for these frames (until a close frame). */
function expectedMessages(frames: readonly Frame[]): Buffer[] {
  const messages: Buffer[] = [];
  let parts: Buffer[] = [];
  for (const frame of frames) {
    if (frame.opcode === 0x8) break;
    if (frame.opcode === 0x9 || frame.opcode === 0xa) continue;
    if ([0x0, 0x1, 0x2].includes(frame.opcode)) {
      parts.push(Buffer.from(frame.payload));
      if (frame.fin) {
        messages.push(Buffer.concat(parts));
        parts = [];
      }
    }
  }
  return messages;
}

function feed(stream: Buffer, cuts: number[], maxMessageBytes?: number) {
  const socket = new FakeSocket();
  const messages: Buffer[] = [];
  const closes: Array<{ clean: boolean; error?: Error }> = [];
  readWebSocket(
    socket as unknown as Socket,
    Buffer.alloc(0),
    { onMessage: (m) => messages.push(m), onClose: (clean, error) => closes.push({ clean, error }) },
    maxMessageBytes,
  );
  let at = 0;
  for (const cut of [...cuts.map((c) => c % (stream.length + 1)).sort((a, b) => a - b), stream.length]) {
    if (cut > at) socket.emit('data', stream.subarray(at, cut));
    at = Math.max(at, cut);
  }
  socket.emit('end');
  return { messages, closes };
}

describe('WebSocket frames', () => {
  it('random well-formed frames, cut anywhere: exactly the data messages sent', () => {
    fc.assert(
      fc.property(fc.array(frameArb, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 6 }), (frames, cuts) => {
        const { messages, closes } = feed(Buffer.concat(frames.map(encode)), cuts);
        expect(messages.map((m) => m.toString('hex'))).toEqual(expectedMessages(frames).map((m) => m.toString('hex')));
        expect(closes).toHaveLength(1);
      }),
      RUNS,
    );
  });

  it('random bytes: no throw, one close, an Error when unclean', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.array(fc.nat(), { maxLength: 4 }), (bytes, cuts) => {
        const { closes } = feed(Buffer.from(bytes), cuts, 1024);
        expect(closes).toHaveLength(1);
        const error = closes[0]?.error;
        if (error !== undefined) expect(error).toBeInstanceOf(Error);
      }),
      RUNS,
    );
  });

  it('a message over the limit ends the connection with AnswerTooLargeError, whatever the fragmentation', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 2, max: 200 }), { minLength: 1, maxLength: 8 }), (sizes) => {
        const total = sizes.reduce((a, b) => a + b, 0);
        const frames = sizes.map((size, i) => ({
          opcode: i === 0 ? 0x2 : 0x0,
          fin: i === sizes.length - 1,
          payload: new Uint8Array(size),
          mask: null,
          encoding: 0 as const,
        }));
        const limit = total - 1;
        const { messages, closes } = feed(Buffer.concat(frames.map(encode)), [], limit);
        expect(messages).toEqual([]);
        expect(closes[0]?.error).toBeInstanceOf(AnswerTooLargeError);
      }),
      RUNS,
    );
  });
});
