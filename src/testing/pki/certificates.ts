/**
 * The simulated cluster's PKI: a CA generated at start, a server certificate for 127.0.0.1 and
 * localhost, and client certificates (CN = user, O = groups) for client-certificate auth. ECDSA
 * P-256 keys: generating them takes about a millisecond, so the cluster starts fast.
 */
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import {
  bitString,
  boolean,
  explicit,
  flagBits,
  integer,
  octetString,
  oid,
  sequence,
  set,
  smallInteger,
  time,
  tlv,
  utf8String,
} from './der';

const ecdsaWithSha256 = sequence(oid('1.2.840.10045.4.3.2'));

/** A key pair with its PEM forms. */
export interface KeyMaterial {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** PKCS#8 PEM. */
  readonly keyPem: string;
}

/** A certificate with its key. */
export interface IssuedCertificate extends KeyMaterial {
  readonly certPem: string;
}

/** The certificate authority: issues the server and client certificates. */
export interface CertificateAuthority extends IssuedCertificate {
  /** Issues a certificate signed by this CA. */
  issue(request: CertificateRequest): IssuedCertificate;
}

/** What to put in an issued certificate. */
export interface CertificateRequest {
  readonly commonName: string;
  readonly organizations?: readonly string[];
  readonly usage: 'server' | 'client';
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  readonly validDays?: number;
}

function newKey(): KeyMaterial {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { privateKey, publicKey, keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

function name(commonName: string, organizations: readonly string[] = []): Buffer {
  return sequence(
    ...organizations.map((organization) => set(sequence(oid('2.5.4.10'), utf8String(organization)))),
    set(sequence(oid('2.5.4.3'), utf8String(commonName))),
  );
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(oid(id), boolean(true), octetString(value)) : sequence(oid(id), octetString(value));
}

function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // The key bits are the tail of the SPKI: the 65-byte uncompressed P-256 point.
  return createHash('sha1')
    .update(spki.subarray(spki.length - 65))
    .digest();
}

function serialNumber(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 1) & 0x7f) | 0x01; // positive and minimal, as Go requires
  return bytes;
}

function ipBytes(address: string): Buffer {
  return Buffer.from(address.split('.').map(Number));
}

function toPem(der: Buffer): string {
  const base64 = der.toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${base64}${base64.endsWith('\n') ? '' : '\n'}-----END CERTIFICATE-----\n`;
}

function buildCertificate(fields: {
  subject: Buffer;
  issuer: Buffer;
  subjectKey: KeyObject;
  signingKey: KeyObject;
  extensions: Buffer[];
  validDays: number;
}): string {
  const now = Date.now();
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    integer(serialNumber()),
    ecdsaWithSha256,
    fields.issuer,
    sequence(time(new Date(now - 60 * 60 * 1000)), time(new Date(now + fields.validDays * 24 * 60 * 60 * 1000))),
    fields.subject,
    fields.subjectKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(...fields.extensions)),
  );
  const signature = sign('sha256', tbs, fields.signingKey);
  return toPem(sequence(tbs, ecdsaWithSha256, bitString(signature)));
}

/** Generates a fresh CA (valid for a year) for one simulated cluster. */
export function createCertificateAuthority(commonName = 'kubenv-simulated-ca'): CertificateAuthority {
  const key = newKey();
  const caName = name(commonName);
  const caKeyId = keyIdentifier(key.publicKey);
  const certPem = buildCertificate({
    subject: caName,
    issuer: caName,
    subjectKey: key.publicKey,
    signingKey: key.privateKey,
    validDays: 365,
    extensions: [
      extension('2.5.29.15', true, flagBits([0, 5, 6])), // digitalSignature, keyCertSign, cRLSign
      extension('2.5.29.19', true, sequence(boolean(true))),
      extension('2.5.29.14', false, octetString(caKeyId)),
    ],
  });
  return {
    ...key,
    certPem,
    issue(request) {
      const leaf = newKey();
      const altNames = [
        ...(request.dnsNames ?? []).map((dns) => tlv(0x82, Buffer.from(dns, 'ascii'))),
        ...(request.ipAddresses ?? []).map((ip) => tlv(0x87, ipBytes(ip))),
      ];
      const usage = request.usage === 'server' ? '1.3.6.1.5.5.7.3.1' : '1.3.6.1.5.5.7.3.2';
      const leafPem = buildCertificate({
        subject: name(request.commonName, request.organizations),
        issuer: caName,
        subjectKey: leaf.publicKey,
        signingKey: key.privateKey,
        validDays: request.validDays ?? 365,
        extensions: [
          extension('2.5.29.15', true, flagBits([0, 2])), // digitalSignature, keyEncipherment
          extension('2.5.29.37', false, sequence(oid(usage))),
          extension('2.5.29.19', true, sequence()),
          extension('2.5.29.35', false, sequence(tlv(0x80, caKeyId))),
          ...(altNames.length > 0 ? [extension('2.5.29.17', false, sequence(...altNames))] : []),
        ],
      });
      return { ...leaf, certPem: leafPem };
    },
  };
}
