/**
 * The exec credential plugin protocol (client.authentication.k8s.io v1 and v1beta1), as kubectl
 * runs it: the `exec` entry of a kubeconfig user names a command that prints an ExecCredential
 * with a token or a client certificate. Behaviour follows client-go
 * (staging/src/k8s.io/client-go/plugin/pkg/client/auth/exec/exec.go and
 * tools/clientcmd/loader.go at v0.33.0); kubenv adds the timeout and the AbortSignal, which
 * client-go leaves to the plugin. config.ts: the kubeconfig entry; run.ts: one run; cache.ts:
 * the credential kept until it expires.
 */
export { clearExecCredentialCache, ExecCredentialSource } from './cache';
export type { ExecClusterInfo, ExecCredential, ExecEntrySource, ExecPlugin } from './config';
export { parseExecPlugin } from './config';
export type { RunPluginOptions } from './run';
export { execInfo, runExecPlugin } from './run';
