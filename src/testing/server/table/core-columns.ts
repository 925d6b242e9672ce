/**
 * Tables of the core and bookkeeping resources: Services, ConfigMaps, Secrets, Namespaces and
 * ControllerRevisions.
 */
import { ageColumn, type Column, count, meta, nameColumn, spec, status } from './columns';

/** Columns by core resource. */
export const coreColumns: Readonly<Record<string, readonly Column[]>> = {
  services: [
    nameColumn,
    {
      name: 'Type',
      type: 'string',
      description: 'The type of the service.',
      cell: (o) => String(spec(o)['type'] ?? 'ClusterIP'),
    },
    {
      name: 'Cluster-IP',
      type: 'string',
      description: 'The cluster IP of the service.',
      cell: (o) => String(spec(o)['clusterIP'] ?? '<none>'),
    },
    { name: 'External-IP', type: 'string', description: 'The external IPs of the service.', cell: () => '<none>' },
    {
      name: 'Port(s)',
      type: 'string',
      description: 'The ports of the service.',
      cell: (o) => {
        const ports = (spec(o)['ports'] as Array<{ port: number; protocol?: string }> | undefined) ?? [];
        return ports.length === 0 ? '<none>' : ports.map((port) => `${port.port}/${port.protocol ?? 'TCP'}`).join(',');
      },
    },
    ageColumn,
  ],
  configmaps: [
    nameColumn,
    {
      name: 'Data',
      type: 'integer',
      description: 'Number of keys.',
      cell: (o) =>
        Object.keys((o['data'] as object | undefined) ?? {}).length +
        Object.keys((o['binaryData'] as object | undefined) ?? {}).length,
    },
    ageColumn,
  ],
  secrets: [
    nameColumn,
    {
      name: 'Type',
      type: 'string',
      description: 'The type of the secret.',
      cell: (o) => String(o['type'] ?? 'Opaque'),
    },
    {
      name: 'Data',
      type: 'integer',
      description: 'Number of keys.',
      cell: (o) => Object.keys((o['data'] as object | undefined) ?? {}).length,
    },
    ageColumn,
  ],
  namespaces: [
    nameColumn,
    {
      name: 'Status',
      type: 'string',
      description: 'The status of the namespace.',
      cell: (o) => String(status(o)['phase'] ?? 'Active'),
    },
    ageColumn,
  ],
  controllerrevisions: [
    nameColumn,
    {
      name: 'Controller',
      type: 'string',
      description: 'The controller of the revision.',
      cell: (o) => {
        const owner = ((meta(o)['ownerReferences'] as
          | Array<{ kind: string; name: string; apiVersion: string }>
          | undefined) ?? [])[0];
        return owner === undefined
          ? '<none>'
          : `${owner.kind.toLowerCase()}.${owner.apiVersion.split('/')[0]}/${owner.name}`;
      },
    },
    { name: 'Revision', type: 'integer', description: 'The revision number.', cell: (o) => count(o['revision']) },
    ageColumn,
  ],
};
