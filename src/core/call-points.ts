/**
 * The heart of a prepared call note, for a phone screen: its 【目的】 and its 【言わないこと】 (message-style.md: the
 * talking points start with them). The note is the owner's template as composed, so the sections are found by their
 * headings, wherever they are; a note without them (a template the owner rewrote) is given whole. Pure.
 */

export interface CallPoints {
  /** What the call is for: the 【目的】 section's text, '' when the note has none. */
  purpose: string;
  /** What not to say: the 【言わないこと】 section's lines, without their bullets. */
  avoid: string[];
  /** The whole note, when it has neither section (so nothing the owner wrote is lost). */
  whole: string;
}

const HEADING = /^\s*【([^】]+)】\s*(.*)$/;

export function callPoints(note: string): CallPoints {
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of note.split(/\r?\n/)) {
    const heading = HEADING.exec(line);
    if (heading) {
      current = [];
      if (!sections.has(heading[1])) sections.set(heading[1], current);
      if (heading[2].trim()) current.push(heading[2].trim());
      continue;
    }
    if (current && line.trim()) current.push(line.trim().replace(/^[・･\-*]\s*/, ''));
  }
  const purpose = (sections.get('目的') ?? []).join('');
  const avoid = sections.get('言わないこと') ?? [];
  return { purpose, avoid, whole: purpose || avoid.length > 0 ? '' : note.trim() };
}
