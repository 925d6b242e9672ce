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
}

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
  if (!running) return internalError(`unable to upgrade connection: container not found ("${container}")`);

  if (!isWebSocketUpgrade(request)) {
    return badRequest(
      'the simulated cluster serves exec over WebSocket only (v5.channel.k8s.io or v4.channel.k8s.io); SPDY is not supported',
    );
  }
  const protocol = execProtocols.find((candidate) => offeredProtocols(request).includes(candidate));
  if (protocol === undefined) {
    return badRequest(`none of the offered WebSocket subprotocols is supported; use ${execProtocols.join(' or ')}`);
  }
  return { pod, container, command, stdout, stderr, protocol };
}

function exitStatus(command: readonly string[], exitCode: number): Status {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${exitCode}`,
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
  const context = execContext(prepared.pod, prepared.container, prepared.command, runtimeOf);
  const result = runCommand(prepared.command, context);
  const send = (data: Buffer): void => connection.sendBinary(data);

  if (result.kind === 'start-failed') {
    const status = internalError(`error executing command in container: ${result.cause}`).status;
    send(Buffer.concat([Buffer.from([errorChannel]), Buffer.from(JSON.stringify(status))]));
    connection.close();
    return connection.closed;
  }
  if (cutAfter !== undefined) {
    sendChunks(send, stdoutChannel, prepared.stdout ? result.stdout : Buffer.alloc(0), cutAfter);
    connection.close();
    return connection.closed;
  }
  if (prepared.stdout) sendChunks(send, stdoutChannel, result.stdout, Number.POSITIVE_INFINITY);
  if (prepared.stderr) sendChunks(send, stderrChannel, result.stderr, Number.POSITIVE_INFINITY);
  const status = exitStatus(prepared.command, result.exitCode);
  send(Buffer.concat([Buffer.from([errorChannel]), Buffer.from(JSON.stringify(status))]));
  connection.close();
  return connection.closed;
}
