/**
 * Text built by `+` or a template literal is kept by V8 as a tree of its pieces (a ConsString) until something
 * reads its characters: a 理由 of five pieces is five or more objects, and the planner keeps hundreds of
 * thousands of them until the run ends (100,000 customers: tens of MB, every object of which each garbage
 * collection copies). Reading one character makes V8 join the pieces into one string in place, so the pieces die
 * young. The text is unchanged; only how it is held.
 */
export function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}
