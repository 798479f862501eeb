import type { FakeEnv } from './calls';
import type { DeveloperMetadataData } from './model';

type GasMetadata = GoogleAppsScript.Spreadsheet.DeveloperMetadata;
type GasLocation = GoogleAppsScript.Spreadsheet.DeveloperMetadataLocation;
type GasFinder = GoogleAppsScript.Spreadsheet.DeveloperMetadataFinder;
type GasRange = GoogleAppsScript.Spreadsheet.Range;
type GasSheet = GoogleAppsScript.Spreadsheet.Sheet;

const SERVICE = 'SpreadsheetApp';

/**
 * Developer metadata, as the reference pages describe it:
 * - DeveloperMetadata (https://developers.google.com/apps-script/reference/spreadsheet/developer-metadata): a key, an
 *   optional value (getValue() is null without one), a visibility (DOCUMENT unless given) and a location.
 * - Locations (https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.developerMetadata): the
 *   spreadsheet, a sheet, or one whole row or column ("The specified DimensionRange must represent a single row or
 *   column; it cannot be unbounded or span multiple rows or columns"). Metadata "will remain associated at those
 *   locations as they move around and the spreadsheet is edited … if developer metadata is associated with row 5 and
 *   another row is then subsequently inserted above row 5, that original metadata is still associated with the row
 *   it was first associated with (what is now row 6). If the associated object is deleted then its metadata is
 *   deleted too."
 * - DeveloperMetadataFinder (https://developers.google.com/apps-script/reference/spreadsheet/developer-metadata-finder):
 *   withKey / withValue / withId / withLocationType narrow the search, find() runs it. A sheet's finder
 *   (https://developers.google.com/apps-script/reference/spreadsheet/sheet#createDeveloperMetadataFinder()) searches
 *   "within the scope of this sheet": metadata on the sheet itself or on its rows and columns.
 */

/** Where a piece of metadata sits: a sheet id with a 1-based row or column, or the sheet alone; no sheet = spreadsheet. */
export interface MetadataPlace {
  sheetId?: number;
  dimension?: 'ROW' | 'COLUMN';
  /** 1-based row or column number. */
  index?: number;
}

export interface MetadataEntry extends MetadataPlace {
  id: number;
  key: string;
  value: string | null;
  visibility: 'DOCUMENT' | 'PROJECT';
}

/** What the store needs of the spreadsheet: a sheet by id, and a whole row or column of it as a Range. */
export interface MetadataHost {
  sheetById(sheetId: number): GasSheet | null;
  wholeLine(sheetId: number, dimension: 'ROW' | 'COLUMN', index: number): GasRange;
  spreadsheet(): unknown;
}

/** The spreadsheet's developer metadata, kept in one place so a location can follow its row or column. */
export class MetadataStore {
  private entries: MetadataEntry[] = [];
  private lastId = 0;

  constructor(
    private readonly env: FakeEnv,
    private readonly host: MetadataHost,
  ) {}

  count(method: string): void {
    this.env.calls.record(SERVICE, method);
  }

  fail(message: string): Error {
    return this.env.realm.error(message);
  }

  add(place: MetadataPlace, key: unknown, value?: unknown, visibility?: unknown): void {
    if (typeof key !== 'string' || key === '')
      throw this.fail('Invalid argument: key (developer metadata must always have a key).');
    this.entries.push({
      ...place,
      id: ++this.lastId,
      key,
      value: value === undefined || value === null ? null : String(value),
      visibility: visibility === 'PROJECT' ? 'PROJECT' : 'DOCUMENT',
    });
  }

  /** Test plumbing: restores exported entries of a sheet (not counted). */
  restore(sheetId: number, data: readonly DeveloperMetadataData[]): void {
    for (const d of data)
      this.entries.push({
        sheetId,
        ...(d.column !== undefined ? { dimension: 'COLUMN' as const, index: d.column } : {}),
        ...(d.row !== undefined ? { dimension: 'ROW' as const, index: d.row } : {}),
        id: ++this.lastId,
        key: d.key,
        value: d.value ?? null,
        visibility: d.visibility ?? 'DOCUMENT',
      });
  }

