import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  TableNode,
  UnknownRow,
} from 'kysely';

/**
 * The RDS Data API answers at most 1 MiB per ExecuteStatement ("If the call returns more than
 * 1 MiB of response data, the call is terminated": Aurora User Guide, Data API limitations).
 */
export const DATA_API_RESPONSE_LIMIT_BYTES = 1024 * 1024;

/** A query whose answer the Data API would have refused: aggregate in SQL or read it in keyset pages. */
export class DataApiResponseTooLargeError extends Error {
  constructor(
    readonly bytes: number,
    readonly rows: number,
    readonly limitBytes: number,
    query: string,
  ) {
    super(
      `a query answered ${rows} rows, at least ${bytes} bytes as the Data API would send them, over its ${limitBytes}-byte limit: ` +
        `aggregate in SQL or read in keyset pages (${query.slice(0, 300)})`,
    );
    this.name = 'DataApiResponseTooLargeError';
  }
}

/**
 * The JSON the Data API would send for one value, as ExecuteStatement's `Field` union
 * (includeResultMetadata, the records format kysely-data-api asks for). Timestamps travel as
 * 'YYYY-MM-DD HH:MM:SS.FFF' strings, json/jsonb and numeric as strings, bytea as base64.
 */
function fieldBytes(value: unknown): number {
  if (value === null || value === undefined) return '{"isNull":true}'.length;
  if (typeof value === 'string') return '{"stringValue":}'.length + jsonBytes(value);
  if (typeof value === 'boolean') return '{"booleanValue":}'.length + String(value).length;
  if (typeof value === 'bigint') return '{"longValue":}'.length + value.toString().length;
  if (typeof value === 'number')
    return (Number.isInteger(value) ? '{"longValue":}' : '{"doubleValue":}').length + String(value).length;
  if (value instanceof Date) return '{"stringValue":"YYYY-MM-DD HH:MM:SS.FFF"}'.length;
  if (value instanceof Uint8Array) return '{"blobValue":""}'.length + Math.ceil(value.byteLength / 3) * 4;
  if (Array.isArray(value))
    return (
      '{"arrayValue":{"stringValues":[]}}'.length + value.reduce<number>((sum, item) => sum + jsonBytes(item) + 1, 0)
    );
  return '{"stringValue":}'.length + jsonBytes(JSON.stringify(value));
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? 'null');
}

/**
 * What `columnMetadata` adds per column (type, precision, nullability… beside the label and
 * name), measured on a Data API answer for a uuid column.
 */
const COLUMN_METADATA_BYTES = 230;

/** The bytes of ExecuteStatement's `records` for `rows`: `[[field,…],…]`. Stops counting once past `stopAbove`. */
export function dataApiRecordsBytes(rows: readonly UnknownRow[], stopAbove = Number.POSITIVE_INFINITY): number {
  if (rows.length === 0) return 2;
  const columns = Object.keys(rows[0]);
  let bytes = 1 + rows.length; // the outer brackets and the commas between rows
  for (const row of rows) {
    bytes += 2 + columns.length - 1; // the row's brackets and the commas between its fields
    for (const name of columns) bytes += fieldBytes(row[name]);
    if (bytes > stopAbove) return bytes;
  }
  return bytes;
}

/**
 * The size of the whole ExecuteStatement answer the Data API would send for `rows`:
 * `{"records":[…],"columnMetadata":[…]}`.
 */
export function dataApiResponseBytes(rows: readonly UnknownRow[], stopAbove = Number.POSITIVE_INFINITY): number {
  const columns = rows.length === 0 ? [] : Object.keys(rows[0]);
  const envelope =
    '{"records":,"columnMetadata":[]}'.length +
    columns.reduce((sum, name) => sum + COLUMN_METADATA_BYTES + 2 * jsonBytes(name) + 1, 0);
  return envelope + dataApiRecordsBytes(rows, stopAbove - envelope);
}

/**
 * A Kysely plugin for the postgres.js path (tests): refuses any answer the Data API would have
 * refused on Aurora, so an unbounded read fails in `npm test` rather than in production.
 */
export class DataApiResponseLimitPlugin implements KyselyPlugin {
  private readonly queryNames = new WeakMap<object, string>();

  constructor(private readonly limitBytes = DATA_API_RESPONSE_LIMIT_BYTES) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.queryNames.set(args.queryId, describeNode(args.node));
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const rows = args.result.rows;
    const bytes = dataApiResponseBytes(rows, this.limitBytes);
    if (bytes > this.limitBytes) {
      throw new DataApiResponseTooLargeError(bytes, rows.length, this.limitBytes, this.describe(args.queryId, rows));
    }
    return args.result;
  }

  private describe(queryId: object, rows: readonly UnknownRow[]): string {
    return `${this.queryNames.get(queryId) ?? 'query'} of columns ${Object.keys(rows[0] ?? {}).join(', ')}`;
  }
}

/** "SelectQueryNode from transactions": enough to find the query in the code. */
function describeNode(node: RootOperationNode): string {
  const from = node.kind === 'SelectQueryNode' ? node.from?.froms[0] : undefined;
  const table = from && from.kind === 'TableNode' ? ` from ${(from as TableNode).table.identifier.name}` : '';
  return `${node.kind}${table}`;
}
