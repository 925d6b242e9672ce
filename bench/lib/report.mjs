// The bench's table: Markdown for the README (between the bench markers) and the console.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

export const START = '<!-- bench:start -->';
export const END = '<!-- bench:end -->';

const ms = (value) => (value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`);
const ratio = (value, base) => `${(value / base).toFixed(2)}x`;
const table = (head, rows) =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');

/** CPU, Node, kubectl, date and load: what the figures were measured on. */
export function machineLine({ kubectlVersion, runs, loadAverage }) {
  const cpus = os.cpus();
  const load = loadAverage.map((value) => value.toFixed(2)).join(' ');
  return (
    `${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length} cores, Node ${process.version}, ` +
    `kubectl ${kubectlVersion}, ${new Date().toISOString().slice(0, 10)}, load average at start ${load}; ` +
    `medians of ${runs} runs per figure, the compared commands alternating`
  );
}

function latencyLabel(latencyMs) {
  return latencyMs ? `+${latencyMs} ms each way` : 'none';
}

/**
 * Cold-process rows: the plain kubectl binary first (`base`: its key and name), then each build's
 * `kubenv print` and library probe and the Node floor, each with its ratio to that binary; then
 * the `others` (kubectl variants) for reference.
 */
function coldTable(rows, subjects, base, others) {
  const [baseKey, baseName] = base;
  const measured = [
    ...subjects.flatMap((s) => [
      [`${s.label} print`, `${s.label} print`],
      [s.label, `${s.label} (library)`],
    ]),
    ['node-floor', 'Node floor'],
  ];
  const head = [
    'target',
    'latency',
    baseName,
    ...measured.flatMap(([, title]) => [title, 'ratio']),
    ...others.map(([, title]) => title),
  ];
  const cell = (value) => (value === undefined ? '–' : ms(value));
  const body = rows.map(({ target, latencyMs, medians }) => [
    target.target,
    latencyLabel(latencyMs),
    cell(medians[baseKey]),
    ...measured.flatMap(([key]) =>
      medians[key] === undefined ? ['–', '–'] : [ms(medians[key]), ratio(medians[key], medians[baseKey])],
    ),
    ...others.map(([key]) => cell(medians[key])),
  ]);
  return table(head, body);
}

/** Cold-process and in-process rows: each build, then kubectl variants with ratios against the first build. */
function timingTable(rows, subjects, kubectlColumns) {
  const head = [
    'target',
    'latency',
    ...subjects.map((s) => s.label),
    ...kubectlColumns.flatMap(([, title]) => [title, 'ratio']),
  ];
  const body = rows.map(({ target, latencyMs, medians }) => [
    target.target,
    latencyLabel(latencyMs),
    ...subjects.map((s) => ms(medians[s.label])),
    ...kubectlColumns.flatMap(([key]) =>
      medians[key] === undefined ? ['–', '–'] : [ms(medians[key]), ratio(medians[subjects[0].label], medians[key])],
    ),
  ]);
  return table(head, body);
}

function requestCell(counts) {
  const parts = [String(counts.api)];
  if (counts.discovery) parts.push(`+ ${counts.discovery} discovery`);
  if (counts.dispatcher) parts.push(`(+${counts.dispatcher} dispatcher)`);
  return parts.join(' ');
}

/** The whole Markdown section. */
export function renderReport(results, { subjects, machine, kubectlDirectName }) {
  const kubectlColumns = [
    ['kubectl-warm', 'kubectl, warm cache'],
    ['kubectl-cold', 'kubectl, cold cache'],
    ['kubectl-direct', `${kubectlDirectName}, warm cache`],
  ];
  const parts = [
    'Measured by `npm run bench` (bench/run.mjs): the built package against the real kubectl, both talking to',
    'the simulated cluster (`kubenv/testing`, in its own process) over HTTPS with a bearer token.',
    '"kubectl" is /usr/bin/kubectl on the benchmark machine: a dispatcher that sends GET /version, then runs the',
    `binary of the server's minor version; "${kubectlDirectName}" is that binary run directly (what a machine with`,
    'one kubectl runs). A warm cache is a KUBECACHEDIR kubectl already filled (a developer machine), a cold',
    `one is fresh per run (CI). Ratios are ${subjects[0].label} ÷ that kubectl column.`,
    '',
    `Machine: ${machine}.`,
    '',
    '**Cold process**, wall time from spawn to exit of: `kubenv print -t <target> --source exec` (the CLI,',
    'the bin run through its shebang as a shell runs it, stdout a pipe); a fresh `node` that imports',
    '`dist/index.js` and calls `fetchRemoteEnv` (exec source, the library); the Node floor,',
    'bench/probes/floor.mjs, a minimal client sending the same requests as kubenv (GET, lists, WebSocket',
    'exec) with HTTP/1.1 written by hand on TLS connections and nothing else; against `kubectl exec <target> [-c <container>] -- cat',
    `/proc/1/environ\`. Ratios are ÷ ${kubectlDirectName} (warm cache), the plain binary of the server's minor.`,
    'With latency, every process reaches the cluster through a TCP relay that holds each chunk that long in',
    'each direction (bench/lib/latency-proxy.mjs), so TCP and TLS handshakes pay it as requests do.',
    '',
    coldTable(
      results.cold,
      subjects,
      results.cold.some((row) => row.medians['kubectl-direct'] !== undefined)
        ? ['kubectl-direct', kubectlDirectName]
        : ['kubectl-warm', 'kubectl'],
      [
        ['kubectl-warm', 'kubectl (dispatcher), warm cache'],
        ['kubectl-cold', 'kubectl (dispatcher), cold cache'],
      ],
    ),
  ];
  if (results.coldCompileCache?.length) {
    parts.push(
      '',
      `With the user's own \`NODE_COMPILE_CACHE\` set (kubenv never turns it on for a process): ` +
        results.coldCompileCache
          .map((row) => `${row.target.target} ${ms(row.medians['kubenv+compile-cache'])}`)
          .join(', ') +
        '.',
    );
  }
  const credentials = results.credentials;
  parts.push(
    '',
    '**Credentials, cold**: `kubenv print -t deployment/checkout` in a fresh process with a token kubeconfig and',
    'with the same cluster and token handed out by an exec credential plugin (a shell script that prints it at',
    'once), alternating; kubectl (the direct binary, `get`) on the same two kubeconfigs for reference.',
    '',
    table(
      ['kubeconfig', 'kubenv print', `${kubectlDirectName} get`],
      ['token', 'exec plugin'].map((label) => [
        label,
        ms(credentials[`kubenv|${label}`]),
        credentials[`kubectl|${label}`] === undefined ? '–' : ms(credentials[`kubectl|${label}`]),
      ]),
    ),
    '',
    `Exec plugin ÷ token: kubenv ${ratio(credentials['kubenv|exec plugin'], credentials['kubenv|token'])}` +
      (credentials['kubectl|token'] === undefined
        ? '.'
        : `, kubectl ${ratio(credentials['kubectl|exec plugin'], credentials['kubectl|token'])}.`),
    '',
    `**Install footprint**: \`npm pack\`, then \`npm install <tarball>\` in an empty project (npm's defaults: optional`,
    `peers not installed): ${results.footprint.packages} packages, ${results.footprint.mib.toFixed(1)} MiB in node_modules ` +
      `(the tarball: ${Math.round(results.footprint.tarballKib)} KiB).`,
  );
  parts.push(
    '',
    '**In process**: `fetchRemoteEnv` in a process that already loaded kubenv, against spawning kubectl from Node.',
    '',
    timingTable(results.inProcess, subjects, [kubectlColumns[0], kubectlColumns[2]]),
    '',
    '**API requests per fetch** (from the request log; kubectl cells: its own requests + its discovery',
    "requests, and the dispatcher's GET /version). The spec source is compared with `kubectl set env --list --resolve`.",
    '',
    table(
      ['case', ...subjects.map((s) => s.label), 'kubectl, warm cache', 'kubectl, cold cache'],
      results.roundTrips.map((row) => [
        row.label,
        ...subjects.map((s) => requestCell(row.kubenv[s.label])),
        requestCell(row.kubectlWarm),
        requestCell(row.kubectlCold),
      ]),
    ),
    '',
    '**Scale**: `resolveTarget({ target: "deployment/web" })` in a fresh process; the first call includes',
    'loading the lazy modules and the TLS handshake, the second is the steady state. Peak RSS of that process.',
    'For reference, `kubectl exec deploy/web` (warm cache) in the same namespaces: it lists the pods in one request.',
    '',
    table(
      ['build', 'namespace', 'first resolve', 'second resolve', 'process wall', 'peak RSS'],
      results.scale.flatMap((row, _index, all) => {
        const optional = (value, format) => (value === undefined ? '–' : format(value));
        const line = [
          row.subject,
          `${row.space.label} (${row.space.replicas.toLocaleString('en-US')} replicas)`,
          optional(row.firstMs, ms),
          optional(row.secondMs, ms),
          ms(row.wallMs),
          optional(row.peakRssMb, (mb) => `${Math.round(mb)} MB`),
        ];
        const small = all.find((other) => other.subject === row.subject && other.space.namespace === 'small');
        if (row.space.namespace === 'small' || !small) return [line];
        return [
          line,
          [
            row.subject,
            `÷ 10 pods (10 replicas)`,
            optional(row.firstMs, (value) => ratio(value, small.firstMs)),
            optional(row.secondMs, (value) => ratio(value, small.secondMs)),
            ratio(row.wallMs, small.wallMs),
            optional(row.peakRssMb, (value) => ratio(value, small.peakRssMb)),
          ],
        ];
      }),
    ),
    '',
    "**Import cost**: a fresh `node` running `await import('kubenv')` (or `require`) and one `parseTarget`,",
    'against the same `node` running an empty module.',
    '',
    table(
      ['what', 'median', 'over bare node'],
      [
        ['node, empty module', ms(results.importCost.node), '–'],
        ...subjects.flatMap((s) => [
          [
            `${s.label}: import('kubenv') + parseTarget`,
            ms(results.importCost[`${s.label}|esm`]),
            ms(results.importCost[`${s.label}|esm`] - results.importCost.node),
          ],
          [
            `${s.label}: require('kubenv') + parseTarget`,
            ms(results.importCost[`${s.label}|cjs`]),
            ms(results.importCost[`${s.label}|cjs`] - results.importCost.node),
          ],
        ]),
      ],
    ),
  );
  if (results.vitestSetup) {
    const plain = results.vitestSetup.vitest;
    parts.push(
      '',
      '**Vitest global setup**: `vitest run` of one test in a project configured through `MIRRORD_*` variables',
      "(KUBECONFIG, target pod/x), without and with `globalSetup: ['kubenv/vitest']`, which reads the pod's env",
      'by exec and applies it; kubenv installed in node_modules as npm installs it (bench/sections/vitest-setup.mjs).',
      'The floor: a global setup that does the same requests with nothing else (bench/probes/vitest-floor-setup.mjs).',
      `Medians of ${results.vitestSetup.runs} runs: a vitest run varies by tens of ms from run to run.`,
      '',
      table(
        ['vitest run', 'median', 'added'],
        [
          ['without kubenv', ms(plain), '–'],
          [
            'with the Node floor as global setup',
            ms(results.vitestSetup['node-floor']),
            ms(results.vitestSetup['node-floor'] - plain),
          ],
          ...subjects.map((s) => [
            `with ${s.label}/vitest`,
            ms(results.vitestSetup[s.label]),
            ms(results.vitestSetup[s.label] - plain),
          ]),
        ],
      ),
    );
  }
  if (results.instructions) parts.push('', ...instructionsSection(results.instructions));
  if (results.masking) {
    const { totalMib, masked, unmasked } = results.masking;
    parts.push(
      '',
      `**Masked output**: \`kubenv run\` piping ${totalMib} MiB of 80-byte log lines (a secret in one line of a thousand)`,
      'from a node child, MB/s from the first byte read to the last (bench/sections/masking.mjs).',
      '',
      table(
        ['kubenv run', 'MB/s'],
        [
          ['masked (default off a terminal)', masked.toFixed(0)],
          ['--no-masking', unmasked.toFixed(0)],
        ],
      ),
    );
  }
  if (results.real) {
    const { kubectlName, serverVersion, cold, inProcess } = results.real;
    const columns = [
      ['kubectl-warm', `${kubectlName}, warm cache`],
      ['kubectl-cold', `${kubectlName}, cold cache`],
    ];
    parts.push(
      '',
      `**Against the real cluster** (Kubernetes ${serverVersion} from \`npm run cluster:real\`: containerd, runc, the real`,
      `kubelet, client-certificate auth): the same cold-process and in-process fetches, against ${kubectlName}, the plain`,
      "binary nearest the server's minor (there is none for 1.34). Exec here goes through the API server's v5 to SPDY",
      'translation, the kubelet and containerd, so each exec costs more than on the simulated cluster.',
      '',
      coldTable(cold, subjects, ['kubectl-warm', `${kubectlName}, warm cache`], [columns[1]]),
      '',
      timingTable(inProcess, subjects, [columns[0]]),
    );
  }
  return parts.join('\n');
}

