// Prints the fault suite's figures once every test file has run (see test/faults/tally.ts).
const { existsSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const TALLY_FILE = join(__dirname, '../artifacts/fault-tally.json');

class FaultSummaryReporter {
  onRunStart() {
    rmSync(TALLY_FILE, { force: true });
  }

  onRunComplete() {
    if (!existsSync(TALLY_FILE)) return;
    const t = JSON.parse(readFileSync(TALLY_FILE, 'utf8'));
    process.stdout.write(
      `\nFault suite: runs repeated ${t.runsRepeated}, faults injected ${t.faultsInjected}, ` +
        `bad inputs tried ${t.badInputsTried}, duplicates found ${t.duplicatesFound}, ` +
        `owner cells changed ${t.ownerCellsChanged}, contacts lost ${t.contactsLost}\n`,
    );
  }
}

module.exports = FaultSummaryReporter;
