import type { IncomingMessage } from 'node:http';

/** The request body is larger than the limit given to {@link peekRequestBody}. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(readonly limitBytes: number) {
    super(`the request body is larger than ${limitBytes} bytes`);
  }
}

/**
 * Reads a request's whole body and puts it back, so the parsers after this (`express.json()`, multer)
 * still read it from the request as if nobody had. The bytes are returned to the stream with
 * `readable.unshift()` before its `'end'` event, the use Node documents unshift for. An empty body
 * is left as it was. Rejects with {@link BodyTooLargeError} past `limitBytes` (the rest of the
 * body is then drained and dropped).
 *
 * @example
 * const body = await peekRequestBody(req, 50 * 1024 * 1024);
 * createHash('sha256').update(body).digest('hex');
 * next(); // express.json() or multer parse the same bytes
 */
export function peekRequestBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limitBytes) {
      req.resume();
      return reject(new BodyTooLargeError(limitBytes));
    }
    const chunks: Buffer[] = [];
    let length = 0;
    const stop = () => {
      req.removeListener('readable', onReadable);
      req.removeListener('end', onEnd);
      req.removeListener('error', onError);
      req.removeListener('aborted', onAborted);
    };
    const onReadable = () => {
      let chunk: Buffer | null;
      while ((chunk = req.read() as Buffer | null) !== null) {
        length += chunk.length;
        if (length > limitBytes) {
          stop();
          req.resume();
          return reject(new BodyTooLargeError(limitBytes));
        }
        chunks.push(chunk);
      }
      // `complete` is set before the parser ends the stream, so every byte has been read by now;
      // unshifting in this same tick keeps the pending 'end' from being emitted.
      if (req.complete) {
        stop();
        const body = Buffer.concat(chunks, length);
        if (length > 0) req.unshift(body);
        resolve(body);
      }
    };
    // Only an empty body can end before a 'readable' event found it complete.
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, length));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    const onAborted = () => onError(new Error('the client aborted the request'));
    req.on('readable', onReadable);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}