/** Replaces what is between the markers in README.md (appends the markers when absent). */
/** The instruction counts of bench/sections/instructions.mjs, as Markdown lines. */
export function instructionsSection(rows) {
  const millions = (value) => `${Math.round(value)} M`;
  const over = (row, label) => row.millions[label] - row.millions['node -e 0'];
  return [
    "**Instructions**: valgrind's count of the instructions a cold process executes (median of 3), a",
    "figure the machine's load cannot move, less V8's hash-seed setup (a random prime search: 6 to 15 M",
    'by chance in each process); "over node" leaves out what `node -e 0` itself costs',
    '(bench/sections/instructions.mjs). kubectl is a Go program: its count is not comparable, so it is not here.',
    '',
    table(
      ['target', 'process', 'instructions', 'over node', 'x floor (over node)'],
      rows.flatMap((row) =>
        Object.keys(row.millions).map((label) => [
          row.target.target,
          label === 'node-floor' ? 'the Node floor (probes/floor.mjs)' : label,
          millions(row.millions[label]),
          label === 'node -e 0' ? '–' : millions(over(row, label)),
          label === 'node -e 0' ? '–' : `${(over(row, label) / over(row, 'node-floor')).toFixed(2)}x`,
        ]),
      ),
    ),
  ];
}

export function writeReadmeSection(readmePath, markdown) {
  const block = `${START}\n${markdown}\n${END}`;
  const current = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '';
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  let next;
  if (start !== -1 && end > start) next = current.slice(0, start) + block + current.slice(end + END.length);
  else
    next = `${current}${current === '' || current.endsWith('\n\n') ? '' : current.endsWith('\n') ? '\n' : '\n\n'}${block}\n`;
  writeFileSync(readmePath, next);
}
