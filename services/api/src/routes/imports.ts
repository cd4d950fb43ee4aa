import { Router } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { enqueueImport, INPUT_FIELDS, type ColumnMapping } from '@patent-bridge/inventory';
import { canImportPatents, taskCreatorOf, type Viewer } from '@patent-bridge/access';
import type { ApiContext } from '../context.ts';
import { Problem } from '../problem.ts';

/** Largest inventory file accepted in one upload. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export const Mapping = z.record(z.string().min(1), z.enum(INPUT_FIELDS));
export const DatasetBody = z.strictObject({ dataset: z.string().min(1) });

/**
 * `POST /v1/imports`: a multipart `file` (CSV, XLSX or JSONL; optional `mapping` JSON field)
 * or JSON `{"dataset": "<name>|all"}`. Answers 202 with the task id to poll.
 */
export function importRoutes(context: ApiContext): Router {
  const router = Router();
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } });

  router.post('/imports', (req, res, next) => {
    if (!req.is('multipart/form-data')) return next();
    if (!canImportPatents(res.locals.viewer, 'upload')) return next(new Problem(403, 'forbidden', 'only universities (for their own stock) and admins can upload inventories'));
    upload.single('file')(req, res, (error: unknown) => {
      if (error) {
        const code = (error as { code?: string }).code;
        if (code === 'LIMIT_FILE_SIZE') return next(new Problem(413, 'file_too_large', `the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; split it into several imports`));
        if (code === 'LIMIT_UNEXPECTED_FILE') return next(new Problem(400, 'unexpected_file_field', 'send the inventory file in the form field named "file"'));
        return next(new Problem(400, 'malformed_upload', (error as Error).message));
      }
      void (async () => {
        if (!req.file) throw new Problem(400, 'file_missing', 'the multipart body has no "file" field');
        if (req.file.size === 0) throw new Problem(400, 'file_empty', `the uploaded file ${req.file.originalname} is empty`);
        let mapping: ColumnMapping | undefined;
        const unknownFields = Object.keys(req.body ?? {}).filter((k) => k !== 'mapping');
        if (unknownFields.length) throw new Problem(400, 'unknown_field', `unknown form field(s): ${unknownFields.join(', ')}; only "file" and "mapping" are accepted`);
        if (req.body?.mapping) {
          let parsed: unknown;
          try {
            parsed = JSON.parse(String(req.body.mapping));
          } catch {
            throw new Problem(400, 'invalid_mapping', 'mapping must be a JSON object of column header → field, e.g. {"专利名称":"title"}');
          }
          const result = Mapping.safeParse(parsed);
          if (!result.success) {
            throw new Problem(400, 'invalid_mapping', `mapping targets must be one of: ${INPUT_FIELDS.join(', ')}`, { errors: result.error.issues.map((i) => ({ field: `mapping.${i.path.join('.')}`, message: i.message })) });
          }
          mapping = result.data;
        }
        const filename = Buffer.from(req.file.originalname, 'latin1').toString('utf8');
        const viewer: Viewer = res.locals.viewer;
        // A university's upload writes only patents its organisation owns; other records are rejected (not_your_patent).
        const acting = viewer.role === 'admin' ? {} : { actingOrganizationId: viewer.organizationId ?? '' };
        const taskId = await enqueueImport(context.db, context.queue, { kind: 'upload', filename, bytes: new Uint8Array(req.file.buffer), ...(mapping ? { mapping } : {}), ...acting, createdBy: taskCreatorOf(viewer) });
        res.status(202).location(`/v1/tasks/${taskId}`).json({ taskId, status: 'enqueued', type: 'import' });
      })().catch(next);
    });
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
