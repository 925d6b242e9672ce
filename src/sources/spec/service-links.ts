/**
 * Service-link variables, as the kubelet builds them (pkg/kubelet/envvars): for each service with
 * a cluster IP, `X_SERVICE_HOST`, `X_SERVICE_PORT`, `X_SERVICE_PORT_<NAME>` per named port, and
 * the Docker-link set `X_PORT`, `X_PORT_<p>_<PROTO>{,_PROTO,_PORT,_ADDR}`.
 */
import type { Service } from '../../kube/objects';

/** The name prefix of a service's variables: upper case, `-` and `.` to `_`. */
function envPrefix(serviceName: string): string {
  return serviceName.toUpperCase().replace(/[-.]/g, '_');
}

/**
 * Whether the service has a cluster IP (not headless, not ExternalName): the kubelet's
 * IsServiceIPSet, which it checks before building its service map.
 */
export function hasClusterIP(service: Service): boolean {
  const ip = service.spec.clusterIP;
  return ip !== undefined && ip !== '' && ip !== 'None';
}

/** `ip:port`, with brackets for IPv6 as Go's net.JoinHostPort writes it. */
function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** The variables of a set of services; later services win on a name clash, as in the kubelet's map. */
export function serviceLinkVariables(services: readonly Service[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const service of services) {
    const ports = service.spec.ports ?? [];
    const first = ports[0];
    if (!hasClusterIP(service) || !first) continue;
    const ip = service.spec.clusterIP as string;
    const prefix = envPrefix(service.metadata.name);
    env[`${prefix}_SERVICE_HOST`] = ip;
    env[`${prefix}_SERVICE_PORT`] = String(first.port);
    for (const port of ports) {
      if (port.name) env[`${prefix}_SERVICE_PORT_${envPrefix(port.name)}`] = String(port.port);
    }
    ports.forEach((port, index) => {
      const protocol = (port.protocol || 'TCP').toUpperCase();
      const url = `${protocol.toLowerCase()}://${joinHostPort(ip, port.port)}`;
      if (index === 0) env[`${prefix}_PORT`] = url;
      const portPrefix = `${prefix}_PORT_${port.port}_${protocol}`;
      env[portPrefix] = url;
      env[`${portPrefix}_PROTO`] = protocol.toLowerCase();
      env[`${portPrefix}_PORT`] = String(port.port);
      env[`${portPrefix}_ADDR`] = ip;
    });
  }
  return env;
}

/** True for a name shaped like a service-link variable (used to explain exec results). */
export function looksLikeServiceLink(name: string): boolean {
  return /^[A-Z0-9_]+_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_\d+_(TCP|UDP|SCTP)(_PROTO|_PORT|_ADDR)?)?)$/.test(
    name,
  );
}
