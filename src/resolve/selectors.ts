/**
 * Label selectors as the API server takes them in `?labelSelector=`: matchLabels and
 * matchExpressions both (mirrord ignores matchExpressions; a pod list that ignores them can pick
 * a pod of another workload).
 */
import type { LabelSelector } from '../kube/objects';

/** `{matchLabels, matchExpressions}` → `a=b,c in (d,e),!f`; undefined for an empty selector. */
export function selectorToString(
  selector: LabelSelector | undefined,
  extra: Readonly<Record<string, string>> = {},
): string | undefined {
  const parts: string[] = [];
  for (const [key, value] of Object.entries({ ...selector?.matchLabels, ...extra })) parts.push(`${key}=${value}`);
  for (const requirement of selector?.matchExpressions ?? []) {
    const values = [...(requirement.values ?? [])].sort().join(',');
    switch (requirement.operator) {
      case 'In':
        parts.push(`${requirement.key} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${requirement.key} notin (${values})`);
        break;
      case 'Exists':
        parts.push(requirement.key);
        break;
      case 'DoesNotExist':
        parts.push(`!${requirement.key}`);
        break;
    }
  }
  return parts.length > 0 ? parts.join(',') : undefined;
}
