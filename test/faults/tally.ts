import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** The fault suite's figures, summed over its files and printed by test/faults/reporter.js at the end of the run. */
export const TALLY_FILE = join(__dirname, '../artifacts/fault-tally.json');

export interface Tally {
  runsRepeated: number;
  faultsInjected: number;
  badInputsTried: number;
  duplicatesFound: number;
  ownerCellsChanged: number;
  contactsLost: number;
}

export const tally: Tally = {
  runsRepeated: 0,
  faultsInjected: 0,
  badInputsTried: 0,
  duplicatesFound: 0,
  ownerCellsChanged: 0,
  contactsLost: 0,
};

// Each test file adds its figures to the file when it ends (files run one after another per worker, and the
// reporter reads the sum once every file is done).
afterAll(() => {
  mkdirSync(join(__dirname, '../artifacts'), { recursive: true });
  const before: Partial<Tally> = existsSync(TALLY_FILE)
    ? (JSON.parse(readFileSync(TALLY_FILE, 'utf8')) as Tally)
    : {};
  const sum = Object.fromEntries(
    Object.entries(tally).map(([k, v]) => [k, (before[k as keyof Tally] ?? 0) + v]),
  ) as unknown as Tally;
  writeFileSync(TALLY_FILE, JSON.stringify(sum));
});
