// Mocha's spec output, then the one closing line CI reads: "N passed, N failed, N skipped".
const Mocha = require('mocha');

let summarised = false;
// Mocha loads this module before the spec files: if one of them cannot even be loaded, the run
// ends before it starts, and the line must still say that something failed.
process.once('exit', (code) => {
  if (!summarised) console.log(`\n0 passed, ${code === 0 ? 0 : 1} failed, 0 skipped`);
});

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      summarised = true;
      const { passes, failures, pending } = runner.stats;
      // Printed after the spec epilogue so it is the last line.
      process.nextTick(() => console.log(`\n${passes} passed, ${failures} failed, ${pending} skipped`));
    });
  }
}

module.exports = SummaryReporter;
