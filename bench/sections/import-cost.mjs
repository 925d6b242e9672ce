// Section 6: what `import('kubenv')` + parseTarget costs over bare node, from ESM and CommonJS.
import { alternate, median, timeProcess } from '../lib/measure.mjs';

/** Medians of bare node (an empty module) and of the import probes, per build. */
export async function measureImportCost(context) {
  const { runs, subjects, env } = context;
  context.progress('import cost');
  const probe = (file) => async () => (await timeProcess(context.node, [file], { env, cwd: context.emptyDir })).ms;
  const variants = [
    { label: 'node', run: probe(subjects[0].probe('noop.mjs')) },
    ...subjects.flatMap((subject) => [
      { label: `${subject.label}|esm`, run: probe(subject.probe('import.mjs')) },
      { label: `${subject.label}|cjs`, run: probe(subject.probe('require.cjs')) },
    ]),
  ];
  const samples = await alternate(runs, variants);
  return Object.fromEntries([...samples].map(([label, s]) => [label, median(s)]));
}
