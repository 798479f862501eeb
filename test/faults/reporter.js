// Prints the fault suite's figures once every test file has run (see test/faults/tally.ts).
const { existsSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const TALLY_DIR = join(__dirname, '../artifacts/fault-tally');

class FaultSummaryReporter {
  onRunStart() {
    rmSync(TALLY_DIR, { recursive: true, force: true });
  }

  onRunComplete() {
    if (!existsSync(TALLY_DIR)) return;
    const t = {};
    for (const file of readdirSync(TALLY_DIR)) {
      const figures = JSON.parse(readFileSync(join(TALLY_DIR, file), 'utf8'));
      for (const [name, n] of Object.entries(figures)) t[name] = (t[name] ?? 0) + n;
    }
    process.stdout.write(
      `\nFault suite: runs repeated ${t.runsRepeated}, faults injected ${t.faultsInjected}, ` +
        `bad inputs tried ${t.badInputsTried}, duplicates found ${t.duplicatesFound}, ` +
        `owner cells changed ${t.ownerCellsChanged}, contacts lost ${t.contactsLost}, ` +
        `consent re-checked ${t.consentRechecked ?? 0}, pending contacts kept through bad data ${t.pendingKept ?? 0}, ` +
        `owner-confirmed writes ${t.ownerConfirmedWrites ?? 0} (each only what was confirmed)\n`,
    );
  }
}

module.exports = FaultSummaryReporter;
