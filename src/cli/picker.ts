/**
 * The target picker of `kubenv run` and `kubenv print`: on a terminal with no target anywhere (no
 * flag, no variable, no config), the targets of the namespace are offered as mirrord's IDE offers
 * them (https://metalbear.com/mirrord/docs/reference/targets/), with "No target (targetless)";
 * then the command goes on, and kubenv prints the flags that skip the dialog next time.
 *
 * The prompt library (@clack/prompts) is imported only when the picker is shown: a run with a
 * target, or off a terminal, never loads it.
 */
import type { Readable, Writable } from 'node:stream';
import { loadConfig } from '../config/load';
import { isKubenvError } from '../errors';
import { listTargets, type TargetListing } from '../fetch/list-targets';
import { fetchOptionsFrom } from './fetch-options';
import type { CommonFlags } from './options';
import { alignColumns, targetCells } from './table';

/** What the picker decided. */
export type PickOutcome =
  | { readonly kind: 'not-shown' }
  | { readonly kind: 'picked'; readonly target: string; readonly namespace: string | undefined }
  | { readonly kind: 'cancelled' };

/** Where the picker reads keys and draws, and the environment it judges by. */
export interface PickerIo {
  readonly input: Readable & { readonly isTTY?: boolean };
  readonly output: Writable & { readonly isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

const TARGETLESS = 'targetless';

/**
 * True when a person could answer: both ends a terminal, `--no-input` not given, not in CI (any
 * non-empty `CI`, as CI services set it), and no target given by flag or variable. The config
 * file is checked after this, only when it holds.
 */
function couldAsk(flags: CommonFlags & { readonly input?: boolean }, io: PickerIo): boolean {
  if (flags.target !== undefined || flags.input === false) return false;
  if (io.env['CI'] || io.env['MIRRORD_IMPERSONATED_TARGET']) return false;
  return Boolean(io.input.isTTY && io.output.isTTY);
}

/** Shows the picker when there is no target anywhere and a person at a terminal to ask. */
export async function pickTargetIfNeeded(
  flags: CommonFlags & { readonly input?: boolean },
  io: PickerIo = { input: process.stdin, output: process.stderr, env: process.env },
): Promise<PickOutcome> {
  if (!couldAsk(flags, io)) return { kind: 'not-shown' };
  const options = { ...fetchOptionsFrom(flags), env: io.env };
  const config = await loadConfig(options);
  if (config.origins.target.layer !== 'default' || config.targets !== undefined || !config.envEnabled) {
    return { kind: 'not-shown' };
  }

  const { namespace, kubeconfig, context, configFile, timeout } = options;
  let listing: TargetListing;
  try {
    listing = await listTargets({ namespace, kubeconfig, context, configFile, timeout, env: io.env });
  } catch (error) {
    // No cluster at hand (no kubeconfig, offline): go on targetless, as without the picker.
    if (!isKubenvError(error)) throw error;
    io.output.write(
      `kubenv: no target set, and the targets could not be listed: ${error.summary}\n` +
        'kubenv: going on targetless; pass -t <target>, or --no-input to skip the picker\n',
    );
    return { kind: 'not-shown' };
  }
  for (const skip of listing.skipped) io.output.write(`kubenv: skipped ${skip.message}\n`);

  const rows = alignColumns(listing.targets.map((entry) => targetCells(entry)));
  const { autocomplete, isCancel } = await import('@clack/prompts');
  const choice = await autocomplete<string>({
    message: `No target set. Pick one in namespace "${listing.namespace}" (type to filter)`,
    options: [
      { value: TARGETLESS, label: 'No target (targetless)', hint: 'no remote environment' },
      ...listing.targets.map((entry, index) => ({ value: entry.target, label: rows[index] ?? entry.target })),
    ],
    filter: matchesEveryWord,
    maxItems: 12,
    input: io.input,
    output: io.output,
  });
  if (isCancel(choice)) return { kind: 'cancelled' };
  const picked =
    choice === TARGETLESS
      ? { target: TARGETLESS, namespace: undefined }
      : { target: choice, namespace: listing.namespace };
  io.output.write(`kubenv: next time, skip this dialog with: ${flagsFor(picked)}\n`);
  return { kind: 'picked', ...picked };
}

/** Type-to-filter: every typed word appears in the row, in any order, ignoring case (`deploy api`). */
function matchesEveryWord(search: string, option: { value: string; label?: string }): boolean {
  const text = `${option.label ?? ''} ${option.value}`.toLowerCase();
  return search
    .toLowerCase()
    .split(/\s+/)
    .every((word) => text.includes(word));
}

/** The flags that choose the same target without the dialog: `-t deployment/api -n staging`. */
export function flagsFor(picked: { readonly target: string; readonly namespace: string | undefined }): string {
  return picked.namespace === undefined ? `-t ${picked.target}` : `-t ${picked.target} -n ${picked.namespace}`;
}

/**
 * The flags to run with: as given, or with the picked target (and its namespace); `undefined`
 * when the person cancelled the picker (Escape, Ctrl-C), which the command treats as an interrupt.
 */
export async function withPickedTarget<Flags extends CommonFlags & { readonly input?: boolean }>(
  flags: Flags,
  io?: PickerIo,
): Promise<Flags | undefined> {
  const outcome = await pickTargetIfNeeded(flags, io);
  if (outcome.kind === 'not-shown') return flags;
  if (outcome.kind === 'cancelled') {
    (io?.output ?? process.stderr).write('kubenv: cancelled: no target picked, nothing run\n');
    return undefined;
  }
  return { ...flags, target: outcome.target, targetNamespace: outcome.namespace ?? flags.targetNamespace };
}
