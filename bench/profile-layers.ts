// Sums a V8 CPU profile (node --cpu-prof) by layer: where the bot's CPU goes.
//   npx tsx bench/profile-layers.ts <file.cpuprofile> [more files]
// Self time of each function, attributed by the file it lives in: the web framework and HTTP, the
// ODM, the MongoDB driver and BSON, our own code, i18n, logging, Node.js internals, the garbage
// collector. Also prints the heaviest functions (self time).
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const LAYERS: [string, RegExp][] = [
  // The driver and BSON first: mongoose may carry its own copies under its node_modules.
  ['MongoDB driver', /node_modules\/mongodb\//],
  ['BSON', /node_modules\/bson\//],
  ['grammY, runner, auto-retry', /node_modules\/(grammy|@grammyjs)\//],
  [
    'HTTP client (node-fetch, abort-controller)',
    /node_modules\/(node-fetch|abort-controller|whatwg-url|tr46|webidl)/,
  ],
  ['mongoose', /node_modules\/mongoose\//],
  ['i18next', /node_modules\/i18next/],
  ['logging (pino)', /node_modules\/(pino|sonic-boom|thread-stream|fast-redact|quick-format)/],
  ['tsx loader', /node_modules\/(tsx|esbuild|get-tsconfig)\//],
  ['other packages', /node_modules\//],
  ['our code: scenes/', /\/scenes\//],
  ['our code: src/bot/', /\/src\/bot\//],
  ['our code: src/ (domain, db, cache)', /\/src\//],
  [
    'Node.js: HTTP, net, streams',
    /^node:(_http|http|https|net|stream|internal\/(http|streams|stream_base|net|dns|url))|node:internal\/(deps\/undici|webstreams)/,
  ],
  ['Node.js: other', /^node:/],
];

/** FOLD=1: Node.js internals count for the package or our code that called them. */
const FOLD = process.env.FOLD === '1';
const totals = new Map<string, number>();
const functions = new Map<string, number>();
const inclusive = new Map<string, number>();
let all = 0;
for (const file of process.argv.slice(2)) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node);
  // A native function (a socket write) counts for the nearest caller with a file; with FOLD, Node.js's
  // own modules too (a socket write then counts for the driver or the HTTP client that made it).
  const fileOf = (node: ProfileNode): string => {
    for (let at: ProfileNode | undefined = node; at; at = parentOf.get(at.id)) {
      const { url } = at.callFrame;
      if (url && !(FOLD && url.startsWith('node:'))) return url;
    }
    return '';
  };
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]!)!;
    const us = profile.timeDeltas[i] ?? 0;
    const { functionName, lineNumber } = node.callFrame;
    const url = fileOf(node);
    let layer: string;
    if (functionName === '(idle)') continue;
    if (functionName === '(garbage collector)') layer = 'garbage collector';
    else if (functionName === '(program)') layer = 'V8 / native (program)';
    else
      layer =
        LAYERS.find(([, re]) => re.test(url))?.[0] ??
        (url ? `other: ${url}` : 'native, no caller with a file');
    totals.set(layer, (totals.get(layer) ?? 0) + us);
    const fn = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(src|scenes)\//, '$1/')}:${lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
    // Inclusive time of our own functions: each sample counts once for every one of them on its stack.
    const onStack = new Set<string>();
    for (let at: ProfileNode | undefined = node; at; at = parentOf.get(at.id)) {
      const frame = at.callFrame;
      const ours = /\/(src|scenes)\/[^?]*$/.exec(frame.url.replace(/^file:\/\//, ''));
      if (ours)
        onStack.add(`${frame.functionName || '(anonymous)'} ${ours[0].slice(1)}:${frame.lineNumber + 1}`);
    }
    for (const fn of onStack) inclusive.set(fn, (inclusive.get(fn) ?? 0) + us);
    all += us;
  }
}
console.log(`busy CPU in the profile: ${(all / 1000).toFixed(0)} ms (idle left out)`);
for (const [layer, us] of [...totals].sort((a, b) => b[1] - a[1]))
  console.log(
    `  ${((us / all) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${layer}`,
  );
console.log('heaviest functions (self time):');
for (const [fn, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, 30))
  console.log(`  ${((us / all) * 100).toFixed(1).padStart(5)} %  ${fn}`);
console.log('our functions, inclusive (everything they called):');
for (const [fn, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 30))
  console.log(`  ${((us / all) * 100).toFixed(1).padStart(5)} %  ${fn}`);
