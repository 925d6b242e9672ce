#!/usr/bin/env node
// Starts the simulated Kubernetes cluster with the demo fixtures and keeps it running until
// Ctrl-C, so you can point kubectl (or kubenv) at it. `npm run cluster` builds first.
//   node scripts/simulate-cluster.mjs [--large]   (--large adds a 10,000-pod namespace "load")
import { demoFixtures, largeNamespaceFixture, startSimulatedCluster } from '../dist/testing.js';

const fixtures = demoFixtures();
if (process.argv.includes('--large')) fixtures.push(largeNamespaceFixture());

const started = performance.now();
const cluster = await startSimulatedCluster({ fixtures, namespace: 'shop' });
const elapsed = Math.round(performance.now() - started);
const kubectl = `kubectl --kubeconfig ${cluster.kubeconfigPath}`;

console.log(`Simulated Kubernetes API server at ${cluster.url} (started in ${elapsed} ms)`);
console.log(`kubeconfig: ${cluster.kubeconfigPath}   (context "${cluster.contextName}", namespace "shop")`);
console.log('');
console.log('Try:');
console.log(`  export KUBECONFIG=${cluster.kubeconfigPath}`);
console.log(`  ${kubectl} get deploy,rs,pods`);
console.log(`  ${kubectl} get pods -A -l 'app in (checkout,payments)'`);
console.log(`  ${kubectl} exec checkout-5c9d8f6b7d-p4t7r -- env`);
console.log(`  ${kubectl} exec -n mesh payments -c payments -- cat /proc/1/environ | tr '\\0' '\\n'`);
console.log(`  ${kubectl} exec -n distroless catalog-api -- cat /proc/1/environ    # distroless: no cat`);
console.log(`  ${kubectl} get sts,controllerrevisions -n data`);
console.log(`  ${kubectl} get rollouts -n rollouts`);
console.log('');
console.log('Press Ctrl-C to stop.');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  const requests = cluster.requests.length;
  await cluster.stop();
  console.log(`\nStopped after ${requests} requests.`);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
