/**
 * Records keyed by environment variable names. A name may be anything a process can carry,
 * `constructor`, `toString`, `hasOwnProperty` and `__proto__` included; on a plain object those
 * read as Object.prototype's members, and assigning `__proto__` changes the prototype instead of
 * storing a value. So records built here have no prototype, reads take own properties only, and
 * records handed to users are built by `Object.fromEntries`, which stores every name as an own
 * property.
 */

/** An empty record with no prototype: every key is a plain key. */
export function emptyEnvRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** The value `record` itself holds for `name`; never one inherited from Object.prototype. */
export function ownValue<T>(record: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

/** A plain object with each name as an own property (`__proto__` included). */
export function envRecordFrom<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  return Object.fromEntries(entries) as Record<string, T>;
}
