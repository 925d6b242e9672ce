import { applyRemoteEnv } from 'kubenv';

// Runs once in Playwright's runner process, before it starts the worker processes: they inherit
// the process.env set here. Target and filter come from kubenv.config.ts (and MIRRORD_* variables).
export default async function globalSetup(): Promise<() => void> {
  const applied = await applyRemoteEnv();
  // Names and the pod only: never log values, they can be secrets.
  console.log(`kubenv: ${applied.remote.names.join(', ')} from ${applied.remote.target?.pod ?? 'no pod'}`);
  // Playwright calls a function returned by globalSetup as the global teardown.
  return () => applied.restore();
}
