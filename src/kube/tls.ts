/**
 * The TLS side of a connection to the API server: the kubeconfig's CA and client certificate
 * checked when the transport is built, and the options each request and agent uses.
 */
import type https from 'node:https';
import tls from 'node:tls';
import type { RequestAuth } from './auth';
import type { KubeEndpoint } from './kubeconfig';
import { TlsMaterialError } from './transport-errors';

/**
 * Loads the CA and the client certificate and key once, so a bad one is a TlsMaterialError that
 * says which part is wrong. Node only loads PEM when a connection is made, and then fails with
 * an untyped OpenSSL error (`PEM routines::no start line`).
 */
export function checkTlsMaterial(material: KubeEndpoint['tls']): void {
  try {
    if (material.ca) tls.createSecureContext({ ca: material.ca });
  } catch (cause) {
    throw new TlsMaterialError('certificate-authority', { cause: openSslReason(cause) });
  }
  try {
    if (material.cert || material.key) tls.createSecureContext({ cert: material.cert, key: material.key });
  } catch (cause) {
    throw new TlsMaterialError('client-certificate', { cause: openSslReason(cause) });
  }
}

/** OpenSSL's reason without anything else of the error (its fields can hold the PEM's bytes). */
function openSslReason(cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message.split('\n')[0] : 'unreadable';
  return new Error(reason);
}

/** The TLS options towards the API server: the kubeconfig's, with a plugin's client certificate. */
export function tlsOptions(material: KubeEndpoint['tls'], auth: RequestAuth): https.AgentOptions {
  return {
    ca: material.ca,
    cert: auth.cert ?? material.cert,
    key: auth.cert ? auth.key : material.key,
    rejectUnauthorized: material.rejectUnauthorized,
    servername: material.servername,
  };
}
