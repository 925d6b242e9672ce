// The targets of issues 6, 10 and 12, checked against the figures (printed, never asserted in tests).

const check = (met) => (met ? 'met' : 'NOT met');

/** One line per goal: the figure, the limit, met or not. */
export function evaluateGoals(results, label) {
  const lines = ['Goals:'];
  // Issue 12: against the plain kubectl binary of the server's minor (the dispatcher when absent).
  const base = (row) => row.medians['kubectl-direct'] ?? row.medians['kubectl-warm'];
  for (const row of results.cold) {
    const limit = row.latencyMs ? 1.0 : 1.1;
    for (const [key, what] of [
      [`${label} print`, 'print'],
      [label, 'library'],
    ]) {
      const value = row.medians[key] / base(row);
      lines.push(
        `  cold ${what} ${row.target.target}${row.latencyMs ? ` +${row.latencyMs}ms each way` : ''}: ${value.toFixed(2)}x kubectl (<= ${limit}x) ${check(value <= limit)}`,
      );
    }
  }
  for (const row of results.inProcess.filter((r) => !r.latencyMs)) {
    const value = row.medians[label] / base(row);
    lines.push(`  in process ${row.target.target}: ${value.toFixed(2)}x kubectl (<= 0.1x) ${check(value <= 0.1)}`);
  }
  for (const row of results.roundTrips) {
    const mine = row.kubenv[label].api;
    const theirs = row.kubectlWarm.api;
    lines.push(`  requests ${row.label}: ${mine} vs kubectl's ${theirs} (warm cache) ${check(mine <= theirs)}`);
  }
  const scale = results.scale.filter((row) => row.subject === label);
  const small = scale.find((row) => row.space.namespace === 'small');
  const wide = scale.find((row) => row.space.namespace === 'wide');
  const large = scale.find((row) => row.space.namespace === 'load');
  if (small && wide) {
    const first = wide.firstMs / small.firstMs;
    lines.push(
      `  scale, namespace size alone (10 replicas in 10,000 pods): first resolve ${first.toFixed(2)}x the 10-pod namespace (<= 1.2x) ${check(first <= 1.2)}`,
    );
  }
  if (small && large) {
    const first = large.firstMs / small.firstMs;
    const wall = large.wallMs / small.wallMs;
    lines.push(
      `  scale, 1,000 replicas in 10,000 pods: first resolve ${first.toFixed(2)}x, process ${wall.toFixed(2)}x the 10-pod namespace (<= 1.2x) ${check(first <= 1.2)}`,
    );
    lines.push(`  scale: peak RSS ${Math.round(large.peakRssMb)} MB (< 150 MB) ${check(large.peakRssMb < 150)}`);
  }
  const credentials = results.credentials[`kubenv|exec plugin`] / results.credentials[`kubenv|token`];
  lines.push(
    `  cold print, exec plugin vs token kubeconfig: ${credentials.toFixed(2)}x (<= 1.1x) ${check(credentials <= 1.1)}`,
  );
  const { packages, mib } = results.footprint;
  lines.push(
    `  install footprint: ${packages} packages (<= 35) ${check(packages <= 35)}, ${mib.toFixed(1)} MiB (<= 15) ${check(mib <= 15)}`,
  );
  const importOver = results.importCost[`${label}|esm`] - results.importCost.node;
  lines.push(`  import + parseTarget: ${importOver.toFixed(1)} ms over bare node (< 30 ms) ${check(importOver < 30)}`);
  if (results.vitestSetup) {
    const added = results.vitestSetup[label] - results.vitestSetup.vitest;
    const floor = results.vitestSetup['node-floor'] - results.vitestSetup.vitest;
    lines.push(
      `  kubenv/vitest adds ${added.toFixed(1)} ms to a one-test vitest run (<= 25 ms; the Node floor adds ${floor.toFixed(1)}) ${check(added <= 25)}`,
    );
  }
  return lines.join('\n');
}
