import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type ImportEdge, importCycles, layerViolations, readImports } from './import-graph.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const edges = readImports(root, ['src', 'scenes']);

describe('import graph of src/ and scenes/', () => {
  it('reads the real imports (the composition root wires the scenes in)', () => {
    expect(edges.some((e) => e.from === 'src/bot/create-bot.ts' && e.to.startsWith('scenes/'))).toBe(true);
    expect(edges.some((e) => e.from.startsWith('scenes/') && e.to === 'grammy')).toBe(true);
  });

  it('keeps the layers: only the composition root imports scenes/, the domain never imports grammY', () => {
    expect(layerViolations(edges)).toEqual([]);
  });

  it('has no import cycles', () => {
    expect(importCycles(edges)).toEqual([]);
  });
});

describe('the rules themselves', () => {
  const edge = (from: string, to: string, typeOnly = false): ImportEdge => ({ from, to, typeOnly });

  it('flags a job importing a handler, a domain module importing grammY, a notice calling the framework', () => {
    const found = layerViolations([
      edge('src/notifications/jobs.ts', 'scenes/survey360/hr.ts'),
      edge('src/evaluation/ranking/sheet.ts', 'grammy'),
      edge('src/people/linking.ts', '@grammyjs/conversations', true),
      edge('src/notifications/notices.ts', 'grammy'),
      // The question engine is domain too: its keyboards live in src/bot/ui/ and the scenes.
      edge('src/evaluation/questions/engine.ts', 'grammy'),
      edge('src/evaluation/questions/positions.ts', 'scenes/survey360/views.ts', true),
    ]);
    expect(found).toHaveLength(6);
  });

  it('allows Telegram data types in notifications and the framework in scenes and the outbox', () => {
    const found = layerViolations([
      edge('src/notifications/notify.ts', 'grammy/types', true),
      edge('src/notifications/outbox/worker.ts', 'grammy'),
      edge('scenes/ranking/hr.ts', 'grammy'),
      edge('src/bot/create-bot.ts', 'scenes/ranking/hr.ts'),
    ]);
    expect(found).toEqual([]);
  });

  it('finds a cycle through type-only imports', () => {
    const cycles = importCycles([
      edge('src/bot/context.ts', 'src/db/models.ts', true),
      edge('src/db/models.ts', 'src/people/audit.ts'),
      edge('src/people/audit.ts', 'src/bot/context.ts', true),
    ]);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toContain('src/people/audit.ts');
  });
});
