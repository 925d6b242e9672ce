// The same .mirrord/mirrord.json the team uses with `mirrord exec`, read by kubenv unchanged:
// kubenv takes `target`, `agent.namespace` and `feature.env`, renders the get_env template, and
// ignores mirrord's other features (network, fs, ...).
//
//   node show-env.mjs                       (the namespace comes from CHECKOUT_NAMESPACE, default "shop")
import { fetchRemoteEnv, formatTarget, loadConfig } from 'kubenv';

const config = await loadConfig();
console.log(`config file: ${config.configFile} (read as ${config.configFormat})`);
console.log(`target:      ${formatTarget(config.target)} in namespace ${config.namespace}`);

const remote = await fetchRemoteEnv();
console.log(`resolved:    ${remote.target?.reason}`);
for (const name of remote.names) {
  // Values that may be secret (from a Secret, or of unknown origin) are not printed.
  const shown = remote.secretNames.includes(name) ? '<secret>' : remote.remote[name];
  console.log(`  ${name}=${shown}   (${remote.origins[name]})`);
}
