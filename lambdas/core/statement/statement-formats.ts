import { smsFormat } from '../sms/open-sms-statement';
import { camtFormat } from './formats/open-camt-statement';
import { ofxFormat } from './formats/open-ofx-statement';
import { qifFormat } from './formats/open-qif-statement';
import { csvFormat } from './open-csv-statement';

/**
 * Every statement format the service reads, in the order they are sniffed: the formats that
 * sign their first bytes (OFX, QIF, CAMT) first, then SMS alerts, and CSV last because it
 * takes whatever is left. A new format is one file exporting a `StatementFormat` and one line
 * here; the upload API's `kind` enum and the detected format's `kind` follow from this list.
 */
export const STATEMENT_FORMATS = [ofxFormat, qifFormat, camtFormat, smsFormat, csvFormat] as const;

export type StatementKind = (typeof STATEMENT_FORMATS)[number]['kind'];

export const STATEMENT_KINDS = STATEMENT_FORMATS.map((format) => format.kind) as [StatementKind, ...StatementKind[]];
