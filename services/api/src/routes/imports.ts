import { Router, type Request, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { ColumnMappingError, enqueueImport, INPUT_FIELDS, previewInventory, UnreadableFileError, type ColumnMapping } from '@patent-bridge/inventory';
import { canImportPatents, taskCreatorOf, type Viewer } from '@patent-bridge/access';
import type { ApiContext } from '../context.ts';
import { Problem } from '../problem.ts';

/** Largest inventory file accepted in one upload. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export const Mapping = z.record(z.string().min(1), z.enum(INPUT_FIELDS));
export const DatasetBody = z.strictObject({ dataset: z.string().min(1) });

/**
 * An upload's `mapping` form field: JSON, column header → one of `fields` (checked by `schema`).
 * Shared by the patent and the demand import.
 *
 * @example
 * parseMappingField('{"专利名称":"title"}', Mapping, INPUT_FIELDS, '{"专利名称":"title"}') // { 专利名称: 'title' }
 */
export function parseMappingField<F extends string>(text: string, schema: z.ZodType<Record<string, F>>, fields: readonly F[], example: string): ColumnMapping<F> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Problem(400, 'invalid_mapping', `mapping must be a JSON object of column header → field, e.g. ${example}`);
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    throw new Problem(400, 'invalid_mapping', `mapping targets must be one of: ${fields.join(', ')}`, { errors: result.error.issues.map((i) => ({ field: `mapping.${i.path.join('.')}`, message: i.message })) });
  }
  return result.data;
}

/**
 * `POST /v1/imports`: a multipart `file` (CSV, XLSX or JSONL; optional `mapping` JSON field)
 * or JSON `{"dataset": "<name>|all"}`. Answers 202 with the task id to poll.
 * `POST /v1/imports/preview`: the same upload, read but not imported: the column mapping, the
 * required fields no column feeds, and the first rows.
 */
