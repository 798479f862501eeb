/**
 * The core reads time-zone offsets from a source the shell registers (in Apps Script: Utilities.formatDate). Tests
 * of the core register the same path against the fake Utilities.formatDate, so they run what Apps Script runs.
 */
import { offsetsFromFormatDate, useZoneOffsets } from '../src/core/day';
import { formatJavaDate } from './fakes/services';

useZoneOffsets(
  offsetsFromFormatDate((date, timeZone, pattern) => formatJavaDate(date.getTime(), timeZone, pattern)),
);
