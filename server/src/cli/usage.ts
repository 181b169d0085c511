/** The help texts: `napkin --help` and `napkin COMMAND --help`. docs/cli.md says more. */

export const mainUsage = `napkin — system-design notes that check their own math

Usage: napkin COMMAND [options] [files]

Commands:
  lint [GLOBS...]          check design files (default: **/*.md and **/*.napkin, .gitignore respected)
  estimate FILE...         the computed numbers as Markdown tables (or --format json)
  render FILE              the diagrams as Mermaid (stdout or --out DIR) or SVG (--format svg --out DIR)
  sync [GLOBS...]          write a generated \`\`\`mermaid block after each napkin fence (--check: report stale)
  diff BASE HEAD           how the computed numbers changed (files, or git revisions: diff REV1 REV2 -- FILE)

Options: -h, --help (also after a command), -v, --version
Exit codes: 0 clean, 1 problems found, 2 usage, config or read error.
Docs: https://github.com/napkin-dev/napkin/blob/main/docs/cli.md
`;

export const commandUsage: Record<string, string> = {
  lint: `Usage: napkin lint [GLOBS...] [options]

Checks design files: every napkin fence of *.md files, and *.napkin files.
With no GLOBS: **/*.md and **/*.napkin under the current directory. Directories expand to their
*.md and *.napkin files; globs and directories respect .gitignore; !GLOB excludes.

Options:
  -f, --format FORMAT    text (default), json, sarif, github or junit
      --max-warnings N   exit 1 when there are more than N warnings
  -c, --config PATH      use this config file instead of finding .napkin.json per file
      --include-hints    also report hints (hidden by default in every format)
      --exit-zero        exit 0 even when problems are found (2 still means the run failed)
      --concurrency N    threads to check files on: auto (default: one per core when there is
                         enough to check), off, or a number
      --cache            keep what each file gave in .napkincache, and analyse only the files
                         whose text or config changed since (or all, after napkin changed)
      --cache-location PATH
                         the cache file, or a directory for .napkincache (implies --cache)
      --cache-strategy S content (default: a file is the same while its text is) or metadata
                         (while its size and modification time are; faster, not for CI)

Exit codes: 0 clean, 1 errors or too many warnings, 2 usage, config or read error.
`,
  estimate: `Usage: napkin estimate FILE... [options]

The computed quantities and component loads of each file, as Markdown tables (ready for
$GITHUB_STEP_SUMMARY), or as JSON with values in base units.

Options:
  -f, --format FORMAT    markdown (default) or json
  -c, --config PATH      use this config file instead of finding .napkin.json per file

Exit codes: 0 done, 2 usage, config or read error.
`,
  render: `Usage: napkin render FILE [options]

Every diagram of FILE, in order: per napkin fence its flowchart, then its flows.

Options:
  -f, --format FORMAT    mermaid (default): \`\`\`mermaid blocks on stdout, or <stem>-<n>.mmd files with --out
                         svg: <stem>-<n>.svg files rendered by Mermaid in a local headless Chromium
  -o, --out DIR          write one file per diagram into DIR (required for svg)
  -c, --config PATH      use this config file instead of finding .napkin.json

Chromium: NAPKIN_CHROMIUM, else /usr/bin/chromium, else chromium on PATH.
Exit codes: 0 done, 2 usage, config, read or render error.
`,
  sync: `Usage: napkin sync [GLOBS...] [options]

Writes a generated \`\`\`mermaid block after each napkin fence of Markdown files, between
<!-- napkin:begin … --> and <!-- napkin:end --> markers, so that GitHub shows the diagrams.
Never changes a byte outside those blocks; refuses to overwrite a block edited by hand.

Options:
      --check            write nothing; exit 1 and list the files that are out of date
      --force            overwrite generated blocks even if they were edited by hand
  -c, --config PATH      use this config file instead of finding .napkin.json per file

Exit codes: 0 up to date (or updated), 1 stale (--check), 2 usage, read, write or hand-edit error.
`,
  diff: `Usage: napkin diff BASE HEAD [options]
       napkin diff REV1 REV2 -- FILE      (two git revisions of FILE)
       napkin diff REV FILE               (FILE at git revision REV against the working tree)

How every computed number changed: quantities by name, components by id, and the errors that
appeared or were resolved. Unchanged numbers are hidden unless --all.

Options:
  -f, --format FORMAT    text (default) or markdown (a table for a pull-request comment)
      --all              also list what did not change
      --fail-on-new-errors  exit 1 when HEAD has errors that BASE does not
  -c, --config PATH      use this config file instead of finding .napkin.json

Exit codes: 0 done, 1 new errors with --fail-on-new-errors, 2 usage, git or read error.
`,
};
