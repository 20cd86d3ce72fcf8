import { z } from 'zod';
import { ledgerFields, relations, residenceTypes, sexes } from '../registry.js';
import { personQuery } from './registry.js';
import { revealQuery } from './common.js';

/** Where a problem is: the row as Excel numbers it, and the column's header as the sheet writes it. */
const located = { row: z.number().int(), column: z.string() };

/**
 * One problem of one row of a ledger: a stable code and the values its sentence names, never the sentence itself,
 * so that the console and the problem report say it in the reader's language (`describeLedgerProblem`).
 */
export const ledgerProblemSchema = z.discriminatedUnion('code', [
  z.object({
    ...located,
    code: z.enum([
      'cell_has_nul',
      'name_missing',
      'example_row',
      'id_number_empty',
      'id_number_wrong_length',
      'id_number_bad_characters',
      'id_number_bad_checksum',
      'id_number_bad_birth_date',
      'id_number_future_birth_date',
      'id_number_not_recoverable',
      'birth_date_unrecognised',
      'birth_date_in_future',
      'birth_date_conflicts_with_id_number',
      'birth_date_incomplete',
      'phone_invalid',
      'registered_elsewhere',
    ]),
    params: z.object({}),
  }),
  z.object({
    ...located,
    code: z.literal('name_invalid'),
    params: z.object({ reason: z.enum(['too_long', 'control_character', 'digits', 'no_letter', 'other']) }),
  }),
  z.object({
    ...located,
    code: z.enum(['sex_unrecognised', 'residence_type_unrecognised', 'party_membership_unrecognised']),
    params: z.object({ text: z.string().describe('The cell as written.') }),
  }),
  z.object({
    ...located,
    code: z.literal('sex_conflicts_with_id_number'),
    params: z.object({ sexOfIdNumber: z.enum(sexes) }),
  }),
  z.object({ ...located, code: z.literal('tag_unknown'), params: z.object({ tags: z.array(z.string()) }) }),
  z.object({
    ...located,
    code: z.literal('grid_unknown'),
    params: z.object({
      regionName: z.string().describe('The region imported into.'),
      grid: z.string().nullable().describe('The grid as the row names it; null when the row names none.'),
    }),
  }),
  z.object({ ...located, code: z.literal('id_number_repeated'), params: z.object({ firstRow: z.number().int() }) }),
  z
    .object({ ...located, code: z.literal('legacy_sentence'), params: z.object({ text: z.string() }) })
    .describe('A problem kept by an import made before problems carried codes: its Chinese sentence, as stored.'),
]);
export type LedgerProblem = z.infer<typeof ledgerProblemSchema>;
export type LedgerProblemCode = LedgerProblem['code'];

export const ledgerColumnSchema = z.object({
  index: z.number(),
  header: z.string(),
  field: z.enum(ledgerFields).nullable(),
});
export type LedgerColumn = z.infer<typeof ledgerColumnSchema>;

/** The user's corrections of the detected columns, by column index (JSON keys are text); null ignores a column. */
export const columnOverridesSchema = z.record(z.string().regex(/^\d+$/), z.enum(ledgerFields).nullable());
export type ColumnOverrides = z.infer<typeof columnOverridesSchema>;

/** A row as it would be stored (full ID number and phone: it is the user's own file). */
export const ledgerSampleRowSchema = z.object({
  rowNumber: z.number().int(),
  name: z.string(),
  namePinyin: z.string(),
  nameInitials: z.string(),
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
  sex: z.enum(sexes).nullable(),
  birthDate: z.string().nullable(),
  ethnicity: z.string().nullable(),
  residenceType: z.enum(residenceTypes).nullable(),
  isPartyMember: z.boolean().nullable(),
  relationToHead: z.enum(relations).nullable(),
  householdNumber: z.string().nullable(),
  address: z.string().nullable(),
  building: z.string().nullable(),
  unit: z.string().nullable(),
  room: z.string().nullable(),
  grid: z.string().nullable(),
  tags: z.array(z.string()),
  notes: z.string().nullable(),
});
export type LedgerSampleRow = z.infer<typeof ledgerSampleRowSchema>;

export const uploadLedgerQuery = z.object({ regionId: z.uuid(), fileName: z.string().min(1).max(200) });

export const uploadParams = z.object({ uploadId: z.string().max(100) });

export const recheckLedgerBody = z.object({ overrides: columnOverridesSchema.optional() });

export const ledgerPreviewSchema = z.object({
  uploadId: z.string(),
  headerRowNumber: z.number(),
  columns: z.array(ledgerColumnSchema),
  totalRows: z.number(),
  validRows: z.number(),
  errorRows: z.number(),
  problemCount: z.number().describe('All problems; `problems` lists the first 200 only.'),
  problems: z.array(ledgerProblemSchema),
  sample: z.array(ledgerSampleRowSchema),
});
export type LedgerPreview = z.infer<typeof ledgerPreviewSchema>;

export const startImportBody = z.object({ uploadId: z.string().max(100), overrides: columnOverridesSchema.optional() });
export type StartImportInput = z.input<typeof startImportBody>;

/** One line of an import's answer (application/x-ndjson): running, then done or failed. */
export const importEventSchema = z.discriminatedUnion('status', [
  z.object({ importId: z.uuid(), status: z.literal('running'), processedRows: z.number(), totalRows: z.number() }),
  z.object({
    importId: z.uuid(),
    status: z.literal('done'),
    processedRows: z.number(),
    totalRows: z.number(),
    inserted: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    errorRows: z.number(),
    problems: z.array(ledgerProblemSchema),
  }),
  z.object({
    importId: z.uuid(),
    status: z.literal('failed'),
    totalRows: z.number(),
    error: z.object({ code: z.string(), message: z.string() }),
  }),
]);
export type ImportEvent = z.infer<typeof importEventSchema>;

export const importParams = z.object({ id: z.uuid() });

/** A finished import, as its page shows it after a reload. */
export const importRecordSchema = z.object({
  importId: z.uuid(),
  status: z.literal('done'),
  fileName: z.string(),
  processedRows: z.number(),
  totalRows: z.number(),
  importedRows: z.number(),
  unchanged: z.number(),
  errorRows: z.number(),
  problems: z.array(ledgerProblemSchema),
  createdAt: z.string(),
});
export type ImportRecord = z.infer<typeof importRecordSchema>;

export const exportQuery = personQuery.extend(revealQuery.shape);
export type ExportQuery = z.input<typeof exportQuery>;
