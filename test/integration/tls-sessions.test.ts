/**
 * The TLS work of repeated requests to one API server (src/kube/tls.ts,
 * src/kube/agent.ts): one SecureContext per material, and a connection opened ahead of time
 * resumes the server's TLS session instead of a full handshake.
 */
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiServerAgent } from '../../src/kube/agent';
import { secureContextFor } from '../../src/kube/tls';
import { TlsMaterialError } from '../../src/kube/transport-errors';
import { createCertificateAuthority } from '../../src/testing/pki/certificates';
import { type RawServer, startRawServer } from '../support/raw-server';

let server: RawServer | undefined;
const agents: https.Agent[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) agent.destroy();
  await server?.stop();
  server = undefined;
});

function get(agent: https.Agent, port: number, options: https.AgentOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = https.request({ host: '127.0.0.1', port, path: '/version', agent, ...options }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('TLS towards the API server', () => {
  it('a connection opened ahead of time resumes the session of an earlier one', async () => {
    server = await startRawServer();
    server.onRequest = (_request, response) => response.writeHead(200).end('{}');
    const kubeconfig = readFileSync(server.kubeconfigPath, 'utf8');
    const serverPort = Number(/https:\/\/127\.0\.0\.1:(\d+)/.exec(kubeconfig)?.[1]);
    const tls = { ca: server.caPem, secureContext: secureContextFor({ ca: server.caPem }) };
    const agent = new ApiServerAgent(tls);
    agents.push(agent);

    expect(await get(agent, serverPort, tls)).toBe(200);
    // Two requests at once: one takes the kept-alive connection, the other the spare.
    agent.preconnect({ host: '127.0.0.1', port: serverPort, ...tls }, 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await Promise.all([get(agent, serverPort, tls), get(agent, serverPort, tls)])).toEqual([200, 200]);

    expect(server.handshakes).toEqual([false, true]);
  });

  it('builds one SecureContext per material, and says which part OpenSSL refuses', async () => {
    server = await startRawServer();
    expect(secureContextFor({ ca: server.caPem })).toBe(secureContextFor({ ca: `${server.caPem}` }));
    expect(() => secureContextFor({ ca: server?.caPem, cert: 'garbage', key: 'garbage' })).toThrow(TlsMaterialError);
    expect(() => secureContextFor({ cert: 'garbage', key: 'garbage' })).toThrow(/client-certificate/);
  });

  it('keeps the SecureContexts of the last 16 materials: the oldest goes first', () => {
    const cas = Array.from({ length: 17 }, (_, index) => ({ ca: createCertificateAuthority(`ca-${index}`).certPem }));
    const first = cas.map((material) => secureContextFor(material));
    // The 16 latest are the ones built above; the oldest was dropped and is built anew.
    expect(secureContextFor(cas[16]!)).toBe(first[16]);
    expect(secureContextFor(cas[1]!)).toBe(first[1]);
    expect(secureContextFor(cas[0]!)).not.toBe(first[0]);
  });
});
