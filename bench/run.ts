// npm run bench: every configuration (server × places × mode) several times, interleaved; one JSON
// line per run on stdout, then Markdown tables of medians; writes docs/benchmarks.md. Progress on stderr.
import { existsSync } from 'node:fs';
import { idleTable } from './report/idle-table.js';
import { latencyTable, throughputTable } from './report/load-tables.js';
import { summarizeLoad } from './report/load-summary.js';
import { describeMachine } from './report/machine.js';
import { resumeTable } from './report/resume-table.js';
import { settingsText } from './report/settings-text.js';
import { targetsTable } from './report/targets-table.js';
import { DOC_PATH, writeBenchmarksDoc } from './report/write-doc.js';
import { runIdle, runLoads, runResume } from './run-phases.js';
import { USAGE, UsageError, parseRunOptions, type RunOptions } from './run-options.js';
import { buildServers } from './servers/build-servers.js';
import { ITMCHAT_BUILD } from './servers/start-server.js';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let options: RunOptions | 'help';
  try {
    options = parseRunOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options === 'help') return void process.stdout.write(USAGE);
  if (!existsSync(ITMCHAT_BUILD)) throw new Error(`${ITMCHAT_BUILD} is missing: node scripts/build.mjs`);
  const machine = describeMachine();
  await buildServers();
  const emit = (record: object) => process.stdout.write(`${JSON.stringify(record)}\n`);

  const loads = await runLoads(options, emit);
  const idles = await runIdle(options, emit);
  const resumes = await runResume(options, emit);

  const summaries = summarizeLoad(loads);
  const tables = {
    targets: targetsTable(summaries, idles, resumes),
    throughput: options.modes.includes('max') ? throughputTable(summaries) : null,
    latency: options.modes.includes('rate') ? latencyTable(summaries) : null,
    idle: idles.length ? idleTable(idles) : null,
    resume: resumes.length ? resumeTable(resumes) : null,
  };
  const titles = {
    targets: 'Targets',
    throughput: 'Throughput (mode max)',
    latency: 'Fixed rate (mode rate)',
    idle: 'Idle memory',
    resume: 'Resume cost',
  };
  for (const [key, table] of Object.entries(tables))
    if (table) process.stdout.write(`\n### ${titles[key as keyof typeof titles]}\n\n${table}\n`);
  if (options.write) {
    const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
    writeBenchmarksDoc({ command, machine, settings: settingsText(options), ...tables });
    process.stderr.write(`wrote ${DOC_PATH}\n`);
  }
  const failed = loads.filter((r) => 'error' in r).length;
  const broken = summaries.filter((s) => s.lost || s.duplicated).length;
  if (failed || broken) process.stderr.write(`bench: ${failed} failed runs, ${broken} configurations lost or duplicated messages\n`);
  process.exitCode = failed || broken ? 1 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error)?.stack ?? error}\n`);
  process.exit(1);
});