export function importRoutes(context: ApiContext): Router {
  const router = Router();
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } });

  /** Receives the multipart `file` and optional `mapping` of an inventory upload, checked. */
  const receiveUpload = (req: Request, res: Response): Promise<{ file: Express.Multer.File; filename: string; mapping?: ColumnMapping }> =>
    new Promise((resolve, reject) => {
      upload.single('file')(req, res, (error: unknown) => {
        if (error) {
          const code = (error as { code?: string }).code;
          if (code === 'LIMIT_FILE_SIZE') return reject(new Problem(413, 'file_too_large', `the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; split it into several imports`));
          if (code === 'LIMIT_UNEXPECTED_FILE') return reject(new Problem(400, 'unexpected_file_field', 'send the inventory file in the form field named "file"'));
          return reject(new Problem(400, 'malformed_upload', (error as Error).message));
        }
        try {
          if (!req.file) throw new Problem(400, 'file_missing', 'the multipart body has no "file" field');
          if (req.file.size === 0) throw new Problem(400, 'file_empty', `the uploaded file ${req.file.originalname} is empty`);
          const unknownFields = Object.keys(req.body ?? {}).filter((k) => k !== 'mapping');
          if (unknownFields.length) throw new Problem(400, 'unknown_field', `unknown form field(s): ${unknownFields.join(', ')}; only "file" and "mapping" are accepted`);
          const mapping = req.body?.mapping ? parseMappingField(String(req.body.mapping), Mapping, INPUT_FIELDS, '{"专利名称":"title"}') : undefined;
          const filename = Buffer.from(req.file.originalname, 'latin1').toString('utf8');
          resolve({ file: req.file, filename, ...(mapping ? { mapping } : {}) });
        } catch (problem) {
          reject(problem);
        }
      });
    });

  router.post('/imports', (req, res, next) => {
    if (!req.is('multipart/form-data')) return next();
    if (!canImportPatents(res.locals.viewer, 'upload')) return next(new Problem(403, 'forbidden', 'only universities (for their own stock) and admins can upload inventories'));
    void (async () => {
      const { file, filename, mapping } = await receiveUpload(req, res);
      const viewer: Viewer = res.locals.viewer;
      // A university's upload writes only patents its organisation owns; other records are rejected (not_your_patent).
      const acting = viewer.role === 'admin' ? {} : { actingOrganizationId: viewer.organizationId ?? '' };
      const taskId = await enqueueImport(context.db, context.queue, { kind: 'upload', filename, bytes: new Uint8Array(file.buffer), ...(mapping ? { mapping } : {}), ...acting, createdBy: taskCreatorOf(viewer) });
      res.status(202).location(`/v1/tasks/${taskId}`).json({ taskId, status: 'enqueued', type: 'import' });
    })().catch(next);
  });

  router.post('/imports/preview', (req, res, next) => {
    if (!canImportPatents(res.locals.viewer, 'upload')) return next(new Problem(403, 'forbidden', 'only universities (for their own stock) and admins can upload inventories'));
    if (!req.is('multipart/form-data')) return next(new Problem(415, 'unsupported_media_type', 'send multipart/form-data with the inventory "file" and, optionally, a "mapping"'));
    void (async () => {
      const { file, filename, mapping } = await receiveUpload(req, res);
      try {
        const preview = await previewInventory(new Uint8Array(file.buffer), { filename, ...(mapping ? { mapping } : {}), requireHolder: res.locals.viewer.role !== 'admin' });
        res.json({ filename, ...preview });
      } catch (error) {
        if (error instanceof ColumnMappingError) throw new Problem(400, 'invalid_mapping', error.message, { errors: error.problems.map((message) => ({ field: 'mapping', message })) });
        if (error instanceof UnreadableFileError) throw new Problem(400, 'unreadable_file', error.message);
        throw error;
      }
    })().catch(next);
  });

  router.post('/imports', async (req, res) => {
    if (!req.is('application/json')) throw new Problem(415, 'unsupported_media_type', 'send multipart/form-data with a "file", or JSON {"dataset": "<name>|all"}');
    if (!canImportPatents(res.locals.viewer, 'dataset')) throw new Problem(403, 'forbidden', 'only admins can import public datasets');
    const { dataset } = DatasetBody.parse(req.body ?? {});
    if (dataset !== 'all' && !context.datasetNames.includes(dataset)) {
      throw new Problem(400, 'unknown_dataset', `unknown dataset "${dataset}"; one of: all, ${context.datasetNames.join(', ')}`);
    }
    const taskId = await enqueueImport(context.db, context.queue, { kind: 'dataset', name: dataset, createdBy: taskCreatorOf(res.locals.viewer) });
    res.status(202).location(`/v1/tasks/${taskId}`).json({ taskId, status: 'enqueued', type: 'import' });
  });

  return router;
}

const InputField = z.enum(INPUT_FIELDS);
const ReadProblem = z.object({ line: z.number().int(), field: z.string(), message: z.string() });

/** The answer of `POST /v1/imports/preview`. */
export const ImportPreviewAnswer = z.object({
  filename: z.string(),
  format: z.enum(['csv', 'xlsx', 'jsonl']),
  encoding: z.string().describe('`utf-8`, `utf-8-bom`, `gb18030`, `xlsx` or `jsonl`'),
  headers: z.array(z.string()).describe('The column headers (JSON Lines: the keys), trimmed; an empty one is `column N`, a repeated one `X (column N)`'),
  mapping: z.record(z.string(), InputField.nullable()).describe('Header → the field it feeds, or null (its values are kept as extra attributes); your `mapping` applied'),
  unmappedHeaders: z.array(z.string()),
  missingRequiredFields: z.array(z.object({ field: InputField, anyOf: z.array(InputField), message: z.string() })).describe('Requirements no column meets; any field of `anyOf` meets one'),
  rows: z.array(z.object({ line: z.number().int(), cells: z.record(z.string(), z.string()).describe('Non-empty cells by header'), fields: z.record(z.string(), z.string()).describe('The same values by field') })).describe('The first 10 data rows'),
  rowCount: z.number().int().describe('Data rows read from the whole file'),
  errorCount: z.number().int().describe('Rows or lines that could not be read'),
  errors: z.array(ReadProblem).describe('The first 20 of them'),
  warnings: z.array(ReadProblem),
  fields: z.array(InputField).describe('Every field a column can be mapped to'),
});
