/**
 * An error Tsunagu throws for the owner to read: its message is Japanese and says what to do next. Anything else
 * reaching an entry point (Apps Script's own errors, a bug) is put into the owner's words by app/owner-message.ts
 * ownerMessage — never told apart by whether its text looks Japanese (Apps Script's own errors may be localised).
 */
export class OwnerError extends Error {}
