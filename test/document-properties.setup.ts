/**
 * Each test starts as a new Apps Script execution would: with no copy of the document's properties kept from an
 * earlier test (src/app/document-properties.ts). Bundle tests get the same from each entry point.
 */
import { forgetDocumentProperties } from '../src/app/document-properties';

beforeEach(() => forgetDocumentProperties());
