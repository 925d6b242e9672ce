// The Node floor: a minimal client doing the requests kubenv does for a target (GET the workload,
// its lists, WebSocket exec into a pod), with nothing else: no config, no checks, no ranking.
// A second connection, where lists run in parallel, is opened at the start so no handshake
// waits on the critical path. As a script, argv: kind name namespace kubeconfig, and it prints the
// bytes of the frames read; vitest-floor-setup.mjs imports `readEnviron`.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import tls from 'node:tls';
import { pathToFileURL } from 'node:url';

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [kind, name, namespace, kubeconfig] = process.argv.slice(2);
  process.stdout.write(`floor ${await readEnviron(kind, name, namespace, kubeconfig)}\n`);
}

/** Reads the environ of the target's pod; resolves to the number of bytes of the frames read. */
export async function readEnviron(kind, name, namespace, kubeconfig) {
  const text = readFileSync(kubeconfig, 'utf8');
  const server = new URL(/server: "?([^"\s]+)"?/.exec(text)[1]);
  const ca = Buffer.from(/certificate-authority-data: "?([^"\s]+)"?/.exec(text)[1], 'base64');
  // A bearer token (the simulated cluster), else an embedded client certificate (the real one).
  const field = (key) => new RegExp(`${key}: "?([^"\\s]+)"?`).exec(text)?.[1];
  const token = field('token');
  const certificate = token
    ? {}
    : {
        cert: Buffer.from(field('client-certificate-data'), 'base64'),
        key: Buffer.from(field('client-key-data'), 'base64'),
      };
  const where = { host: server.hostname, port: Number(server.port), ca, ...certificate };
  const agent = new https.Agent({ keepAlive: true, ...where });
  const spare = kind === 'deployment' ? tls.connect(where) : undefined;
  const headers = { ...(token ? { authorization: `Bearer ${token}` } : {}), accept: 'application/json' };
  const api = (group, resource) => `/${group}/namespaces/${namespace}/${resource}`;

  function get(path, socket) {
    const via = socket ? { agent: undefined, createConnection: () => socket } : { agent };
    return new Promise((resolve, reject) => {
      const request = https.request({ ...where, ...via, path, headers }, (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          if (response.statusCode !== 200) return reject(new Error(`${path}: ${response.statusCode}`));
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        });
      });
      request.on('error', reject);
      request.end();
    });
  }

  const selector = (labels) =>
    encodeURIComponent(
      Object.entries(labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    );
  let pod;
  if (kind === 'pod') pod = await get(api('api/v1', `pods/${name}`));
  else if (kind === 'deployment') {
    const deployment = await get(api('apis/apps/v1', `deployments/${name}`));
    const query = `?labelSelector=${selector(deployment.spec.selector.matchLabels)}`;
    const [replicaSets, pods] = await Promise.all([
      get(api('apis/apps/v1', `replicasets${query}`)),
      get(api('api/v1', `pods${query}`), spare),
    ]);
    const revision = (rs) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? -1);
    const newest = replicaSets.items.reduce((a, b) => (revision(b) > revision(a) ? b : a));
    pod = pods.items.find((p) => p.metadata.ownerReferences?.some((ref) => ref.uid === newest.metadata.uid));
  } else {
    const statefulSet = await get(api('apis/apps/v1', `statefulsets/${name}`));
    const labels = { ...statefulSet.spec.selector.matchLabels };
    if (statefulSet.status?.updateRevision) labels['controller-revision-hash'] = statefulSet.status.updateRevision;
    pod = (await get(api('api/v1', `pods?labelSelector=${selector(labels)}`))).items[0];
  }

  const container = pod.spec.containers[0].name;
  const bytes = await new Promise((resolve, reject) => {
    const request = https.request({
      ...where,
      agent,
      path: `${api('api/v1', `pods/${pod.metadata.name}/exec`)}?command=cat&command=%2Fproc%2F1%2Fenviron&container=${container}&stdout=true&stderr=true`,
      headers: {
        ...headers,
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-key': randomBytes(16).toString('base64'),
        'sec-websocket-version': '13',
        'sec-websocket-protocol': 'v5.channel.k8s.io',
      },
    });
    request.on('upgrade', (_response, socket, head) => {
      // Server frames are unmasked: [0x82, length, channel, ...]; channel 3 is the exit status,
      // after which kubenv (and kubectl) close the connection.
      let buffered = head;
      const parse = () => {
        while (buffered.length >= 2) {
          let length = buffered[1] & 0x7f;
          let offset = 2;
          if (length === 126) [length, offset] = [buffered.readUInt16BE(2), 4];
          else if (length === 127) [length, offset] = [Number(buffered.readBigUInt64BE(2)), 10];
          if (buffered.length < offset + length) return;
          const channel = buffered[offset];
          buffered = buffered.subarray(offset + length);
          read += length;
          if (channel === 3) {
            socket.destroy();
            return resolve(read);
          }
        }
      };
      let read = 0;
      socket.on('data', (chunk) => {
        buffered = Buffer.concat([buffered, chunk]);
        parse();
      });
      parse();
    });
    request.on('response', (response) => reject(new Error(`exec: ${response.statusCode}`)));
    request.on('error', reject);
    request.end();
  });
  agent.destroy();
  return bytes;
}
