// The npm registry this project is built against serves only the platform packages of the
// machine (linux x64 glibc): optional native packages for other platforms (biome, rollup,
// @unrs/resolver bindings) 404. `npm install` skips them silently, but `npm ci` then refuses the
// lockfile ("Missing: ... from lock file"). This adds a lockfile entry for each missing optional
// platform package, with its os/cpu/libc, so `npm ci` validates the lock and skips them as
// platform mismatches, as it would anywhere else. Run after changing dependencies:
//   node scripts/lockfile-platform-stubs.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const OS = ['android', 'darwin', 'freebsd', 'linux', 'win32', 'openbsd', 'openharmony', 'netbsd', 'sunos', 'aix'];
const CPU = {
  arm64: 'arm64',
  x64: 'x64',
  ia32: 'ia32',
  loong64: 'loong64',
  ppc64: 'ppc64',
  riscv64: 'riscv64',
  s390x: 's390x',
  arm: 'arm',
};

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (packages[key] || packages[`${location}/node_modules/${name}`]) continue;
    const tokens = name.split('/').at(-1).split('-');
    const os = tokens.find((t) => OS.includes(t));
    const cpu = tokens.map((t) => CPU[t]).find(Boolean);
    if (!os || !cpu) continue; // not a platform package: leave it for npm to report
    const libc = os === 'linux' ? (tokens.some((t) => t.startsWith('musl')) ? ['musl'] : ['glibc']) : undefined;
    packages[key] = {
      version,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      os: [os],
      cpu: [cpu],
      ...(libc ? { libc } : {}),
    };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} platform package entries`);