  /** Test plumbing: a sheet's entries as exported data (not counted). */
  export(sheetId: number): DeveloperMetadataData[] {
    return this.entries
      .filter((e) => e.sheetId === sheetId)
      .map((e) => ({
        key: e.key,
        ...(e.value !== null ? { value: e.value } : {}),
        ...(e.visibility !== 'DOCUMENT' ? { visibility: e.visibility } : {}),
        ...(e.dimension === 'COLUMN' ? { column: e.index } : {}),
        ...(e.dimension === 'ROW' ? { row: e.index } : {}),
      }));
  }

  /** Rows or columns inserted after `after`: metadata on later lines moves with them. */
  shift(sheetId: number, dimension: 'ROW' | 'COLUMN', after: number, count: number): void {
    for (const e of this.entries)
      if (e.sheetId === sheetId && e.dimension === dimension && (e.index as number) > after)
        e.index = (e.index as number) + count;
  }

  /** Rows or columns deleted: their metadata is deleted too, and later lines' metadata moves up. */
  removeLines(sheetId: number, dimension: 'ROW' | 'COLUMN', from: number, count: number): void {
    this.entries = this.entries.filter(
      (e) =>
        !(
          e.sheetId === sheetId &&
          e.dimension === dimension &&
          (e.index as number) >= from &&
          (e.index as number) < from + count
        ),
    );
    for (const e of this.entries)
      if (e.sheetId === sheetId && e.dimension === dimension && (e.index as number) >= from + count)
        e.index = (e.index as number) - count;
  }

  /** A sheet deleted: its metadata goes with it. */
  removeSheet(sheetId: number): void {
    this.entries = this.entries.filter((e) => e.sheetId !== sheetId);
  }

  /** Sheet.getDeveloperMetadata(): the metadata on the sheet itself (not its rows or columns). */
  onSheet(sheetId: number): GasMetadata[] {
    return this.entries
      .filter((e) => e.sheetId === sheetId && e.dimension === undefined)
      .map((e) => this.wrap(e));
  }

  /** Range.getDeveloperMetadata(): the metadata on exactly this whole row or column. */
  onLine(sheetId: number, dimension: 'ROW' | 'COLUMN', index: number): GasMetadata[] {
    return this.entries
      .filter((e) => e.sheetId === sheetId && e.dimension === dimension && e.index === index)
      .map((e) => this.wrap(e));
  }

  finder(sheetId?: number): GasFinder {
    return new FakeMetadataFinder(this, sheetId) as unknown as GasFinder;
  }

  search(sheetId: number | undefined, filters: Filters): GasMetadata[] {
    return this.entries
      .filter((e) => sheetId === undefined || e.sheetId === sheetId)
      .filter((e) => filters.key === undefined || e.key === filters.key)
      .filter((e) => filters.value === undefined || e.value === filters.value)
      .filter((e) => filters.id === undefined || e.id === filters.id)
      .filter((e) => filters.locationType === undefined || locationType(e) === filters.locationType)
      .map((e) => this.wrap(e));
  }

  has(entry: MetadataEntry): boolean {
    return this.entries.includes(entry);
  }

  delete(entry: MetadataEntry): void {
    this.entries = this.entries.filter((e) => e !== entry);
  }

  wrap(entry: MetadataEntry): GasMetadata {
    return new FakeDeveloperMetadata(this, entry, this.host) as unknown as GasMetadata;
  }
}

interface Filters {
  key?: string;
  value?: string;
  id?: number;
  locationType?: string;
}

function locationType(e: MetadataPlace): 'SPREADSHEET' | 'SHEET' | 'ROW' | 'COLUMN' {
  if (e.sheetId === undefined) return 'SPREADSHEET';
  return e.dimension ?? 'SHEET';
}

class FakeMetadataFinder implements Pick<
  GasFinder,
  'withKey' | 'withValue' | 'withId' | 'withLocationType' | 'find'
