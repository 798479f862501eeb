/**
 * 顧客ID for the new customers an import adds, continuing the owner's own pattern (contract section 2): the most
 * common prefix before a number (C0012 → C, 1203 → none), the next numbers after the highest in use, padded as the
 * owner pads them. The example customers (例1…) are not the owner's pattern.
 */
import { sameCustomerId } from '../line-links';
import { EXAMPLE_ID_PREFIX } from '../examples';

export function nextCustomerIds(existing: readonly string[], count: number): string[] {
  if (count <= 0) return [];
  const groups = new Map<string, { max: number; width: number; n: number }>();
  const taken = new Set(existing.map(sameCustomerId));
  for (const raw of existing) {
    const id = raw.trim();
    if (!id || id.startsWith(EXAMPLE_ID_PREFIX)) continue;
    const m = /^(.*?)(\d+)$/.exec(id.normalize('NFKC'));
    if (!m) continue;
    const g = groups.get(m[1]) ?? { max: 0, width: 0, n: 0 };
    g.max = Math.max(g.max, Number(m[2]));
    g.width = Math.max(g.width, m[2].startsWith('0') ? m[2].length : 0);
    g.n++;
    groups.set(m[1], g);
  }
  let prefix = 'C';
  let group = { max: 0, width: 4, n: 0 };
  for (const [p, g] of groups) if (g.n > group.n) [prefix, group] = [p, g];
  const out: string[] = [];
  let next = group.max + 1;
  while (out.length < count) {
    const id = `${prefix}${String(next).padStart(group.width, '0')}`;
    next++;
    if (taken.has(sameCustomerId(id))) continue;
    taken.add(sameCustomerId(id));
    out.push(id);
  }
  return out;
}
