/**
 * A pod whose container reads some variables from a Secret and the rest as literals: the shape
 * that masking and `kubenv diff` care about. Built on podFixture, with the secret references
 * written into the pod spec, so both the exec and the spec source see them as secret.
 */
import { type Fixture, type KubeObject, type Pod, podFixture } from '../../src/testing/index';

export function secretPod(options: {
  name: string;
  namespace: string;
  plain?: Record<string, string>;
  secret?: Record<string, string>;
  /** Image ENV (origin unknown to kubenv). @defaultValue none */
  image?: Record<string, string>;
}): Fixture {
  const secret = options.secret ?? {};
  const base = podFixture({
    name: options.name,
    namespace: options.namespace,
    env: { ...options.plain, ...secret },
    image: { ref: 'ghcr.io/acme/app:1.0', env: Object.entries(options.image ?? {}) },
  });
  const secretName = `${options.name}-secrets`;
  const objects = base.objects.map((object) => {
    if (object.kind !== 'Pod') return object;
    const pod = structuredClone(object) as Pod;
    const container = pod.spec.containers[0] as { env?: unknown[] } | undefined;
    if (container) {
      container.env = ((pod.spec.containers[0]?.env ?? []) as Array<{ name: string }>).map((variable) =>
        variable.name in secret
          ? { name: variable.name, valueFrom: { secretKeyRef: { name: secretName, key: variable.name } } }
          : variable,
      );
    }
    return pod as KubeObject;
  });
  const secretObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: secretName, namespace: options.namespace },
    type: 'Opaque',
    data: Object.fromEntries(
      Object.entries(secret).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
    ),
  } as KubeObject;
  return { objects: [...objects, secretObject], containers: base.containers };
}
