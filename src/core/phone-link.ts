import { parsePhone } from './parse';

/**
 * A customer's phone number for a tap-to-call link: shown as the owner typed it, dialled by its digits. The href is
 * a `tel:` URI (RFC 3966) of the number as parsePhone reads it (full-width digits, dashes of any kind, 「TEL:」 and
 * a +81 prefix all understood), digits only, so a phone dials it as written in Japan. Pure.
 */
export function phoneLink(typed: unknown): { shown: string; href: string } | null {
  const shown = typeof typed === 'number' ? `0${typed}` : String(typed ?? '').trim();
  if (shown === '') return null;
  const read = parsePhone(typed);
  if (!read || !read.ok) return null;
  const digits = read.value.replace(/\D/g, '');
  return { shown, href: `tel:${digits}` };
}
