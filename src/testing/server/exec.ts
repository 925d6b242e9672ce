/**
 * `pods/exec` over WebSocket (`v5.channel.k8s.io`, `v4.channel.k8s.io`). The request is
 * validated first (pod, container, node, running container, command) and refused with a plain
 * HTTP Status, as a kubelet refuses before the upgrade; then the command runs in the simulated
 * container and its output goes out as channel frames, followed by the status frame on channel 3.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Pod } from '../../kube/objects';
import { runCommand } from '../runtime/commands';
import { execContext } from '../runtime/processes';
import type { StoredRecord } from '../store';
import type { SimulatedContainer } from '../types';
import type { Status, StatusError } from './status';
import { badRequest, internalError } from './status';
import { acceptWebSocket, isWebSocketUpgrade, offeredProtocols } from './websocket';

/** Subprotocols served, best first. v5 adds the stream-close signal; both carry a JSON status on channel 3. */
export const execProtocols: readonly string[] = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

const chunkSize = 32 * 1024;
const stdoutChannel = 1;
const stderrChannel = 2;
const errorChannel = 3;

/** A validated exec, ready to upgrade. */
export interface PreparedExec {
  readonly pod: Pod;
  readonly container: string;
  readonly command: readonly string[];
  readonly stdout: boolean;
  readonly stderr: boolean;
  readonly protocol: string;
  /** Set when the kubelet refuses after the API server already upgraded a v5 client (see prepareExec). */
  readonly refusal?: Status | undefined;
}

/**
 * A real API server (1.30 on) translates v5 WebSocket exec to SPDY towards the kubelet
 * (k8s.io/apiserver pkg/util/proxy/streamtranslator.go at v0.34.4): it upgrades the client first,
 * so whatever fails after that arrives as a status on channel 3, re-wrapped by client-go's SPDY
 * decoding. v4 requests are proxied unchanged and carry the runtime's own texts. Each text below
 * was seen on a real 1.34 cluster (test/real/simulator-vs-real.test.ts).
 */
const TRANSLATED_PROTOCOL = 'v5.channel.k8s.io';

function containerNames(pod: Pod): string[] {
  return [...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((container) => container.name);
}

/** Validates an exec request against its pod; a StatusError is answered as plain HTTP. */
export function prepareExec(
  request: IncomingMessage,
  query: URLSearchParams,
  record: StoredRecord,
): PreparedExec | StatusError {
  const pod = record.object as Pod;
  let container = query.get('container') ?? '';
  if (container === '') {
    if (pod.spec.containers.length === 1) container = pod.spec.containers[0]?.name ?? '';
    else if (pod.spec.containers.length === 0)
      return badRequest(`a container name must be specified for pod ${pod.metadata.name}`);
    else {
      return badRequest(
        `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${containerNames(pod).join(' ')}]`,
      );
    }
  } else if (!containerNames(pod).includes(container)) {
    return badRequest(`container ${container} is not valid for pod ${pod.metadata.name}`);
  }
  if (!pod.spec.nodeName) return badRequest(`pod ${pod.metadata.name} does not have a host assigned`);

  const flag = (name: string): boolean => ['true', '1'].includes(query.get(name) ?? '');
  const stdout = flag('stdout');
  const stderr = flag('stderr');
  if (!stdout && !stderr && !flag('stdin')) return badRequest('you must specify at least 1 of stdin, stdout, stderr');
  const command = query.getAll('command');
  if (command.length === 0) return badRequest('you must specify at least one command for the container');

  // The kubelet finds no running container to exec in: pending, terminated or not started.
  const status = (pod.status?.containerStatuses ?? []).find((candidate) => candidate.name === container);
  const running = pod.status?.phase === 'Running' && status?.state?.running !== undefined;
  const protocol = isWebSocketUpgrade(request)
    ? execProtocols.find((candidate) => offeredProtocols(request).includes(candidate))
    : undefined;
  const notFound = () => internalError(`unable to upgrade connection: container not found ("${container}")`);
  if (!running && protocol !== TRANSLATED_PROTOCOL) return notFound();

  if (!isWebSocketUpgrade(request)) {
    return badRequest(
      'the simulated cluster serves exec over WebSocket only (v5.channel.k8s.io or v4.channel.k8s.io); SPDY is not supported',
    );
  }
  if (protocol === undefined) {
    return badRequest(`none of the offered WebSocket subprotocols is supported; use ${execProtocols.join(' or ')}`);
  }
  return { pod, container, command, stdout, stderr, protocol, refusal: running ? undefined : notFound().status };
}

function exitStatus(command: readonly string[], exitCode: number, protocol: string): Status {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message:
      protocol === TRANSLATED_PROTOCOL
        ? `command terminated with non-zero exit code: command terminated with exit code ${exitCode}`
        : `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

function sendChunks(send: (data: Buffer) => void, channel: number, data: Buffer, limit: number): number {
  let sent = 0;
  for (let offset = 0; offset < data.length && sent < limit; offset += chunkSize) {
    const chunk = data.subarray(offset, Math.min(offset + chunkSize, data.length, offset + (limit - sent)));
    send(Buffer.concat([Buffer.from([channel]), chunk]));
    sent += chunk.length;
  }
  return sent;
}

/** Upgrades and runs a prepared exec. `cutAfter` cuts stdout there and closes without a status. */
export function runExec(
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  prepared: PreparedExec,
  runtimeOf: (container: string) => SimulatedContainer,
  cutAfter: number | undefined,
): Promise<void> {
  const connection = acceptWebSocket(request, socket, head, prepared.protocol);
  const send = (data: Buffer): void => connection.sendBinary(data);
  const finish = (status: Status): Promise<void> => {
    send(Buffer.concat([Buffer.from([errorChannel]), Buffer.from(JSON.stringify(status))]));
    connection.close();
    return connection.closed;
  };
  if (prepared.refusal) return finish(prepared.refusal);
  const context = execContext(prepared.pod, prepared.container, prepared.command, runtimeOf);
  const result = runCommand(prepared.command, context);

  if (result.kind === 'start-failed') {
    const fromRuntime = `error executing command in container: ${result.cause}`;
    // v5: the runtime's InternalError, decoded to a plain error by the API server's SPDY client, wrapped once more.
    const translated = prepared.protocol === TRANSLATED_PROTOCOL;
    return finish(internalError(translated ? `Internal error occurred: ${fromRuntime}` : fromRuntime).status);
  }
  if (cutAfter !== undefined) {
    sendChunks(send, stdoutChannel, prepared.stdout ? result.stdout : Buffer.alloc(0), cutAfter);
    connection.close();
    return connection.closed;
  }
  if (prepared.stdout) sendChunks(send, stdoutChannel, result.stdout, Number.POSITIVE_INFINITY);
  if (prepared.stderr) sendChunks(send, stderrChannel, result.stderr, Number.POSITIVE_INFINITY);
  return finish(exitStatus(prepared.command, result.exitCode, prepared.protocol));
}
