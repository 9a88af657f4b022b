import { spawn } from 'node:child_process';

/**
 * `npm run bench`: the short version of every benchmark, each in its own process, then ONE summary
 * table. Without MONGODB_URI the benchmarks need a MongoDB: point MONGODB_URI at one (or run this
 * under a script that starts one and sets it). BENCH_LONG=1 runs the long versions (2,000 respondents
 * to the end, a 30-minute soak).
 */
const LONG = process.env.BENCH_LONG === '1';
interface Run {
  label: string;
  script: string;
  env: Record<string, string>;
}
const RUNS: Run[] = [
  {
    label: 'survey closed 200',
    script: 'bench/survey.ts',
    env: { BENCH_RESPONDENTS: '200', BENCH_TIME_LIMIT_S: LONG ? '600' : '40' },
  },
  {
    label: 'survey closed 2000',
    script: 'bench/survey.ts',
    env: { BENCH_RESPONDENTS: '2000', BENCH_TIME_LIMIT_S: LONG ? '1800' : '40' },
  },
  {
    label: 'survey open 300/s',
    script: 'bench/survey.ts',
    env: {
      BENCH_MODE: 'open',
      BENCH_RESPONDENTS: '2000',
      BENCH_RATE: '300',
      BENCH_TIME_LIMIT_S: LONG ? '300' : '40',
    },
  },
  {
    label: 'broadcast',
    script: 'bench/broadcast.ts',
    env: LONG ? {} : { BENCH_SECONDS: '10' },
  },
  { label: 'soak', script: 'bench/soak.ts', env: { BENCH_SOAK_S: LONG ? '1800' : '60' } },
];

type Result = Record<string, unknown>;

function runOne(run: Run): Promise<{ results: Result[]; code: number | null }> {
  console.log(`\n=== ${run.label}: ${run.script} ${JSON.stringify(run.env)} ===`);
  const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', run.script], {
    env: { ...process.env, ...run.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const results: Result[] = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    buffered += chunk.toString();
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line.startsWith('BENCH_RESULT ')) results.push(JSON.parse(line.slice('BENCH_RESULT '.length)));
    }
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ results, code })));
}

const num = (value: unknown, digits = 1) =>
  typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : 'n/a';

const rows: string[][] = [];
let failed = false;
for (const run of RUNS) {
  const { results, code } = await runOne(run);
  if (code !== 0) failed = true;
  if (results.length === 0) rows.push([run.label, `exited with ${code}`, '', '', '', '', '']);
  for (const r of results) {
    if (r.bench === 'survey')
      rows.push([
        run.label,
        `${num(r.answersPerSecond, 0)} answers/s${r.complete ? '' : ` (${num(r.seconds, 0)} s window)`}`,
        `p50 ${num(r.p50)} ms, p99 ${num(r.p99)} ms${Number(r.steadyAnswers) > 0 ? ` (all opened: p50 ${num(r.steadyP50)}, p99 ${num(r.steadyP99)})` : ''}`,
        `${num(r.commandsPerAnswer, 2)} cmd/answer`,
        `bot ${num(r.botCpuMsPerAnswer, 2)} ms CPU/answer (bench side ${num(r.benchCpuMsPerAnswer, 2)})`,
        `MongoDB ${num(r.dbCpuMsPerAnswer, 2)} ms/answer, ${num(Number(r.dbShare) * 100, 0)} % of bot + MongoDB`,
        `failed ${r.failed}`,
      ]);
    else if (r.bench === 'broadcast')
      rows.push([
        `broadcast ${r.ceiling}/s ${r.phase}`,
        `${num(r.rate)} msg/s = ${num(Number(r.ratio) * 100)} % of ceiling`,
        `429s ${r.tooMany}`,
        `dup ${r.duplicates}, lost ${r.losses}`,
        `probes ${r.probes}`,
        String(r.note ?? ''),
        `${r.n} notices`,
      ]);
    else if (r.bench === 'soak')
      rows.push([
        run.label,
        `${num(r.seconds, 0)} s, ${r.updates} updates, ${r.notices} notices`,
        `RSS ${num(r.rssStartMb, 0)} → ${num(r.rssEndMb, 0)} MB (max ${num(r.rssMaxMb, 0)})`,
        `RSS ${num(r.rssSlopeMbPerMin, 2)} MB/min`,
        `heap ${num(r.heapSlopeMbPerMin, 2)} MB/min`,
        'second half',
        `backlog max ${r.backlogMax}, end ${r.backlogEnd}`,
      ]);
  }
}

const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
console.log('\n=== Summary ===');
for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | '));
process.exitCode = failed ? 1 : 0;
