import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * The fault suite's figures: each test file writes its own into this folder when it ends (files of different
 * workers end at the same time, so none rewrites another's), and test/faults/reporter.js adds them up.
 */
export const TALLY_DIR = join(__dirname, '../artifacts/fault-tally');

export interface Tally {
  runsRepeated: number;
  faultsInjected: number;
  badInputsTried: number;
  duplicatesFound: number;
  ownerCellsChanged: number;
  contactsLost: number;
  /** Sends whose consent was checked again at the moment of sending, against what the owner changed. */
  consentRechecked: number;
  /** Pending contacts that bad data (a renamed header, a cleared cell) would once have closed, kept. */
  pendingKept: number;
  /**
   * Owner cells written on the owner's explicit action (contract section 2: 設定 saved in the 設定 tab, …), each
   * checked to be exactly what the owner confirmed. Counted apart from ownerCellsChanged, which stays 0.
   */
  ownerConfirmedWrites: number;
}

export const tally: Tally = {
  runsRepeated: 0,
  faultsInjected: 0,
  badInputsTried: 0,
  duplicatesFound: 0,
  ownerCellsChanged: 0,
  contactsLost: 0,
  consentRechecked: 0,
  pendingKept: 0,
  ownerConfirmedWrites: 0,
};

afterAll(() => {
  mkdirSync(TALLY_DIR, { recursive: true });
  const file = basename(expect.getState().testPath ?? 'unknown');
  writeFileSync(join(TALLY_DIR, `${file}.json`), JSON.stringify(tally));
});
