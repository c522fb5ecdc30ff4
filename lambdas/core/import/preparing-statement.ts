import type { DetectedFormat, OpenedStatement } from '../statement/types';
import type { StatementOpenOptions } from './import-statement';
import { prepareRows, type PrepareContext, type PreparedEvent } from './prepare-rows';

/** A statement opened for import: its detected format, and its rows still to be prepared. */
export interface PreparingStatement {
  format: DetectedFormat;
  /**
   * The rows, prepared a batch at a time. Reading may teach the format more (the date order):
   * `format` holds it by the time the 'end' event comes.
   */
  prepare(context: Omit<PrepareContext, 'redact'>): AsyncIterable<PreparedEvent>;
  /** Stops reading (the rows may be left unread) and frees what reading holds. */
  close(): Promise<void>;
}

/** Opens a statement's bytes for import (detecting its format) and prepares its rows, here or elsewhere. */
export type StatementPreparer = (
  source: AsyncIterable<Uint8Array>,
  options: StatementOpenOptions,
) => Promise<PreparingStatement>;

/** Prepares the rows on the calling thread, between the awaits of the import (what a Lambda does). */
export function preparingInThread(
  openStatement: (source: AsyncIterable<Uint8Array>, options: StatementOpenOptions) => Promise<OpenedStatement>,
  redact: (text: string) => string,
): StatementPreparer {
  return async (source, options) => {
    const opened = await openStatement(source, options);
    return {
      format: opened.format,
      prepare: (context) => prepareRows(opened.rows, { ...context, redact }),
      close: async () => undefined,
    };
  };
}
