/**
 * Each test starts as a new Apps Script execution would: with no copy of the document's properties kept from an
 * earlier test (src/app/document-properties.ts). Bundle tests get the same from each entry point. A unit test that
 * calls src, changes the fake store directly and calls src again is one execution seeing its own copy: it calls
 * forgetDocumentProperties itself, as a new entry point would.
 */
import { forgetDocumentProperties } from '../src/app/document-properties';

beforeEach(() => forgetDocumentProperties());
