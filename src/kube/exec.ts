/**
 * Kubernetes exec over WebSocket (`v5.channel.k8s.io`, falling back to `v4`): every message is
 * `[channel, ...bytes]` with 1 = stdout, 2 = stderr, 3 = the final Status as JSON.
 */
import type { Query, Transport } from './transport';
import { AnswerTooLargeError, type KubeStatus, NetworkError } from './transport-errors';
import { MAX_MESSAGE_BYTES, readWebSocket, upgradeHeaders } from './websocket';

const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;
/** The most an exec may print (stdout and stderr together). */
const MAX_EXEC_OUTPUT_BYTES = MAX_MESSAGE_BYTES;
const STDOUT = 1;
const STDERR = 2;
const STATUS = 3;

/** What an exec produced. */
export interface ExecResult {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  /** 0 on success; the command's exit code on NonZeroExitCode; undefined when the status carried none. */
  readonly exitCode: number | undefined;
  /** The final status; undefined when the stream was cut before it came. */
  readonly status: KubeStatus | undefined;
}

/** Which container to run in, and what. */
export interface ExecRequest {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly command: readonly string[];
}

/** Runs a command in a container and collects its output. Resolves when the server closes the stream. */
export async function execInContainer(
  transport: Transport,
  request: ExecRequest,
  signal: AbortSignal,
): Promise<ExecResult> {
  const { headers, accept } = upgradeHeaders(PROTOCOLS);
  const path = `/api/v1/namespaces/${encodeURIComponent(request.namespace)}/pods/${encodeURIComponent(request.pod)}/exec`;
  const query: Query = {
    command: request.command,
    container: request.container,
    stdin: 'false',
    stdout: 'true',
    stderr: 'true',
    tty: 'false',
  };
  const { socket, headers: answerHeaders, head } = await transport.upgrade(path, query, headers, signal);
  if (answerHeaders['sec-websocket-accept'] !== accept) {
    socket.destroy();
    // Not the API server's WebSocket (a proxy that answers 101 itself, or a broken server).
    throw new NetworkError('the exec upgrade was answered with a wrong Sec-WebSocket-Accept (not a valid WebSocket)', {
      cause: undefined,
    });
  }

  return new Promise<ExecResult>((resolve, reject) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let outputBytes = 0;
    let status: KubeStatus | undefined;
    const onAbort = () => {
      socket.destroy();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    readWebSocket(socket, head, {
      onMessage(message) {
        const channel = message[0];
        const data = message.subarray(1);
        outputBytes += data.length;
        if (outputBytes > MAX_EXEC_OUTPUT_BYTES) {
          // An environ is bounded by the kernel (a quarter of the stack limit, 2 MiB by default):
          // far more is not an environ, and must not fill memory.
          signal.removeEventListener('abort', onAbort);
          socket.destroy();
          reject(new AnswerTooLargeError(MAX_EXEC_OUTPUT_BYTES));
          return;
        }
        if (channel === STDOUT) stdout.push(data);
        else if (channel === STDERR) stderr.push(data);
        else if (channel === STATUS && data.length > 0) status = parseStatus(data);
      },
      onClose(_clean, error) {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) return;
        if (error instanceof AnswerTooLargeError) return reject(error);
        if (error && status === undefined && stdout.length === 0) return reject(error);
        resolve({
          stdout: Buffer.concat(stdout),
          stderr: Buffer.concat(stderr),
          exitCode: exitCodeOf(status),
          status,
        });
      },
    });
  });
}

function parseStatus(data: Buffer): KubeStatus | undefined {
  try {
    return JSON.parse(data.toString('utf8')) as KubeStatus;
  } catch {
    return { status: 'Failure', message: 'unparseable exec status' };
  }
}

function exitCodeOf(status: KubeStatus | undefined): number | undefined {
  if (!status) return undefined;
  if (status.status === 'Success') return 0;
  if (status.reason === 'NonZeroExitCode') {
    const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
    const code = Number(cause?.message);
    return Number.isInteger(code) ? code : undefined;
  }
  return undefined;
}
