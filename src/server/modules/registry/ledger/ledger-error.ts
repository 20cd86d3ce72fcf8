import type { LocalizedText } from '../../../../shared/language.js';

export type LedgerErrorCode = 'unsupported_file' | 'unreadable_file' | 'no_header_row';

/**
 * A ledger that cannot be read at all, as opposed to rows with problems, which are reported row by row. The service
 * turns it into a 400 answer; the code lets the web page say it in the user's language.
 */
export class LedgerError extends Error {
  readonly code: LedgerErrorCode;
  readonly text: LocalizedText;

  constructor(code: LedgerErrorCode, text: LocalizedText, options?: { cause?: unknown }) {
    super(text.en, options);
    this.name = 'LedgerError';
    this.code = code;
    this.text = text;
  }
}
