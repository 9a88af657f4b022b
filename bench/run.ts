import { spawnSync } from 'node:child_process';

/**
 * `npm run bench`: runs every benchmark in turn, each in its own process, and prints their figures.
 * Without MONGODB_URI the benchmarks need a MongoDB: run it as
 * `../shared/mongo-standin/with-mongo.sh npm run bench` where mongod cannot be downloaded.
 */
const BENCHES = ['bench/survey.ts', 'bench/broadcast.ts'];

let failed = false;
for (const bench of BENCHES) {
  console.log(`\n=== ${bench} ===`);
  const run = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', bench], { stdio: 'inherit' });
  if (run.status !== 0) {
    console.log(`${bench} exited with ${run.status ?? run.signal}`);
    failed = true;
  }
}
process.exitCode = failed ? 1 : 0;
