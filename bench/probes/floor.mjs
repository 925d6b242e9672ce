// The Node floor: a minimal client doing the requests kubenv does for a target (GET the workload,
// its lists, WebSocket exec into a pod), with nothing else: no config, no checks, no ranking, no
// node:http (its client costs a cold process ~7 ms; kubenv does without it too). HTTP/1.1 written
// and read by hand on TLS connections: a second one, where lists run in parallel, is opened at
// the start so no handshake waits on the critical path. As a script, argv: kind name namespace
// kubeconfig, and it prints the bytes of the frames read; vitest-floor-setup.mjs imports
// `readEnviron`.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
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
  const host = server.hostname.replace(/^\[|\]$/g, '');
  const where = {
    host,
    port: Number(server.port || 443),
    ca,
    servername: isIP(host) ? undefined : host,
    ...certificate,
  };
  const first = tls.connect(where);
  const spare = kind === 'deployment' ? tls.connect(where) : undefined;
  const head = (path, extra = '') =>
    `GET ${path} HTTP/1.1\r\nhost: ${server.host}\r\n${token ? `authorization: Bearer ${token}\r\n` : ''}accept: application/json\r\n${extra}\r\n`;
  const api = (group, resource) => `/${group}/namespaces/${namespace}/${resource}`;

  /** One GET on `socket`; its JSON body (Content-Length or chunked). */
  function get(path, socket = first) {
    return new Promise((resolve, reject) => {
      let buffered = Buffer.alloc(0);
      const onData = (chunk) => {
        buffered = Buffer.concat([buffered, chunk]);
        const end = buffered.indexOf('\r\n\r\n');
        if (end === -1) return;
        const lines = buffered.subarray(0, end).toString('latin1').split('\r\n');
        const status = Number(lines[0].split(' ')[1]);
        const header = (key) =>
          lines
            .find((line) => line.toLowerCase().startsWith(`${key}:`))
            ?.slice(key.length + 1)
            .trim();
        let body = buffered.subarray(end + 4);
        const length = header('content-length');
        if (length !== undefined) {
          if (body.length < Number(length)) return;
          body = body.subarray(0, Number(length));
        } else {
          // chunked: size line, data, CRLF; a 0 size ends it.
          const parts = [];
          for (let at = 0; ; ) {
            const lineEnd = body.indexOf('\r\n', at);
            if (lineEnd === -1) return;
            const size = Number.parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
            if (size === 0) break;
            if (body.length < lineEnd + 2 + size + 2) return;
            parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
            at = lineEnd + 2 + size + 2;
          }
          body = Buffer.concat(parts);
        }
        socket.off('data', onData);
        if (status !== 200) return reject(new Error(`${path}: ${status}`));
        resolve(JSON.parse(body.toString('utf8')));
      };
      socket.on('data', onData);
      socket.once('error', reject);
      socket.write(head(path));
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
    spare.destroy();
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
  const path = `${api('api/v1', `pods/${pod.metadata.name}/exec`)}?command=cat&command=%2Fproc%2F1%2Fenviron&container=${container}&stdout=true&stderr=true`;
  const upgrade = `connection: Upgrade\r\nupgrade: websocket\r\nsec-websocket-key: ${randomBytes(16).toString('base64')}\r\nsec-websocket-version: 13\r\nsec-websocket-protocol: v5.channel.k8s.io\r\n`;
  return new Promise((resolve, reject) => {
    // Server frames are unmasked: [0x82, length, channel, ...]; channel 3 is the exit status,
    // after which kubenv (and kubectl) close the connection.
    let buffered = Buffer.alloc(0);
    let switched = false;
    let read = 0;
    first.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (!switched) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end === -1) return;
        const status = buffered.subarray(0, end).toString('latin1').split(' ')[1];
        if (status !== '101') return reject(new Error(`exec: ${status}`));
        switched = true;
        buffered = buffered.subarray(end + 4);
      }
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
          first.destroy();
          return resolve(read);
        }
      }
    });
    first.once('error', reject);
    first.write(head(path, upgrade));
  });
}
