/**
 * The one way an export is imported, used by the sidebar (through google.script.run) and by the local runner's
 * `--import` (through the bundle's global functions): start (layout), check every part (the preview), then — with
 * the owner's decisions — write every part and finish. Each part is one server call that writes its own visits
 * with their 取込キー, so a part sent twice adds nothing and choosing the same file again resumes an interrupted import.
 */
import { partEnds } from '../core/import/rows';
import type {
  ImportAddReply,
  ImportAddRequest,
  ImportCandidate,
  ImportPerson,
  ImportCheckReply,
  ImportFinishReply,
  ImportFinishRequest,
  ImportMapping,
  ImportPartRequest,
  ImportRow,
  ImportRowCheck,
  ImportStartReply,
  ImportStartRequest,
  ImportWriteReply,
} from './import-types';

/** The server functions the import calls, as promises. */
export interface ImportServer {
  startImport(request: ImportStartRequest): Promise<ImportStartReply>;
  checkImportPart(request: ImportPartRequest): Promise<ImportCheckReply>;
  addImportCustomers(request: ImportAddRequest): Promise<ImportAddReply>;
  writeImportPart(request: ImportPartRequest): Promise<ImportWriteReply>;
  finishImport(request: ImportFinishRequest): Promise<ImportFinishReply>;
}

/** The server functions by name, for an ImportServer over any way of calling them (the runner, the tests). */
export const IMPORT_SERVER_FUNCTIONS = [
  'startImport',
  'checkImportPart',
  'addImportCustomers',
  'writeImportPart',
  'finishImport',
] as const satisfies readonly (keyof ImportServer)[];

/** An ImportServer whose functions are `call(name, request)`: one list of names for every caller but the sidebar. */
export function importServerOver(
  call: (name: keyof ImportServer, request: unknown) => Promise<unknown>,
): ImportServer {
  const server: Partial<Record<keyof ImportServer, (request: unknown) => Promise<unknown>>> = {};
  for (const name of IMPORT_SERVER_FUNCTIONS) server[name] = (request) => call(name, request);
  return server as unknown as ImportServer;
}

/** Rows per server call: well inside a call's time and payload (see README, 取り込み). */
export const PART_ROWS = 500;
/** Rows sent to startImport: title lines, the header and a few data rows to recognise the layout by. */
export const HEAD_ROWS = 30;

/** The file as read, recognised: the rows under its header, numbered as lines of the file. */
export interface StartedImport {
  start: ImportStartReply;
  rows: ImportRow[];
}

export async function startImport(
  server: ImportServer,
  fileName: string,
  fileRows: readonly string[][],
  correction?: { mapping: ImportMapping; label: string } | null,
): Promise<StartedImport> {
  const start = await server.startImport({
    fileName,
    head: fileRows.slice(0, HEAD_ROWS).map((r) => [...r]),
    mapping: correction?.mapping ?? null,
    label: correction?.label ?? null,
  });
  const rows: ImportRow[] = [];
  if (start.ok)
    for (let i = start.headerIndex + 1; i < fileRows.length; i++) {
      const cells = fileRows[i];
      if (cells.some((c) => c.trim() !== '')) rows.push({ line: i + 1, cells: [...cells] });
    }
  return { start, rows };
}

/** Someone in the file the owner must decide about: who the rows say, and the customers they may be. */
export interface PersonToDecide extends ImportPerson {
  /** Rows of the file about them (visits and bookings). */
  rows: number;
  why: string;
  candidates: ImportCandidate[];
}

/** What the preview shows before anything is written. */
export interface ImportPreview {
  /** Visit rows and booking rows in the file (a row may be both). */
  visits: number;
  bookings: number;
  /** Customers of 顧客 matched with certainty, and their rows. */
  matchedCustomers: number;
  matchedRows: number;
  uncertain: PersonToDecide[];
  newCustomers: PersonToDecide[];
  /** Rows that cannot be imported, with why (a totals line, no date). */
  skipped: { line: number; why: string }[];
  checks: ImportRowCheck[];
}

export type Progress = (done: number, total: number) => void;

/** The file in parts of about PART_ROWS rows, never cutting a sale (its item rows share a 取引番号). */
function parts(started: StartedImport): ImportRow[][] {
  const out: ImportRow[][] = [];
  let start = 0;
  for (const end of partEnds(started.rows, started.start.mapping, PART_ROWS)) {
    out.push(started.rows.slice(start, end));
    start = end;
  }
  return out;
}

function partRequest(started: StartedImport, rows: ImportRow[]): ImportPartRequest {
  const { source, mapping, importedAt } = started.start;
  return { source, mapping, importedAt, rows };
}

/** Checks every part against 顧客 (nothing is written) and gathers the preview. */
export async function previewImport(
  server: ImportServer,
  started: StartedImport,
  progress: Progress = () => {},
): Promise<ImportPreview> {
  const checks: ImportRowCheck[] = [];
  let done = 0;
  for (const part of parts(started)) {
    const reply = await server.checkImportPart(partRequest(started, part));
    checks.push(...reply.rows);
    done += part.length;
    progress(done, started.rows.length);
  }
  return previewOf(checks);
}

