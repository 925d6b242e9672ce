/**
 * Kubeconfig text for the simulated cluster: one cluster (the CA inlined), one user (token or
 * client certificate), one context, set as current.
 */

/** What goes into a kubeconfig. */
export interface KubeconfigSpec {
  readonly server: string;
  readonly caPem: string;
  readonly contextName: string;
  readonly userName: string;
  readonly namespace: string;
  readonly credentials:
    | { readonly token: string }
    | { readonly clientCertificatePem: string; readonly clientKeyPem: string };
}

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
// JSON strings are valid YAML double-quoted scalars: safe for any token or name.
const quoted = (text: string): string => JSON.stringify(text);

/** The kubeconfig YAML for `spec`. */
export function renderKubeconfig(spec: KubeconfigSpec): string {
  const user =
    'token' in spec.credentials
      ? [`    token: ${quoted(spec.credentials.token)}`]
      : [
          `    client-certificate-data: ${base64(spec.credentials.clientCertificatePem)}`,
          `    client-key-data: ${base64(spec.credentials.clientKeyPem)}`,
        ];
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${quoted(spec.contextName)}`,
    '  cluster:',
    `    server: ${quoted(spec.server)}`,
    `    certificate-authority-data: ${base64(spec.caPem)}`,
    'contexts:',
    `- name: ${quoted(spec.contextName)}`,
    '  context:',
    `    cluster: ${quoted(spec.contextName)}`,
    `    user: ${quoted(spec.userName)}`,
    `    namespace: ${quoted(spec.namespace)}`,
    `current-context: ${quoted(spec.contextName)}`,
    'preferences: {}',
    'users:',
    `- name: ${quoted(spec.userName)}`,
    '  user:',
    ...user,
    '',
  ].join('\n');
}
