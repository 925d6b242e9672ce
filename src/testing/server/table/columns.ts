/**
 * What every server-side printed table shares: the column type, NAME and AGE, and kubectl's
 * HumanDuration.
 */

/** One printed column and how to fill its cell. */
export interface Column {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'date';
  readonly format?: 'name' | '';
  readonly priority?: number;
  readonly description: string;
  readonly cell: (object: Record<string, unknown>, now: number) => string | number;
}

/** Kubernetes' HumanDuration (the AGE column). */
export function humanDuration(milliseconds: number): string {
  const seconds = Math.floor(milliseconds / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${hours / 24}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${days / 365}y` : `${Math.floor(days / 365)}y${days % 365}d`;
  return `${Math.floor(days / 365)}y`;
}

/** Age of a timestamp, as the AGE column prints it. */
export function since(timestamp: unknown, now: number): string {
  if (typeof timestamp !== 'string') return '<unknown>';
  return humanDuration(now - Date.parse(timestamp));
}

/** `metadata` of an object. */
export const meta = (object: Record<string, unknown>): Record<string, unknown> =>
  (object['metadata'] as Record<string, unknown> | undefined) ?? {};
/** `spec` of an object. */
export const spec = (object: Record<string, unknown>): Record<string, unknown> =>
  (object['spec'] as Record<string, unknown> | undefined) ?? {};
/** `status` of an object. */
export const status = (object: Record<string, unknown>): Record<string, unknown> =>
  (object['status'] as Record<string, unknown> | undefined) ?? {};
/** A count field, 0 when absent. */
export const count = (value: unknown): number => (typeof value === 'number' ? value : 0);

/** The NAME column. */
export const nameColumn: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description:
    'Name must be unique within a namespace. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  cell: (object) => String(meta(object)['name'] ?? ''),
};
/** The AGE column. */
export const ageColumn: Column = {
  name: 'Age',
  type: 'string',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
  cell: (object, now) => since(meta(object)['creationTimestamp'], now),
};

/** An integer column read from the object. */
export const integerColumn = (
  name: string,
  description: string,
  pick: (object: Record<string, unknown>) => unknown,
): Column => ({
  name,
  type: 'integer',
  description,
  cell: (object) => count(pick(object)),
});
