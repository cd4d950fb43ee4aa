import { Router } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { DEMAND_FIELDS, DEMAND_IMPORT_JOB, enqueueUploadTask } from '@patent-bridge/inventory';
import { requireRole, taskCreatorOf } from '@patent-bridge/access';
import type { ApiContext } from '../context.ts';
import { Problem } from '../problem.ts';
import { MAX_UPLOAD_BYTES, parseMappingField } from './imports.ts';

export const Mapping = z.record(z.string().min(1), z.enum(DEMAND_FIELDS));

/**
 * `POST /v1/demands/imports`: a multipart `file` (a demand sheet as CSV, XLSX or JSON Lines; optional
 * `mapping` JSON field, header → demand field). Answers 202 with the `demand_import` task to poll at
 * `GET /v1/tasks/{id}`; rejected rows are in `GET /v1/tasks/{id}/errors`. A sheet names its
 * enterprises, so only admin and broker keys may import one.
 *
 * @example
 * app.use('/v1', demandImportRoutes(context), demandRoutes(context));
 */
export function demandImportRoutes(context: Pick<ApiContext, 'db' | 'queue'>): Router {
  const router = Router();
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } });

  router.post('/demands/imports', requireRole('admin', 'broker'), (req, res, next) => {
    if (!req.is('multipart/form-data')) {
      return next(new Problem(415, 'unsupported_media_type', 'send the demand sheet as multipart/form-data in a field named "file" (CSV, XLSX or JSON Lines)'));
    }
    upload.single('file')(req, res, (error: unknown) => {
      if (error) {
        const code = (error as { code?: string }).code;
        if (code === 'LIMIT_FILE_SIZE') return next(new Problem(413, 'file_too_large', `the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; split it into several imports`));
        if (code === 'LIMIT_UNEXPECTED_FILE') return next(new Problem(400, 'unexpected_file_field', 'send the demand sheet in the form field named "file"'));
        return next(new Problem(400, 'malformed_upload', (error as Error).message));
      }
      void (async () => {
        if (!req.file) throw new Problem(400, 'file_missing', 'the multipart body has no "file" field');
        if (req.file.size === 0) throw new Problem(400, 'file_empty', `the uploaded file ${req.file.originalname} is empty`);
        const unknownFields = Object.keys(req.body ?? {}).filter((k) => k !== 'mapping');
        if (unknownFields.length) throw new Problem(400, 'unknown_field', `unknown form field(s): ${unknownFields.join(', ')}; only "file" and "mapping" are accepted`);
        const mapping = req.body?.mapping ? parseMappingField(String(req.body.mapping), Mapping, DEMAND_FIELDS, '{"需求单位":"enterprise"}') : undefined;
        const filename = Buffer.from(req.file.originalname, 'latin1').toString('utf8');
        // As enqueueDemandImport does, plus who started it, so the task is shown to its creator.
        const taskId = await enqueueUploadTask(context.db, context.queue, {
          taskType: 'demand_import',
          job: DEMAND_IMPORT_JOB,
          filename,
          bytes: new Uint8Array(req.file.buffer),
          ...(mapping ? { options: { mapping } } : {}),
          details: { createdBy: taskCreatorOf(res.locals.viewer) },
        });
        res.status(202).location(`/v1/tasks/${taskId}`).json({ taskId, status: 'enqueued', type: 'demand_import' });
      })().catch(next);
    });
  });

  return router;
}
