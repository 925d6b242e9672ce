/**
 * `kubenv diff [flags] --against [flags]`: the remote env of one side against another. The
 * `--against` side starts from the left side's flags and replaces those it gives, so
 * `-t deploy/api -n staging --against -n production` compares one deployment in two namespaces.
 * Exit codes as diff(1): 0 equal, 1 different, 2 trouble.
 */
import type { EnvValueDifference, RemoteEnvDiff } from '../../diff/compare';
import { diffRemoteEnv } from '../../diff/diff-remote-env';
import type { RemoteEnvSummary } from '../../fetch/remote-env';
import { fetchOptionsFrom } from '../fetch-options';
import type { CommonFlags } from '../options';
import { reportError } from '../report-error';
import { type DiffFlags, parseAgainst } from './diff-args';

const DIFF_FORMATS = ['text', 'json'] as const;

/** Runs the diff; resolves with the exit code (errors are reported here, with exit code 2). */
export async function diffCommand(flags: DiffFlags, against: readonly string[] | undefined): Promise<number> {
  const write = (text: string) => process.stderr.write(text);
  const { format: formatAfter, ...right } = against === undefined ? {} : parseAgainst(against);
  const format = formatAfter ?? flags.format ?? 'text';
  if (!DIFF_FORMATS.includes(format as (typeof DIFF_FORMATS)[number])) {
    write(`kubenv: error: unknown diff format ${JSON.stringify(format)}\nhint: use --format text or --format json\n`);
    return 2;
  }
  if (against === undefined) {
    write(
      'kubenv: error: kubenv diff needs --against and the other side\n' +
        'hint: kubenv diff -t deploy/api -n staging --against -n production\n',
    );
    return 2;
  }
  if (Object.keys(right).length === 0) {
    write('kubenv: error: nothing after --against: both sides would be the same\nhint: --against -n production\n');
    return 2;
  }
  const leftFlags = { ...flags, format: undefined };
  const rightFlags: CommonFlags = { ...leftFlags, ...right };
  let diff: RemoteEnvDiff;
  try {
    diff = await diffRemoteEnv(
      { ...fetchOptionsFrom(leftFlags), env: process.env },
      { ...fetchOptionsFrom(rightFlags), env: process.env },
    );
  } catch (error) {
    reportError(error, { debug: Boolean(flags.debug), write });
    return 2;
  }
  const labels = [label(diff.left, leftFlags), label(diff.right, rightFlags)] as const;
  process.stdout.write(format === 'json' ? formatJson(diff, labels) : formatText(diff, labels));
  return diff.equal ? 0 : 1;
}

function label(side: RemoteEnvSummary, flags: CommonFlags): string {
  const where = side.target ? `${side.target.target} in ${side.target.namespace}` : 'targetless';
  return flags.context ? `${where} (context ${flags.context})` : where;
}

function describeValue(difference: EnvValueDifference): string {
  return difference.secret
    ? `secret, different (hmac ${difference.leftHash} -> ${difference.rightHash})`
    : `${JSON.stringify(difference.left)} -> ${JSON.stringify(difference.right)}`;
}

function formatText(diff: RemoteEnvDiff, [left, right]: readonly [string, string]): string {
  const lines = [`--- ${left}`, `+++ ${right}`];
  for (const name of diff.onlyLeft) lines.push(`- ${name}`);
  for (const name of diff.onlyRight) lines.push(`+ ${name}`);
  for (const difference of diff.different) lines.push(`~ ${difference.name}: ${describeValue(difference)}`);
  lines.push(
    diff.equal
      ? `= all ${diff.same.length} variables equal`
      : `${diff.onlyLeft.length} only left, ${diff.onlyRight.length} only right, ${diff.different.length} different, ${diff.same.length} equal`,
  );
  return `${lines.join('\n')}\n`;
}

function formatJson(diff: RemoteEnvDiff, [left, right]: readonly [string, string]): string {
  const side = (summary: RemoteEnvSummary, name: string) => ({
    label: name,
    target: summary.target?.target ?? null,
    namespace: summary.target?.namespace ?? null,
    pod: summary.target?.pod ?? null,
    container: summary.target?.container ?? null,
    source: summary.source,
  });
  const document = {
    equal: diff.equal,
    left: side(diff.left, left),
    right: side(diff.right, right),
    onlyLeft: diff.onlyLeft,
    onlyRight: diff.onlyRight,
    different: diff.different,
    same: diff.same,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
