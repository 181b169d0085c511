/**
 * The benchmark corpora, generated (nothing large is checked in): realistic design notes in
 * Markdown with ```napkin fences, and the SAME model written in LikeC4's language, so the tools are
 * measured on the same design.
 *
 * A design note is a run of "blocks", one per subsystem: a heading, prose, an estimates fence
 * (quantities), a high-level design fence (seven components, a chain, a cache, a queue and a
 * worker, and a call into a shared `auth` service declared in the first block) and a flow fence.
 * A block is 50 lines; block `i` uses ids suffixed with `i`, so any number of blocks (and any
 * number of notes, each with its own `base`) make one consistent design.
 */

export const LINES_PER_BLOCK = 50;

export interface Block {
  readonly index: number;
  /** Millions of daily users: the number the benchmark's edits change. */
  readonly dau: number;
}

const topics = ['orders', 'search', 'feed', 'profile', 'payments', 'media', 'inbox', 'catalog', 'reviews', 'ranking'];

export function blocks(count: number, base = 0): Block[] {
  return Array.from({ length: count }, (_, k) => ({ index: base + k, dau: 1 + ((base + k) % 9) }));
}

function topic(i: number): string {
  return `${topics[i % topics.length]}-${i}`;
}

/** One 50-line block of a design note. */
export function napkinBlock({ index: i, dau }: Block, withAuth: boolean): string {
  const lines = [
    `## ${i}. The ${topic(i)} service`,
    '',
    `The ${topic(i)} service answers reads from the apps and takes writes from the back office. Reads`,
    `dominate, so they go through a cache in front of the database; every change is published to a`,
    `queue that a worker drains to update the search index. Peak traffic is three times the average,`,
    `and each item is kept three times for durability.`,
    '',
    '```napkin',
    `dau_${i}       = ${dau}M users`,
    `reads_${i}     = 5 req/user/day`,
    `read_qps_${i}  = dau_${i} * reads_${i}`,
    `peak_${i}      = read_qps_${i} * 3x`,
    `items_${i}     = 50M`,
    `item_size_${i} = 2 KB`,
    `storage_${i}   = items_${i} * item_size_${i} * 3 copies`,
    `assert peak_${i} < 50K/s`,
    '```',
    '',
    `The high-level design: clients reach the API through a load balancer; the API reads through the`,
    `cache and publishes changes for the worker.`,
    '',
    '```napkin',
    ...(withAuth ? [`service auth "Auth service" { replicas: 4, capacity: 1M/s, stateless }`] : [`# auth is declared in the first section`]),
    `user         u${i}   "Clients of ${topic(i)}" { rate: peak_${i} }`,
    `loadbalancer lb${i}  { replicas: 2 }`,
    `service      api${i} "API ${i}" { replicas: 4, capacity: 5K/s, stateless }`,
    `cache        c${i}   "Cache ${i}" { hit: 90%, ttl: 10 min }`,
    `database     db${i}  "DB ${i}" { replicas: 2, storage: storage_${i} }`,
    `queue        q${i}   { retention: 7 days }`,
    `worker       w${i}`,
    '',
    `u${i}   -> lb${i} -> api${i} : GET /v1/${topics[i % topics.length]}/{id}`,
    `api${i} -> c${i} -> db${i}`,
    `api${i} -> auth : check token`,
    `api${i} ~> q${i} : item changed`,
    `q${i}   ~> w${i}`,
    `w${i}   -> db${i} : reindex`,
    '```',
    '',
    `A read, step by step:`,
    '```napkin',
    `flow read_${i} "Read an item (${i})" {`,
    `  u${i}   -> lb${i}  : GET /v1/${topics[i % topics.length]}/{id}`,
    `  lb${i}  -> api${i}`,
    `  api${i} -> c${i}   : lookup`,
    `  c${i}  --> api${i} : hit`,
    `  api${i} --> u${i}  : 200 OK`,
    `}`,
    '```',
    '',
  ];
  if (lines.length !== LINES_PER_BLOCK) throw new Error(`a block is ${lines.length} lines, not ${LINES_PER_BLOCK}`);
  return lines.join('\n') + '\n';
}

/** A design note of about `lines` lines (whole blocks). */
export function designDoc(lines: number, base = 0): string {
  const count = Math.max(1, Math.round(lines / LINES_PER_BLOCK));
  return `# Design notes\n\n` + blocks(count, base).map((b, k) => napkinBlock(b, k === 0 && base === 0)).join('');
}

/** The block whose `dau` line the benchmark edits: the middle one. */
export function editTarget(text: string): { line: number; character: number; digit: string } {
  const lines = text.split('\n');
  const candidates = lines.map((l, n) => (l.startsWith('dau_') ? n : -1)).filter((n) => n >= 0);
  const line = candidates[Math.floor(candidates.length / 2)]!;
  const character = lines[line]!.indexOf('= ') + 2;
  return { line, character, digit: lines[line]![character]! };
}

// ── LikeC4 ─────────────────────────────────────────────────────────────────────────────────────

export const likec4Specification = `specification {
  element actor
  element loadbalancer
  element service
  element cache
  element database
  element queue
  element worker
  relationship async {
    line dashed
  }
}
`;

