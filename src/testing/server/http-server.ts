/**
 * The HTTPS front of the simulated API server: authentication, the request log, faults, RBAC,
 * then discovery, reads, watches and exec. Plain requests and upgrade requests (exec) go through
 * the same pipeline; only the way the answer is written differs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { Pod } from '../../kube/objects';
import type { Faults, FaultTarget } from '../faults';
import type { MutableRequestLogEntry, RequestLogImpl } from '../request-log';
import type { ObjectStore } from '../store';
import type { SimulatedContainer } from '../types';
import { type Reply, serveRead, serveWatch } from './api';
import { authenticate, type Credentials, impersonationOf } from './auth';
import {
  coreVersionsDocument,
  groupDocumentFor,
  groupListDocument,
  resourceListDocument,
  versionDocument,
} from './discovery';
import { prepareExec, runExec } from './exec';
import { requestInfo } from './request-info';
import type { StatusError } from './status';
import { forbidden, notFound, pathNotFound, statusForCode, tooManyRequests, unauthorized } from './status';
import { responseTransport, type Transport, upgradeTransport } from './transport';

/** What the server needs from the cluster around it. */
export interface ApiServerContext extends Credentials {
  readonly store: ObjectStore;
  readonly faults: Faults;
  readonly log: RequestLogImpl;
  readonly version: { readonly major: string; readonly minor: string };
  readonly tls: { readonly key: string; readonly cert: string; readonly ca: string };
  runtimeOf(namespace: string, pod: Pod, container: string): SimulatedContainer;
}

/** A listening simulated API server. */
export interface ApiServer {
  readonly port: number;
  close(): Promise<void>;
}

const publicPaths = new Set(['/version', '/healthz', '/livez', '/readyz']);

function statusReply(transport: Transport, error: StatusError): number {
  transport.reply(error.code, 'application/json', JSON.stringify(error.status), error.headers);
  return error.code;
}

function discovery(path: string, context: ApiServerContext, host: string): object | undefined {
  if (path === '/version') return versionDocument(context.version);
  if (path === '/api') return coreVersionsDocument(host);
  if (path === '/apis') return groupListDocument();
  if (path === '/api/v1') return resourceListDocument('', 'v1');
  const group = /^\/apis\/([^/]+)$/.exec(path);
  if (group) return groupDocumentFor(group[1] ?? '');
  const groupVersion = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
  if (groupVersion) return resourceListDocument(groupVersion[1] ?? '', groupVersion[2] ?? '');
  return undefined;
}

