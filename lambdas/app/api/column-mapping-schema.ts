import { z } from 'zod';
import { COLUMN_ROLES } from '../../core/statement/column-roles';

const role = z.enum(COLUMN_ROLES);

/**
 * The column mapping a person may send with POST /uploads or /uploads/preview (ColumnMapping
 * in core), checked at the edge: `{"columns":[null]}` used to reach the parser and crash it.
 */
export const columnMappingSchema = z.object({
  delimiter: z.string().min(1).max(4).optional(),
  headerRow: z.number().int().min(1).max(1000).nullable().optional(),
  columns: z
    .array(z.object({ index: z.number().int().min(0).max(500), role }))
    .min(1)
    .max(200),
  dateOrder: z.enum(['DMY', 'MDY', 'YMD']).optional(),
  decimalMark: z.enum(['.', ',']).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as EUR')
    .optional(),
  invertSign: z.boolean().optional(),
});
