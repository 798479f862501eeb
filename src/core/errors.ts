/**
 * An error Tsunagu throws for the owner to read: its message is Japanese and says what to do next. Anything else
 * reaching an entry point (Apps Script's own errors, a bug) is put into the owner's words by app/owner-message.ts
 * ownerMessage — never told apart by whether its text looks Japanese (Apps Script's own errors may be localised).
 */
export class OwnerError extends Error {}

/** An error's message for a log line (never for the owner: ownerMessage says what to do next). */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