export function previewOf(checks: ImportRowCheck[]): ImportPreview {
  const matched = new Set<string>();
  const people = new Map<string, PersonToDecide & { status: ImportRowCheck['status'] }>();
  const preview: ImportPreview = {
    visits: 0,
    bookings: 0,
    matchedCustomers: 0,
    matchedRows: 0,
    uncertain: [],
    newCustomers: [],
    skipped: [],
    checks,
  };
  // A sale of several item rows is one visit: counted by its 取込キー.
  const visits = new Set<string>();
  const bookings = new Set<string>();
  for (const c of checks) {
    if (c.status === 'skipped') {
      preview.skipped.push({ line: c.line, why: c.why });
      continue;
    }
    if (c.visit) visits.add(c.key);
    if (c.booking) bookings.add(c.bookingKey || c.key);
    if (c.status === 'matched') {
      matched.add(c.customerId);
      preview.matchedRows++;
      continue;
    }
    const known = people.get(c.identity);
    if (known) {
      known.rows++;
      continue;
    }
    const person = {
      identity: c.identity,
      name: c.name,
      kana: c.kana,
      phone: c.phone,
      email: c.email,
      emailOptOut: c.emailOptOut,
      rows: 1,
      why: c.why,
      candidates: c.candidates,
      status: c.status,
    };
    people.set(c.identity, person);
    (c.status === 'uncertain' ? preview.uncertain : preview.newCustomers).push(person);
  }
  preview.matchedCustomers = matched.size;
  preview.visits = visits.size;
  preview.bookings = bookings.size;
  return preview;
}

/**
 * The local runner's decisions (issue 17): every uncertain match left unconfirmed, every new customer confirmed.
 * The sidebar builds the same record from the owner's choices.
 */
export function unattendedDecisions(preview: ImportPreview): Record<string, string> {
  const decisions: Record<string, string> = {};
  for (const p of preview.newCustomers) decisions[p.identity] = 'new';
  return decisions;
}

/** What the import did, summed over its parts. */
export interface ImportResult {
  added: number;
  merged: number;
  already: number;
  newCustomers: number;
  skipped: number;
  withdrawn: number;
  problems: string[];
  summary: string;
}

/**
 * Adds the new customers the owner ticked (decision 'new') to 顧客 first — in parts, each call finding the rows an
 * earlier call of the same import already added — then writes every part's visits with the owner's decisions, then
 * finishes (bookings the export no longer lists). A visit is never written under an id 顧客 does not have yet.
 */
export async function writeImport(
  server: ImportServer,
  started: StartedImport,
  preview: ImportPreview,
  decisions: Record<string, string>,
  progress: Progress = () => {},
): Promise<ImportResult> {
  const result: ImportResult = {
    added: 0,
    merged: 0,
    already: 0,
    newCustomers: 0,
    skipped: 0,
    withdrawn: 0,
    problems: [],
    summary: '',
  };
  // What the owner saw in the preview stands: a person they did not confirm is not imported, even if a part
  // written before makes them look certain (an earlier row of theirs taught 来店履歴 who they are).
  const decided: Record<string, string> = {};
  for (const p of [...preview.uncertain, ...preview.newCustomers]) decided[p.identity] = 'skip';
  Object.assign(decided, decisions);
  const people = [...preview.uncertain, ...preview.newCustomers].filter((p) => decided[p.identity] === 'new');
  for (let i = 0; i < people.length; i += PART_ROWS) {
    const reply = await server.addImportCustomers({
      source: started.start.source,
      people: people
        .slice(i, i + PART_ROWS)
        .map(({ identity, name, kana, phone, email, emailOptOut, candidates }) => ({
          identity,
          name,
          kana,
          phone,
          email,
          emailOptOut,
          notIds: candidates.map((c) => c.customerId),
        })),
    });
    Object.assign(decided, reply.ids);
    result.newCustomers += reply.added;
  }
  let done = 0;
  for (const part of parts(started)) {
    const reply = await server.writeImportPart({ ...partRequest(started, part), decisions: decided });
    result.added += reply.added;
    result.merged += reply.merged;
    result.already += reply.already;
    result.skipped += reply.skipped;
    result.problems.push(...reply.problems);
    done += part.length;
    progress(done, started.rows.length);
  }
  const finish = await server.finishImport({
    source: started.start.source,
    importedAt: started.start.importedAt,
    ...bookingsListed(preview),
  });
  result.withdrawn = finish.withdrawn;
  result.summary = finish.summary;
  return result;
}

/** The bookings the file lists, and the days it covers: a booking of this source in those days it no longer lists is withdrawn. */
function bookingsListed(preview: ImportPreview): Pick<ImportFinishRequest, 'bookingDays' | 'bookingKeys'> {
  const keys: string[] = [];
  let from = '';
  let to = '';
  for (const c of preview.checks) {
    if (c.bookingKey) keys.push(c.bookingKey);
    for (const day of [c.visitDay, c.bookingDay]) {
      if (!day) continue;
      if (!from || day < from) from = day;
      if (!to || day > to) to = day;
    }
  }
  return { bookingDays: keys.length > 0 ? { from, to } : null, bookingKeys: keys };
}
