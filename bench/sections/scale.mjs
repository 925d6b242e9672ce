// Section 5: resolving deployment/web in a 10-pod namespace, in a 10,000-pod namespace with the
// same 10 replicas, and in one with 1,000 replicas, each in a fresh process that reports its own timings and peak RSS; kubectl
// exec'ing into the same deployment (warm cache) shows how kubectl itself scales.
import { execArgs } from '../lib/kubectl.mjs';
import { alternate, median, timeProcess } from '../lib/measure.mjs';

/** The two namespaces of the `scale` scenario. */
export const SCALE_NAMESPACES = [
  { label: '10 pods', namespace: 'small', pods: 10, replicas: 10 },
  { label: '10,000 pods', namespace: 'wide', pods: 10_000, replicas: 10 },
  { label: '10,000 pods', namespace: 'load', pods: 10_000, replicas: 1_000 },
];

/**
 * Per build and namespace: medians of process wall time and of the first and second resolve in
 * it, and the highest peak RSS; for kubectl, the median wall time of `kubectl exec deploy/web`.
 */
export async function measureScale(context) {
  const { runs, subjects, env, scaleCluster, kubectl } = context;
  context.progress('scale: deployment/web in 10 and 10,000 pods');
  const details = new Map();
  const kubenvVariants = subjects.flatMap((subject) =>
    SCALE_NAMESPACES.map((space) => {
      const label = `${subject.label}|${space.namespace}`;
      details.set(label, { subject: subject.label, space, first: [], second: [], rss: [] });
      const args = [
        subject.probe('resolve.mjs'),
        'deployment/web',
        space.namespace,
        scaleCluster.kubeconfig,
        context.emptyDir,
      ];
      return {
        label,
        run: async () => {
          const { ms, stdout } = await timeProcess(context.node, args, { env, cwd: context.emptyDir });
          const report = JSON.parse(stdout);
          const entry = details.get(label);
          entry.first.push(report.firstMs);
          entry.second.push(report.secondMs);
          entry.rss.push(report.maxRssKb);
          return ms;
        },
      };
    }),
  );
  const kubectlVariants = SCALE_NAMESPACES.map((space) => {
    const args = execArgs({ kubeconfig: scaleCluster.kubeconfig, namespace: space.namespace, target: 'deploy/web' });
    return { label: `kubectl|${space.namespace}`, run: async () => (await kubectl.warm.run(args)).ms };
  });
  const samples = await alternate(runs, [...kubenvVariants, ...kubectlVariants]);
  const rows = [...details.entries()].map(([label, entry]) => ({
    subject: entry.subject,
    space: entry.space,
    wallMs: median(samples.get(label)),
    firstMs: median(entry.first.slice(-runs)),
    secondMs: median(entry.second.slice(-runs)),
    peakRssMb: Math.max(...entry.rss) / 1024,
  }));
  for (const space of SCALE_NAMESPACES) {
    rows.push({ subject: 'kubectl exec', space, wallMs: median(samples.get(`kubectl|${space.namespace}`)) });
  }
  return rows;
}