/** Starts the HTTPS server on 127.0.0.1 (a free port). */
export async function startApiServer(context: ApiServerContext): Promise<ApiServer> {
  const sockets = new Set<Duplex>();
  const hung = new Set<Transport>();
  const timers = new Set<NodeJS.Timeout>();
  const watches = new Set<{ close(): void }>();
  let closing = false;

  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  async function handle(request: IncomingMessage, transport: Transport): Promise<void> {
    const started = performance.now();
    const url = new URL(request.url ?? '/', 'https://127.0.0.1');
    const info = requestInfo(request.method ?? 'GET', url);
    const identity = authenticate(request, context);
    const entry: MutableRequestLogEntry = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      verb: info.isResourceRequest ? info.verb : '',
      apiGroup: info.apiGroup,
      resource: info.resource,
      subresource: info.subresource,
      namespace: info.namespace,
      name: info.name,
      userAgent: request.headers['user-agent'] ?? '',
      user: identity.kind === 'user' ? identity.name : undefined,
      groups: identity.kind === 'user' ? identity.groups : [],
      impersonation: impersonationOf(request),
      startedAt: Date.now(),
      status: 0,
      durationMs: 0,
    };
    context.log.add(entry);
    const finish = (status: number): void => {
      entry.status = status;
      entry.durationMs = performance.now() - started;
    };
    const target: FaultTarget = entry;

    const latency = context.faults.latencyFor(target);
    if (latency > 0) await delay(latency);
    if (closing) return transport.destroy();
    const connectionFault = context.faults.connectionFault(target);
    if (connectionFault.kind === 'hang') {
      hung.add(transport);
      return;
    }
    if (connectionFault.kind === 'reset') {
      finish(0);
      return transport.destroy();
    }

    if (identity.kind === 'invalid' || (identity.kind === 'anonymous' && !publicPaths.has(url.pathname))) {
      return finish(statusReply(transport, unauthorized()));
    }
    const serverFault = context.faults.serverFault(target);
    if (serverFault.kind === 'throttle')
      return finish(statusReply(transport, tooManyRequests(serverFault.retryAfterSeconds)));
    if (serverFault.kind === 'fail')
      return finish(statusReply(transport, statusForCode(serverFault.status, serverFault.message)));

    if (!info.isResourceRequest) {
      if (['/healthz', '/livez', '/readyz'].includes(url.pathname)) {
        transport.reply(200, 'text/plain; charset=utf-8', 'ok');
        return finish(200);
      }
      const document = discovery(url.pathname.replace(/\/$/, ''), context, `127.0.0.1:${port}`);
      if (document === undefined) return finish(statusReply(transport, pathNotFound()));
      transport.reply(200, 'application/json', JSON.stringify(document));
      return finish(200);
    }

    const definition = info.definition;
    if (definition !== undefined && identity.kind === 'user' && context.faults.denied(target)) {
      const error = forbidden({
        definition,
        subresource: info.subresource,
        verb: info.verb,
        user: identity.name,
        namespace: definition.namespaced ? info.namespace : undefined,
        name: info.name,
      });
      return finish(statusReply(transport, error));
    }

    if (info.subresource === 'exec' && definition?.resource === 'pods' && info.namespace !== undefined) {
      const record = context.store.get(definition, info.namespace, info.name ?? '');
      if (record === undefined) return finish(statusReply(transport, notFound(definition, info.name ?? '')));
      const prepared = prepareExec(request, url.searchParams, record);
      if ('status' in prepared) return finish(statusReply(transport, prepared));
      if (transport.upgrade === undefined) return finish(statusReply(transport, pathNotFound()));
      const namespace = info.namespace;
      const cut = context.faults.execCut(target);
      finish(101);
      await runExec(
        request,
        transport.upgrade.socket,
        transport.upgrade.head,
        prepared,
        (container) => context.runtimeOf(namespace, prepared.pod, container),
        cut,
      );
      entry.durationMs = performance.now() - started;
      return;
    }

    if (info.verb === 'watch' && transport.response !== undefined) {
      const watch = serveWatch(info, url.searchParams, request.headers.accept, context.store, transport.response);
      if ('code' in watch) return finish(statusReply(transport, watch));
      watches.add(watch);
      transport.response.on('close', () => watches.delete(watch));
      return finish(200);
    }

    const reply: Reply | StatusError = serveRead(info, url.searchParams, request.headers.accept, context.store);
    if ('status' in reply) return finish(statusReply(transport, reply));
    transport.reply(reply.code, reply.contentType, reply.body);
    finish(reply.code);
  }

  const fail = (transport: Transport) => (error: unknown) => {
    // A bug in the simulator must show up in the test, not as a hung request.
    console.error('kubenv simulated cluster: request failed:', error);
    transport.reply(500, 'application/json', JSON.stringify(statusForCode(500, String(error)).status));
  };

  const server: Server = createServer({
    key: context.tls.key,
    cert: context.tls.cert,
    ca: [context.tls.ca],
    requestCert: true,
    rejectUnauthorized: false,
  });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const transport = responseTransport(response);
    handle(request, transport).catch(fail(transport));
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const transport = upgradeTransport(socket, head);
    handle(request, transport).catch(fail(transport));
  });
  server.on('secureConnection', (socket: TLSSocket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Connections still in their TLS handshake too (a client's spare connection, opened ahead of
  // a request, src/kube/server-connections.ts): close() must end them, or server.close() would wait for them.
  server.on('connection', (socket: Socket) => {
    if (closing) return socket.destroy();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => {
    // A client that rejects our CA: nothing to answer.
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  return {
    port,
    async close() {
      closing = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const watch of watches) watch.close();
      for (const transport of hung) transport.destroy();
      hung.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await closed;
    },
  };
}