/** The same block as LikeC4 model statements: same elements, same relations, the flow as a dynamic view. */
export function likec4Block({ index: i, dau }: Block, withAuth: boolean): { model: string; views: string } {
  const model = [
    `  // ${topic(i)}: ${dau}M users, 5 reads/user/day, peak 3x`,
    ...(withAuth ? [`  auth = service 'Auth service' {`, `    metadata {`, `      replicas '4'`, `      capacity '1M/s'`, `    }`, `  }`] : []),
    `  u${i} = actor 'Clients of ${topic(i)}'`,
    `  lb${i} = loadbalancer 'lb${i}'`,
    `  api${i} = service 'API ${i}' {`,
    `    metadata {`,
    `      replicas '4'`,
    `      capacity '5K/s'`,
    `    }`,
    `  }`,
    `  c${i} = cache 'Cache ${i}'`,
    `  db${i} = database 'DB ${i}'`,
    `  q${i} = queue 'q${i}'`,
    `  w${i} = worker 'w${i}'`,
    `  u${i} -> lb${i} 'GET /v1/${topics[i % topics.length]}/{id}'`,
    `  lb${i} -> api${i} 'GET /v1/${topics[i % topics.length]}/{id}'`,
    `  api${i} -> c${i}`,
    `  c${i} -> db${i}`,
    `  api${i} -> auth 'check token'`,
    `  api${i} -[async]-> q${i} 'item changed'`,
    `  q${i} -[async]-> w${i}`,
    `  w${i} -> db${i} 'reindex'`,
    '',
  ].join('\n');
  const views = [
    `  dynamic view read_${i} {`,
    `    title 'Read an item (${i})'`,
    `    u${i} -> lb${i} 'GET /v1/${topics[i % topics.length]}/{id}'`,
    `    lb${i} -> api${i}`,
    `    api${i} -> c${i} 'lookup'`,
    `    api${i} <- c${i} 'hit'`,
    `    u${i} <- api${i} '200 OK'`,
    `  }`,
    '',
  ].join('\n');
  return { model, views };
}

/** A LikeC4 source file with the model of `count` blocks (the specification only when `spec`). */
export function likec4Model(count: number, options: { base?: number; spec?: boolean; index?: boolean } = {}): string {
  const base = options.base ?? 0;
  const parts = blocks(count, base).map((b, k) => likec4Block(b, k === 0 && base === 0));
  return [
    options.spec === false ? '' : likec4Specification,
    'model {',
    ...parts.map((p) => p.model),
    '}',
    'views {',
    ...(options.index === false ? [] : ['  view index {', '    include *', '  }', '']),
    ...parts.map((p) => p.views),
    '}',
    '',
  ].join('\n');
}

/** The LikeC4 file that matches `designDoc(lines)`. */
export function likec4ForLines(lines: number): string {
  return likec4Model(Math.max(1, Math.round(lines / LINES_PER_BLOCK)));
}

/** The line of the element whose title the LikeC4 edits change: the middle block's API. */
export function likec4EditTarget(text: string): { line: number; character: number; digit: string } {
  const lines = text.split('\n');
  const candidates = lines.map((l, n) => (/^ {2}api\d+ = service 'API \d+' \{$/.test(l) ? n : -1)).filter((n) => n >= 0);
  const line = candidates[Math.floor(candidates.length / 2)]!;
  const character = lines[line]!.indexOf("'API ") + 5;
  return { line, character, digit: lines[line]![character]! };
}

// ── a docs folder ──────────────────────────────────────────────────────────────────────────────

export interface DocsFolder {
  /** Relative path → content. */
  readonly markdown: Map<string, string>;
  /** The same design as LikeC4 sources (relative path → content). */
  readonly likec4: Map<string, string>;
  readonly bytes: number;
}

/**
 * `notes` design notes of `blocksPerNote` blocks each (about 2 KB per block), spread over a few
 * team folders, with the same model as LikeC4 files (one per note plus one specification).
 */
const context = `## Context

This note estimates the load and the storage of two subsystems before the design review. The
numbers are back-of-the-envelope: daily users come from last quarter's dashboard, the read ratio
from the API gateway's logs, and the item size from a sample of the production tables. Every
section below states its inputs first, then the design, then one request step by step, so that a
reviewer can check the arithmetic and the topology in one pass. Open questions are listed at the
end of each section; the capacity of the shared auth service is the one most likely to change.

`;

export function docsFolder(notes: number, blocksPerNote = 2): DocsFolder {
  const markdown = new Map<string, string>();
  const likec4 = new Map<string, string>();
  likec4.set('spec.c4', likec4Specification + `model {\n  auth = service 'Auth service'\n}\n`);
  let bytes = 0;
  for (let n = 0; n < notes; n++) {
    const base = 1 + n * blocksPerNote;
    const team = `team-${n % 8}`;
    const body = blocks(blocksPerNote, base).map((b, k) => napkinBlock(b, k === 0)).join('');
    const text = `# Design note ${n}\n\nOwner: ${team}. Status: draft.\n\n${context}` + body;
    markdown.set(`${team}/note-${n}.md`, text);
    bytes += Buffer.byteLength(text);
    likec4.set(`${team}/note-${n}.c4`, likec4Model(blocksPerNote, { base, spec: false, index: false }));
  }
  return { markdown, likec4, bytes };
}