> {
  private readonly filters: Filters = {};

  constructor(
    private readonly store: MetadataStore,
    private readonly sheetId: number | undefined,
  ) {}

  withKey(key: string): GasFinder {
    this.store.count('DeveloperMetadataFinder.withKey');
    this.filters.key = key;
    return this as unknown as GasFinder;
  }

  withValue(value: string): GasFinder {
    this.store.count('DeveloperMetadataFinder.withValue');
    this.filters.value = value;
    return this as unknown as GasFinder;
  }

  withId(id: number): GasFinder {
    this.store.count('DeveloperMetadataFinder.withId');
    this.filters.id = id;
    return this as unknown as GasFinder;
  }

  withLocationType(locationType: GoogleAppsScript.Spreadsheet.DeveloperMetadataLocationType): GasFinder {
    this.store.count('DeveloperMetadataFinder.withLocationType');
    this.filters.locationType = String(locationType);
    return this as unknown as GasFinder;
  }

  find(): GasMetadata[] {
    this.store.count('DeveloperMetadataFinder.find');
    return this.store.search(this.sheetId, this.filters);
  }
}

class FakeDeveloperMetadata implements Pick<
  GasMetadata,
  'getId' | 'getKey' | 'getValue' | 'getVisibility' | 'getLocation' | 'setValue' | 'remove'
> {
  constructor(
    private readonly store: MetadataStore,
    private readonly entry: MetadataEntry,
    private readonly host: MetadataHost,
  ) {}

  private live(method: string): MetadataEntry {
    this.store.count(`DeveloperMetadata.${method}`);
    if (!this.store.has(this.entry)) throw this.store.fail('Developer metadata no longer exists.');
    return this.entry;
  }

  getId(): number {
    return this.live('getId').id;
  }

  getKey(): string {
    return this.live('getKey').key;
  }

  getValue(): string {
    return this.live('getValue').value as string;
  }

  getVisibility(): GoogleAppsScript.Spreadsheet.DeveloperMetadataVisibility {
    return this.live('getVisibility')
      .visibility as unknown as GoogleAppsScript.Spreadsheet.DeveloperMetadataVisibility;
  }

  setValue(value: string): GasMetadata {
    this.live('setValue').value = String(value);
    return this as unknown as GasMetadata;
  }

  remove(): void {
    this.live('remove');
    this.store.delete(this.entry);
  }

  getLocation(): GasLocation {
    const entry = this.live('getLocation');
    return new FakeMetadataLocation(this.store, { ...entry }, this.host) as unknown as GasLocation;
  }
}

/**
 * DeveloperMetadataLocation (https://developers.google.com/apps-script/reference/spreadsheet/developer-metadata-location):
 * getColumn() / getRow() give the whole column / row as a Range, getSheet() the sheet, getSpreadsheet() the
 * spreadsheet — each null when the location is of another type.
 */
class FakeMetadataLocation implements Pick<
  GasLocation,
  'getLocationType' | 'getColumn' | 'getRow' | 'getSheet' | 'getSpreadsheet'
> {
  constructor(
    private readonly store: MetadataStore,
    private readonly place: MetadataPlace,
    private readonly host: MetadataHost,
  ) {}

  getLocationType(): GoogleAppsScript.Spreadsheet.DeveloperMetadataLocationType {
    this.store.count('DeveloperMetadataLocation.getLocationType');
    return locationType(this.place) as unknown as GoogleAppsScript.Spreadsheet.DeveloperMetadataLocationType;
  }

  getColumn(): GasRange {
    this.store.count('DeveloperMetadataLocation.getColumn');
    const { sheetId, dimension, index } = this.place;
    if (dimension !== 'COLUMN' || sheetId === undefined) return null as unknown as GasRange;
    return this.host.wholeLine(sheetId, 'COLUMN', index as number);
  }

  getRow(): GasRange {
    this.store.count('DeveloperMetadataLocation.getRow');
    const { sheetId, dimension, index } = this.place;
    if (dimension !== 'ROW' || sheetId === undefined) return null as unknown as GasRange;
    return this.host.wholeLine(sheetId, 'ROW', index as number);
  }

  getSheet(): GasSheet {
    this.store.count('DeveloperMetadataLocation.getSheet');
    const { sheetId, dimension } = this.place;
    if (sheetId === undefined || dimension !== undefined) return null as unknown as GasSheet;
    return this.host.sheetById(sheetId) as GasSheet;
  }

  getSpreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet {
    this.store.count('DeveloperMetadataLocation.getSpreadsheet');
    if (this.place.sheetId !== undefined) return null as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet;
    return this.host.spreadsheet() as GoogleAppsScript.Spreadsheet.Spreadsheet;
  }
}
