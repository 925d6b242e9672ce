// The floor of a Vitest global setup: what a minimal client doing kubenv's requests for the
// target of MIRRORD_IMPERSONATED_TARGET (`pod/<name>/...`) adds to a `vitest run`, next to what
// `kubenv/vitest` adds (sections/vitest-setup.mjs). It applies nothing: the bytes are the work.
import { readEnviron } from './floor.mjs';

export default async function setup() {
  const [kind, name] = process.env.MIRRORD_IMPERSONATED_TARGET.split('/');
  await readEnviron(kind, name, process.env.MIRRORD_TARGET_NAMESPACE, process.env.KUBECONFIG);
}
