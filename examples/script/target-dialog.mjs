// What an editor extension needs to show mirrord's target dialog, from listTargets alone: the
// entries (label and detail), "No target (targetless)", and the string to pass back. Here the
// "user" picks by argument; an extension would show `items` in its quick-pick.
//
//   node target-dialog.mjs [namespace] [pick]      (defaults: shop, the first deployment)
import { fetchRemoteEnv, listTargets } from 'kubenv';

const [namespace = 'shop', pick] = process.argv.slice(2);

const listing = await listTargets({ namespace });
const items = [
  { label: 'No target (targetless)', detail: 'no remote environment', target: 'targetless' },
  ...listing.targets.map((t) => ({
    label: t.target,
    detail: `${t.ready}/${t.total} ready · ${t.age} · ${t.containers.join(', ')}${t.pod && t.kind !== 'pod' ? ` · now ${t.pod}` : ''}`,
    target: t.target,
  })),
];
for (const skip of listing.skipped) console.log(`(skipped ${skip.kind}: ${skip.reason})`);
for (const item of items) console.log(`${item.label.padEnd(40)} ${item.detail}`);

const chosen =
  items.find((item) => item.target === pick) ?? items.find((item) => item.target.startsWith('deployment/'));
const remote = await fetchRemoteEnv({ target: chosen.target, namespace: listing.namespace });
console.log(`Picked ${chosen.target}: ${remote.names.length} variables from ${remote.target?.pod ?? 'nowhere'}`);
