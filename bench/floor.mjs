// The floor for linting a folder: Node walking it and reading every line of every .md file, and
// nothing else. Prints the number of files and lines (so the work cannot be optimised away).
//   node bench/floor.mjs DIR
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let files = 0;
let lines = 0;
for (const entry of readdirSync(process.argv[2], { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.md')) continue;
  files++;
  for (const line of readFileSync(join(entry.parentPath ?? entry.path, entry.name), 'utf8').split('\n')) if (line.length >= 0) lines++;
}
process.stdout.write(`${files} files, ${lines} lines\n`);
