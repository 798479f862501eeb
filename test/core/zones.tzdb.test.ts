/**
 * The core samples a zone's offset every ZONE_SAMPLE_MS and takes two samples that agree to mean no change between
 * them. That holds while no zone leaves an offset and comes back to it within ZONE_SAMPLE_MS; and instantOfDay reads
 * a midnight with the offsets 18 hours either side, which holds while no zone changes twice within 36 hours. Both
 * are checked here against every zone of the machine's IANA time-zone database, read from its compiled TZif files
 * (RFC 9636, https://www.rfc-editor.org/rfc/rfc9636): each transition listed, and the yearly rule of the footer that
 * takes over after the last. Where the machine has no /usr/share/zoneinfo the check is skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZONE_SAMPLE_MS } from '../../src/core/day';

const ZONEINFO = '/usr/share/zoneinfo';

interface Tzif {
  /** Transition instants (seconds since the epoch) and the offset (seconds) from each on. */
  times: number[];
  offsets: number[];
  /** The offset before the first transition. */
  initial: number;
  /** The POSIX TZ string for instants after the last transition. */
  footer: string;
}

/** A version 2+ TZif file's 64-bit data block (RFC 9636 sections 3.1–3.3). */
function parseTzif(buf: Buffer): Tzif {
  if (buf.toString('latin1', 0, 4) !== 'TZif' || buf[4] < 0x32) throw new Error('not TZif v2+');
  const header = (at: number) => ({
    isutcnt: buf.readUInt32BE(at + 20),
    isstdcnt: buf.readUInt32BE(at + 24),
    leapcnt: buf.readUInt32BE(at + 28),
    timecnt: buf.readUInt32BE(at + 32),
    typecnt: buf.readUInt32BE(at + 36),
    charcnt: buf.readUInt32BE(at + 40),
  });
  const v1 = header(0);
  let at = 44 + v1.timecnt * 5 + v1.typecnt * 6 + v1.charcnt + v1.leapcnt * 8 + v1.isstdcnt + v1.isutcnt;
  const h = header(at);
  at += 44;
  const times = Array.from({ length: h.timecnt }, (_, i) => Number(buf.readBigInt64BE(at + i * 8)));
  at += h.timecnt * 8;
  const indices = Array.from({ length: h.timecnt }, (_, i) => buf[at + i]);
  at += h.timecnt;
  const types = Array.from({ length: h.typecnt }, (_, i) => buf.readInt32BE(at + i * 6));
  at += h.typecnt * 6 + h.charcnt + h.leapcnt * 12 + h.isstdcnt + h.isutcnt;
  return {
    times,
    offsets: indices.map((i) => types[i]),
    initial: types[0],
    footer: buf.toString('latin1', at).trim(),
  };
}

/** ICU's zone names (Intl.supportedValuesOf is ES2022; the project's lib is older). */
const icuZones = (Intl as unknown as { supportedValuesOf(key: 'timeZone'): string[] }).supportedValuesOf(
  'timeZone',
);
const zones = existsSync(ZONEINFO) ? icuZones.filter((zone) => existsSync(join(ZONEINFO, zone))) : [];
const maybe = zones.length > 0 ? test : test.skip;

/** The changes of offset (transitions that change only the abbreviation or the DST flag are no change). */
function changesOf(tzif: Tzif): { at: number; from: number; to: number }[] {
  const changes: { at: number; from: number; to: number }[] = [];
  let offset = tzif.initial;
  tzif.times.forEach((at, i) => {
    if (tzif.offsets[i] === offset) return;
    changes.push({ at, from: offset, to: tzif.offsets[i] });
    offset = tzif.offsets[i];
  });
  return changes;
}

maybe(`no zone comes back to an offset within ZONE_SAMPLE_MS, nor changes twice within 36 hours`, () => {
  const sample = ZONE_SAMPLE_MS / 1000;
  const quickReturns: string[] = [];
  const closeChanges: string[] = [];
  let shortest = Infinity;
  for (const zone of zones) {
    const changes = changesOf(parseTzif(readFileSync(join(ZONEINFO, zone))));
    changes.forEach((change, i) => {
      const next = changes[i + 1];
      if (next && next.at - change.at < 36 * 3600) closeChanges.push(`${zone} ${change.at}`);
      for (let j = i + 1; j < changes.length && changes[j].at - change.at < 2 * sample; j++)
        if (changes[j].to === change.from) {
          shortest = Math.min(shortest, changes[j].at - change.at);
          if (changes[j].at - change.at <= sample)
            quickReturns.push(`${zone} ${new Date(change.at * 1000).toISOString()}`);
          break;
        }
    });
  }
  expect({ quickReturns, closeChanges }).toEqual({ quickReturns: [], closeChanges: [] });
  expect(zones.length).toBeGreaterThan(300);
  // The quickest return tzdb knows is Africa/Freetown's in 1939 (3 d 23 h 40 min, backzone data), or with the main
  // data alone the week of summer time in Boa Vista, Noronha and Recife in October 2000 (6 d 23 h).
  expect(shortest).toBeGreaterThan(sample);
});

maybe(
  'after the last listed transition, every footer rule keeps summer time and standard time a month or more',
  () => {
    const short: string[] = [];
    for (const zone of zones) {
      const { footer } = parseTzif(readFileSync(join(ZONEINFO, zone)));
      if (!footer.includes(',')) continue; // one offset for ever
      // std offset dst [offset],start[/time],end[/time] with start and end as Mm.w.d (the form zic writes here).
      const m = /,M(\d+)\.\d\.\d(?:\/[-\d:]+)?,M(\d+)\.\d\.\d(?:\/[-\d:]+)?$/.exec(footer);
      const months = m ? (Number(m[2]) - Number(m[1]) + 12) % 12 : 0;
      if (months < 2 || months > 10) short.push(`${zone}: ${footer}`);
    }
    expect(short).toEqual([]);
  },
);
