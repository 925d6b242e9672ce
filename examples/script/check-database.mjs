// A maintenance script that needs the database URL of the deployed checkout service. It borrows
// the deployment's environment for the duration of `withRemoteEnv` only: afterwards process.env
// is exactly what it was, even when the callback throws.
//
//   node check-database.mjs [target] [namespace]      (defaults: deploy/checkout shop)
import { isKubenvError, withRemoteEnv } from 'kubenv';

const [target = 'deploy/checkout', namespace = 'shop'] = process.argv.slice(2);

try {
  await withRemoteEnv(
    async (remote) => {
      const { pod, container } = remote.target ?? {};
      console.log(`Environment of ${target} in ${namespace}: pod ${pod}, container ${container} (${remote.source})`);
      // A real script would connect here; this one only shows where it would connect to.
      const url = new URL(process.env.DATABASE_URL ?? '');
      const database = url.pathname.slice(1);
      console.log(`Would check database "${database}" on ${url.hostname}:${url.port} as ${url.username}`);
    },
    { target, namespace, include: ['DATABASE_URL'] },
  );
} catch (error) {
  if (!isKubenvError(error)) throw error;
  // kubenv errors say what failed and what to do next, without values: safe to print.
  console.error(error.message);
  process.exit(1);
}

console.log(`After withRemoteEnv, DATABASE_URL is ${process.env.DATABASE_URL === undefined ? 'unset again' : 'set'}`);
