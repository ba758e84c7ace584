import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/**
 * The size budget of what every page of an integrator's site downloads: the page script
 * (itmchat.js) and the SharedWorker (itmchat-worker.js), as built and minified by
 * `npm run build` into packages/server/dist/public. Each is gzipped here at level 9 and must
 * stay within its budget in bundle-budget.json (KiB, gzip). A budget is the size when it was
 * set plus some 15% headroom: a change that goes over it either makes the bundle smaller again
 * or raises the budget in the same commit, saying why.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PUBLIC = join(ROOT, 'packages/server/dist/public');
const BUDGET_FILE = 'bundle-budget.json';
const KIB = 1024;

interface Budget {
  readonly gzipKiB: Readonly<Record<string, number>>;
}

interface Measured {
  readonly file: string;
  readonly minBytes: number;
  readonly gzipBytes: number;
  readonly budgetKiB: number;
}

const kib = (bytes: number): string => (bytes / KIB).toFixed(1);

function measure(file: string, budgetKiB: number): Measured {
  const path = join(PUBLIC, file);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first`);
  const code = readFileSync(path);
  return { file, minBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length, budgetKiB };
}

describe('bundle size', () => {
  const budget = JSON.parse(readFileSync(join(ROOT, BUDGET_FILE), 'utf8')) as Budget;

  it('the page script and the worker each have a budget', () => {
    expect(Object.keys(budget.gzipKiB)).to.include.members(['itmchat.js', 'itmchat-worker.js']);
    for (const [file, kibs] of Object.entries(budget.gzipKiB)) expect(kibs, file).to.be.a('number').greaterThan(0);
  });

  it('each bundle, gzipped, stays within its budget', () => {
    const measured = Object.entries(budget.gzipKiB).map(([file, kibs]) => measure(file, kibs));
    console.log(
      `      bundle size: ${measured
        .map((m) => `${m.file} ${kib(m.minBytes)} KiB min / ${kib(m.gzipBytes)} KiB gzip (budget ${m.budgetKiB} KiB gzip)`)
        .join('; ')}`,
    );
    const over = measured
      .filter((m) => m.gzipBytes > m.budgetKiB * KIB)
      .map((m) => `${m.file} is ${kib(m.gzipBytes)} KiB gzip, over its budget of ${m.budgetKiB} KiB in ${BUDGET_FILE}`);
    expect(over, over.join('; ')).to.deep.equal([]);
  });
});
