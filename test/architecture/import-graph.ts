import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** One import of a module: the file it is in, what it names, and whether only types come through. */
export interface ImportEdge {
  from: string;
  to: string;
  typeOnly: boolean;
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;

/** Every static import and re-export of the .ts files under the given folders (paths relative to root). */
export function readImports(root: string, folders: readonly string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const folder of folders) {
    for (const file of tsFiles(join(root, folder))) {
      const from = relative(root, file);
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(IMPORT)) {
        const specifier = match[3]!;
        const to = specifier.startsWith('.') ? relative(root, resolve(dirname(file), specifier)) : specifier;
        edges.push({ from, to, typeOnly: Boolean(match[2]) });
      }
    }
  }
  return edges;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The layering rules of the code base; each violation is one line naming the import. */
export function layerViolations(edges: readonly ImportEdge[]): string[] {
  const violations: string[] = [];
  const isGrammy = (to: string) => to === 'grammy' || to.startsWith('grammy/') || to.startsWith('@grammyjs/');
  for (const { from, to, typeOnly } of edges) {
    const line = `${from} -> ${to}`;
    // The composition root wires the scenes in; nothing else in src/ may know they exist.
    if (from.startsWith('src/') && to.startsWith('scenes/') && !COMPOSITION_ROOT.includes(from))
      violations.push(`src imports scenes: ${line}`);
    if (DOMAIN.some((d) => from.startsWith(d)) && isGrammy(to))
      violations.push(`domain imports the bot framework: ${line}`);
    // Notices, appeals, alerts and jobs may name Telegram's data types, but never call the framework.
    if (from.startsWith('src/notifications/') && !from.startsWith('src/notifications/outbox/')) {
      if (isGrammy(to) && !(typeOnly && to === 'grammy/types'))
        violations.push(`notifications use the bot framework: ${line}`);
    }
  }
  return violations;
}

/** The only files of src/ that import scenes/: they assemble the bot. */
export const COMPOSITION_ROOT = ['src/bot/create-bot.ts'];

/** Folders that hold the rules of the product, not the Telegram layer. */
export const DOMAIN = ['src/calendar/', 'src/methodology/', 'src/evaluation/', 'src/people/'];

/** Import cycles among local files (type-only imports count: they still tie the modules together). */
export function importCycles(edges: readonly ImportEdge[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const { from, to } of edges) {
    if (!to.endsWith('.ts')) continue;
    graph.set(from, [...(graph.get(from) ?? []), to]);
  }
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}
