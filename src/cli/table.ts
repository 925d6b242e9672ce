/**
 * Aligned columns, as `kubectl get` prints them: left-aligned, three spaces between columns. One
 * home for `kubenv ls` and the target picker's rows.
 */
import type { ListedTarget } from '../fetch/list-targets';

const GAP = '   ';

/** Pads every column but the last to its widest cell. */
export function alignColumns(rows: ReadonlyArray<readonly string[]>): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [index, cell] of row.entries()) widths[index] = Math.max(widths[index] ?? 0, cell.length);
  }
  return rows.map((row) =>
    row
      .map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] ?? 0)))
      .join(GAP)
      .trimEnd(),
  );
}

/** The cells of a listed target: KIND, NAME, READY, AGE, CONTAINERS (and POD when wide). */
export function targetCells(target: ListedTarget, options: { wide?: boolean } = {}): string[] {
  const cells = [
    target.kind,
    target.name,
    `${target.ready}/${target.total}`,
    target.age,
    target.containers.join(',') || '<none>',
  ];
  if (options.wide) cells.push(target.pod ?? '<none>');
  return cells;
}

/** The header row matching {@link targetCells}. */
export function targetHeader(options: { wide?: boolean } = {}): string[] {
  return ['KIND', 'NAME', 'READY', 'AGE', 'CONTAINERS', ...(options.wide ? ['POD'] : [])];
}
