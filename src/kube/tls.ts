/**
 * The TLS side of a connection to the API server: its CA and the client certificate and key,
 * loaded into OpenSSL once per process, and the options each request and agent uses.
 *
 * Node builds a SecureContext for every connection that is not handed one, and building it
 * (parsing the PEMs, loading them into OpenSSL) costs about 1 ms each time, more than the rest
 * of a repeated fetch's TLS work (bench/sections/in-process.mjs).
 */
import { X509Certificate } from 'node:crypto';
import type https from 'node:https';
import tls from 'node:tls';
import type { RequestAuth } from './auth';
import type { KubeEndpoint } from './kubeconfig';
import { type TlsMaterial, tlsMaterialKey } from './tls-material';
import { TlsMaterialError } from './transport-errors';

export type { TlsMaterial } from './tls-material';

// A few entries are enough: one per cluster and client certificate a process talks to. A plugin
// that rotates its certificate adds one per rotation, so the oldest go first.
const MAX_CONTEXTS = 16;
const contexts = new Map<string, tls.SecureContext>();

/**
 * The SecureContext for this material, shared within the process. Throws TlsMaterialError
 * naming the part that OpenSSL refused: Node would otherwise load the PEMs only when connecting
 * and fail with an untyped error (`PEM routines::no start line`). The transport calls it when
 * it is built, so a bad PEM is reported before any request.
 */
export function secureContextFor(material: TlsMaterial): tls.SecureContext {
  const key = tlsMaterialKey(material);
  let context = contexts.get(key);
  if (!context) {
    context = createContext(material);
    if (contexts.size >= MAX_CONTEXTS) contexts.delete(contexts.keys().next().value as string);
    contexts.set(key, context);
  }
  return context;
}

function createContext(material: TlsMaterial): tls.SecureContext {
  if (material.ca) {
    try {
      checkCertificates(material.ca);
    } catch (cause) {
      throw new TlsMaterialError('certificate-authority', { cause: openSslReason(cause) });
    }
  }
  try {
    return tls.createSecureContext({ ca: material.ca, cert: material.cert, key: material.key });
  } catch (cause) {
    // The CA was checked above, and Node does not refuse one anyway: this is the certificate or key.
    throw new TlsMaterialError('client-certificate', { cause: openSslReason(cause) });
  }
}

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[^-]*-----END CERTIFICATE-----/g;

/**
 * Throws unless `pem` holds at least one certificate and every CERTIFICATE block parses, as
 * client-go's `certutil.ParseCertsPEM` does (k8s.io/client-go/util/cert/pem.go). Node's
 * createSecureContext skips a CA it cannot read without a word, and the connection would
 * then fail as if the server's certificate were untrusted.
 */
function checkCertificates(pem: string | Buffer): void {
  const blocks = pem.toString().match(CERTIFICATE_BLOCK) ?? [];
  if (blocks.length === 0) throw new Error('no PEM certificate (-----BEGIN CERTIFICATE-----) in it');
  for (const block of blocks) new X509Certificate(block);
}

/** OpenSSL's reason without anything else of the error (its fields can hold the PEM's bytes). */
function openSslReason(cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message.split('\n')[0] : 'unreadable';
  return new Error(reason);
}

/** The TLS options towards the API server: the kubeconfig's, with a plugin's client certificate. */
export function tlsOptions(endpointTls: KubeEndpoint['tls'], auth: RequestAuth): https.AgentOptions {
  const material = {
    ca: endpointTls.ca,
    cert: auth.cert ?? endpointTls.cert,
    key: auth.cert ? auth.key : endpointTls.key,
  };
  return {
    ...material,
    // Node uses this instead of building one from ca/cert/key for every connection.
    secureContext: secureContextFor(material),
    rejectUnauthorized: endpointTls.rejectUnauthorized,
    servername: endpointTls.servername,
  };
}
