/**
 * `kubenv/testing`: a simulated Kubernetes cluster for tests, examples and demos. The real
 * kubectl and `@kubernetes/client-node` both accept it. Also the fixture builders: realistic
 * workloads whose containers' environments are written out by hand.
 */
export type {
  ConfigMap,
  Container,
  ContainerStatus,
  EnvFromSource,
  EnvVar,
  EnvVarSource,
  KeySelector,
  KubeObject,
  LabelSelector,
  LabelSelectorRequirement,
  ObjectMeta,
  OwnerReference,
  Pod,
  PodCondition,
  PodSpec,
  PodStatus,
  PodTemplateSpec,
  ResourceRequirements,
  Secret,
  Service,
  ServicePort,
  Workload,
} from '../kube/objects';
export { startSimulatedCluster } from './cluster';
export type { WorkloadFixtureOptions } from './fixtures/builders';
export { defaultContainerPod, distrolessPod, sharedProcessNamespacePod } from './fixtures/containers';
export { daemonSetFixture } from './fixtures/daemonset';
export { demoFixtures } from './fixtures/demo';
export { deploymentMidRollout } from './fixtures/deployment';
export { downwardApiPod } from './fixtures/downward-api';
export { envFromPod } from './fixtures/env-from';
export { cronJobFixture, jobFixture } from './fixtures/jobs';
export { type LargeNamespaceOptions, largeNamespaceFixture } from './fixtures/large';
export { podLifecycleFixture } from './fixtures/lifecycle';
export { type PodFixtureOptions, podFixture } from './fixtures/pod';
export type { PodState } from './fixtures/pod-object';
export { rolloutFixture } from './fixtures/rollouts';
export { serviceLinksFixture } from './fixtures/service-links';
export { sidecarPod } from './fixtures/sidecar';
export { statefulSetFixture } from './fixtures/statefulset';
export { variableExpansionPod } from './fixtures/variable-expansion';
export type {
  FaultControls,
  RequestImpersonation,
  RequestLog,
  RequestLogEntry,
  RequestLogQuery,
  RequestMatch,
} from './request-types';
export { encodeEnviron } from './runtime/environ';
export type {
  ClientCertificate,
  Fixture,
  FixtureContainer,
  SimulatedCluster,
  SimulatedClusterOptions,
  SimulatedContainer,
  WriteKubeconfigOptions,
} from './types';
