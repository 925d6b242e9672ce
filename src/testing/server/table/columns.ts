/**
 * What every server-side printed table shares: the column type, NAME and AGE, and kubectl's
 * HumanDuration (kept with `kubenv ls` in src/listing/age.ts).
 */
import { ageOf, humanDuration } from '../../../listing/age';

export { humanDuration };

/** One printed column and how to fill its cell. */
export interface Column {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'date';
  readonly format?: 'name' | '';
  readonly priority?: number;
  readonly description: string;
  readonly cell: (object: Record<string, unknown>, now: number) => string | number;
}

/** Age of a timestamp, as the AGE column prints it. */
export function since(timestamp: unknown, now: number): string {
  return ageOf(typeof timestamp === 'string' ? timestamp : undefined, now);
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
