/**
 * Server-side printing: the `meta.k8s.io/v1` Table kubectl asks for (`Accept: ...;as=Table`),
 * with the columns a real API server prints for each resource.
 */
import type { StoredRecord } from '../../store';
import { ageColumn, type Column, nameColumn } from './columns';
import { coreColumns } from './core-columns';
import { podColumns } from './pod-columns';
import { workloadColumns } from './workload-columns';

const columnsByResource: Readonly<Record<string, readonly Column[]>> = {
  pods: podColumns,
  ...coreColumns,
  ...workloadColumns,
};

/** Whether an Accept header asks for a Table. */
export function wantsTable(accept: string | undefined): boolean {
  return accept !== undefined && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}

/** The Table JSON for `records` (one for a GET, many for a LIST). */
export function tableJson(
  resource: string,
  records: readonly StoredRecord[],
  options: { includeObject: string | null; listMetadata: object },
): string {
  const columns = columnsByResource[resource] ?? [nameColumn, ageColumn];
  const now = Date.now();
  const rows = records.map((record) => {
    const object = record.object as unknown as Record<string, unknown>;
    const embedded =
      options.includeObject === 'None'
        ? undefined
        : options.includeObject === 'Object'
          ? object
          : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object['metadata'] };
    return {
      cells: columns.map((column) => column.cell(object, now)),
      ...(embedded === undefined ? {} : { object: embedded }),
    };
  });
  return JSON.stringify({
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: options.listMetadata,
    columnDefinitions: columns.map((column) => ({
      name: column.name,
      type: column.type,
      format: column.format ?? '',
      description: column.description,
      priority: column.priority ?? 0,
    })),
    rows,
  });
}
