// Network latency for the bench: a TCP relay that holds every chunk `delayMs` in each direction,
// so a TCP or TLS handshake pays it as a request does (the simulated cluster's own latency fault
// delays only HTTP requests, which hides a second connection's handshakes). Chunks keep their
// order: equal delays fire in the order they were set.
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';

/**
 * Starts a relay in front of the cluster of `kubeconfig`; writes a copy of that kubeconfig
 * pointing at the relay to `kubeconfigPath` (same CA and token: the server certificate names
 * 127.0.0.1, whatever the port).
 * @returns {Promise<{ kubeconfig: string, close(): Promise<void> }>}
 */
export async function startLatencyProxy({ kubeconfig, kubeconfigPath, delayMs }) {
  const text = readFileSync(kubeconfig, 'utf8');
  const server = /server: "?https:\/\/([\d.]+):(\d+)"?/.exec(text);
  if (!server) throw new Error(`no https://IP:port server in ${kubeconfig}`);
  const [, host, port] = server;
  const sockets = new Set();
  // Each chunk leaves `delayMs` after it came, never before the chunk ahead of it. The relay
  // accepts a connection at once, so the client's first chunk also waits out the TCP handshake
  // it skipped (one round trip): it reaches the server 1.5 round trips after connect(), as it
  // would over a real link.
  const relay = (from, to, firstExtraMs) => {
    let last = 0;
    let extra = firstExtraMs;
    const later = (action) => {
      const at = Math.max(performance.now() + delayMs + extra, last);
      extra = 0;
      last = at;
      setTimeout(action, Math.max(0, at - performance.now()));
    };
    from.on('data', (chunk) => later(() => to.destroyed || to.write(chunk)));
    from.on('end', () => later(() => to.end()));
    from.on('error', () => to.destroy());
    from.on('close', () => later(() => to.destroy()));
  };
  const proxy = net.createServer((client) => {
    const upstream = net.connect({ host, port: Number(port) });
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    relay(client, upstream, 2 * delayMs);
    relay(upstream, client, 0);
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  writeFileSync(kubeconfigPath, text.replace(server[0], `server: "https://127.0.0.1:${proxy.address().port}"`));
  return {
    kubeconfig: kubeconfigPath,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        proxy.close(() => resolve());
      }),
  };
}
