// Cold `kubenv print` with a token kubeconfig and with an exec-plugin kubeconfig, side by side in
// one alternation (issue 10: the exec-plugin path at most 1.1x the token path). The plugin is a
// shell script that prints a token at once, so what is measured is kubenv's own cost of the
// exec credential protocol, not the plugin's; kubectl on the same two kubeconfigs for reference.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { alternate, median, timeProcess } from '../lib/measure.mjs';
import { binOf, TARGETS, withNodeOnPath } from './targets.mjs';

/** Writes the exec-plugin twin of the token kubeconfig: same cluster and token, handed out by a plugin. */
export function writeExecPluginKubeconfig(tokenKubeconfig, dir) {
  const text = readFileSync(tokenKubeconfig, 'utf8');
  const match = /^ {4}token: (".*")$/m.exec(text);
  if (!match) throw new Error(`no token line in ${tokenKubeconfig}`);
  const token = JSON.parse(match[1]);
  const plugin = path.join(dir, 'print-token.sh');
  const credential = JSON.stringify({
    apiVersion: 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    status: { token },
  });
  writeFileSync(plugin, `#!/bin/sh\nprintf '%s\\n' '${credential}'\n`);
  chmodSync(plugin, 0o700);
  const exec = [
    '    exec:',
    '      apiVersion: client.authentication.k8s.io/v1',
    `      command: ${JSON.stringify(plugin)}`,
    '      interactiveMode: Never',
  ].join('\n');
  const file = path.join(dir, 'exec-plugin.kubeconfig');
  writeFileSync(file, text.replace(match[0], exec), { mode: 0o600 });
  return file;
}

export async function measureCredentials(context) {
  const { runs, subjects, env, cluster, kubectl, emptyDir } = context;
  const target = TARGETS.deployment;
  const execKubeconfig = writeExecPluginKubeconfig(cluster.kubeconfig, emptyDir);
  const kubeconfigs = { token: cluster.kubeconfig, 'exec plugin': execKubeconfig };
  context.progress('cold kubenv print: token vs exec-plugin kubeconfig');
  const printArgs = ['print', '-t', target.target, '-n', target.namespace, '--format', 'dotenv'];
  const kubectlArgs = (kubeconfig) => [
    '--kubeconfig',
    kubeconfig,
    '-n',
    target.namespace,
    'get',
    target.kubectl,
    '-o',
    'name',
  ];
  const variants = Object.entries(kubeconfigs).flatMap(([label, kubeconfig]) => [
    {
      label: `kubenv|${label}`,
      run: async () =>
        (
          await timeProcess(binOf(subjects[0]), printArgs, {
            env: withNodeOnPath({ ...env, KUBECONFIG: kubeconfig }, context.node),
            cwd: emptyDir,
          })
        ).ms,
    },
    ...(kubectl.direct
      ? [{ label: `kubectl|${label}`, run: async () => (await kubectl.direct.run(kubectlArgs(kubeconfig))).ms }]
      : []),
  ]);
  const samples = await alternate(runs, variants);
  return Object.fromEntries([...samples].map(([label, values]) => [label, median(values)]));
}
