// A fresh process that fetches a target's env through the built package, as a user's script
// would. argv: target namespace kubeconfig cwd [source]. Prints the source and the number of
// variables: never a value.
import { fetchRemoteEnv } from '../dist/index.js';

const [target, namespace, kubeconfig, cwd, source] = process.argv.slice(2);
const result = await fetchRemoteEnv({ target, namespace, kubeconfig, cwd, source: source || undefined });
process.stdout.write(`${result.source} ${result.names.length}\n`);
