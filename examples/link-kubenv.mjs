#!/usr/bin/env node
// Lets the example projects import `kubenv` the way a user's project does after `npm install`:
// creates examples/node_modules/kubenv -> the repository root (run `npm run build` for dist/).
// Idempotent and safe to run concurrently. The examples test runs it; so can you:
//   node examples/link-kubenv.mjs
import { lstatSync, mkdirSync, readlinkSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const examples = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(examples);
const link = path.join(examples, 'node_modules', 'kubenv');
// Windows: a junction (no admin rights needed), which takes an absolute target.
const [target, type] =
  process.platform === 'win32' ? [root, 'junction'] : [path.relative(path.dirname(link), root), 'dir'];

function current() {
  try {
    return lstatSync(link).isSymbolicLink() ? path.resolve(path.dirname(link), readlinkSync(link)) : 'not a link';
  } catch {
    return undefined;
  }
}

const found = current();
if (found === root || found === `${root}${path.sep}`) process.exit(0);
if (found === 'not a link') {
  console.error(`${link} exists and is not a link: remove it, then run this again.`);
  process.exit(1);
}
mkdirSync(path.dirname(link), { recursive: true });
// Made under a unique name, then renamed over the old one: atomic, so concurrent runs agree.
const temporary = `${link}.${process.pid}.tmp`;
rmSync(temporary, { force: true });
symlinkSync(target, temporary, type);
renameSync(temporary, link);
console.log(`linked ${path.relative(process.cwd(), link) || link} -> ${root}`);
