/**
 * A bare HTTPS server that answers whatever a test scripts, with a kubeconfig pointing at it: for
 * answers the simulated cluster never gives (endless bodies, `null` objects, broken WebSocket
 * handshakes). Certificates come from the simulated cluster's own CA code.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { fetchRemoteEnv, type RemoteEnv } from '../../src/index';
import { renderKubeconfig } from '../../src/testing/kubeconfig';
import {
  type CertificateAuthority,
  createCertificateAuthority,
  type IssuedCertificate,
} from '../../src/testing/pki/certificates';
import { EMPTY_PROJECT } from './cluster';

export const RAW_TOKEN = 'raw-server-token-3f9a';

/** Fetches pod `x` in `default` by the spec source through `kubeconfig` (a raw server's). */
export function fetchRawPod(kubeconfig: string, signal?: AbortSignal): Promise<RemoteEnv> {
  return fetchRemoteEnv({
    target: 'pod/x',
    namespace: 'default',
    source: 'spec',
    cwd: EMPTY_PROJECT,
    env: { KUBECONFIG: kubeconfig },
    timeout: 10_000,
    ...(signal ? { signal } : {}),
  });
}

/** A running pod `x` in `default` with one container `app` (env A=1), for a server to answer with. */
export const RAW_POD: Readonly<Record<string, unknown>> = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'x', namespace: 'default', uid: 'u1' },
  spec: {
    enableServiceLinks: false,
    containers: [{ name: 'app', image: 'busybox', env: [{ name: 'A', value: '1' }] }],
  },
  status: {
    phase: 'Running',
    containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }],
  },
};

export interface RawServer {
  readonly kubeconfigPath: string;
  /** The server's URL, `https://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every request's method and URL path, in order. */
  readonly requests: string[];
  /** The client connections open now. */
  readonly sockets: ReadonlySet<Socket>;
  /** Per TLS connection, in order: whether it resumed an earlier session. */
  readonly handshakes: boolean[];
  /** The CA's certificate (PEM) that the kubeconfig trusts. */
  readonly caPem: string;
  /** The CA itself, to issue client certificates the server accepts. */
  readonly ca: CertificateAuthority;
  /** Per request: the common name of the client certificate presented, or undefined. */
  readonly clientNames: (string | undefined)[];
  /** How to answer plain requests. */
  onRequest: (request: IncomingMessage, response: ServerResponse) => void;
  /** How to answer WebSocket upgrades (exec). */
  onUpgrade: (request: IncomingMessage, socket: Socket) => void;
  stop(): Promise<void>;
}

export interface RawServerOptions {
  /** The server's certificate; by default one of the kubeconfig's CA for 127.0.0.1. */
  readonly certificate?: (ca: CertificateAuthority) => IssuedCertificate;
  /** The loopback address to listen on; the kubeconfig's server URL uses it. */
  readonly host?: '127.0.0.1' | '::1';
}

export async function startRawServer(options: RawServerOptions = {}): Promise<RawServer> {
  const ca = createCertificateAuthority('kubenv-raw-ca');
  const leaf =
    options.certificate?.(ca) ?? ca.issue({ commonName: '127.0.0.1', usage: 'server', ipAddresses: ['127.0.0.1'] });
  const sockets = new Set<Socket>();
  const state: RawServer = {
    kubeconfigPath: '',
    url: '',
    requests: [],
    sockets,
    handshakes: [],
    caPem: ca.certPem,
    ca,
    clientNames: [],
    onRequest: (_request, response) => {
      response.writeHead(500).end();
    },
    onUpgrade: (_request, socket) => {
      socket.destroy();
    },
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  // A client certificate is asked for (of the CA) but not required: tests see which one came.
  const tlsOptions = {
    key: leaf.keyPem,
    cert: leaf.certPem,
    ca: ca.certPem,
    requestCert: true,
    rejectUnauthorized: false,
  };
  const server: Server = createServer(tlsOptions, (request, response) => {
    state.requests.push(`${request.method} ${request.url?.split('?')[0]}`);
    const peer = (request.socket as TLSSocket).getPeerCertificate();
    state.clientNames.push((request.socket as TLSSocket).authorized ? String(peer.subject.CN) : undefined);
    state.onRequest(request, response);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket: TLSSocket) => state.handshakes.push(socket.isSessionReused()));
  server.on('upgrade', (request: IncomingMessage, socket: Socket) => {
    state.requests.push(`UPGRADE ${request.url?.split('?')[0]}`);
    state.onUpgrade(request, socket);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const url = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-raw-'));
  const kubeconfigPath = path.join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfigPath,
    renderKubeconfig({
      server: url,
      caPem: ca.certPem,
      contextName: 'raw',
      userName: 'raw-user',
      namespace: 'default',
      credentials: { token: RAW_TOKEN },
    }),
  );
  return Object.assign(state, { kubeconfigPath, url });
}
