import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';

/**
 * What the server writes to its log, chosen so that the log carries no personal data and no secrets: the log is read
 * by operators and shipped to other systems that never had a right to residents' ID numbers, phones or sessions.
 */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    // Nothing logs headers or bodies today; these keep it so if someone logs a whole request or reply.
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'req.body',
        'res.headers["set-cookie"]',
        'body',
      ],
      censor: '[redacted]',
    },
    serializers: { req: describeRequest, err: describeError },
    hooks: {
      // `log.error(error)` would take the error's message as the line's message, and a database error's message
      // quotes the statement's parameters (ID numbers, phones, token hashes).
      logMethod(inputs, method) {
        const [first, second, ...rest] = inputs as unknown[];
        if (first instanceof Error && typeof second !== 'string') {
          return method.apply(this, [{ err: first }, safeMessage(first)] as unknown as Parameters<typeof method>);
        }
        const err = (first as { err?: unknown } | undefined)?.err;
        if (err instanceof Error && typeof second !== 'string') {
          return method.apply(this, [first, safeMessage(err), ...rest] as unknown as Parameters<typeof method>);
        }
        return method.apply(this, inputs);
      },
    },
  };
}

/**
 * One line a request, written when it ends, with the request, its status and its time. Fastify writes two (one as
 * the request arrives, one as it ends): under the HTTP bench's load the log took 5 % of the server's CPU.
 */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

/** A request as logged: its path without the query string, where searches carry names, phones and ID numbers. */
function describeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: request.url.split('?')[0],
    host: request.host,
    remoteAddress: request.ip,
  };
}

type DatabaseErrorFields = {
  code?: unknown;
  severity?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
  routine?: unknown;
};

/** PostgreSQL's own error (from pg or PGlite): a five-character SQL state and a severity. */
function isServerError(error: Error): boolean {
  const { code, severity } = error as DatabaseErrorFields;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string';
}

/** drizzle's wrapper, whose message and `params` hold the whole statement with its values. */
function isQueryWrapper(error: Error): boolean {
  return 'params' in error && 'query' in error;
}

/** The first database error in the chain of causes, if the error came from a query. */
function findDatabaseError(error: Error): { wrapper: Error; server?: Error } | undefined {
  let wrapper: Error | undefined;
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 6; depth += 1) {
    if (isServerError(current)) return { wrapper: wrapper ?? current, server: current };
    if (isQueryWrapper(current)) wrapper ??= current;
    current = current.cause;
  }
  return wrapper ? { wrapper } : undefined;
}

function safeMessage(error: Error): string {
  return findDatabaseError(error) ? 'A database query failed' : error.message;
}

/** The stack's frames without its first lines, which repeat the message. */
function framesOf(error: Error): string | undefined {
  return error.stack
    ?.split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
}

type LoggedError = { type: string; message: string; stack: string; [field: string]: unknown };

/**
 * An error as logged. A database error keeps what locates the problem — the SQL state, constraint, table, column —
 * and drops the message, detail and statement, which quote the values (`Key (id_number)=(…) already exists`).
 */
export function describeError(error: unknown): LoggedError {
  if (!(error instanceof Error))
    return { type: typeof error, message: 'A value other than an Error was thrown', stack: '' };
  const database = findDatabaseError(error);
  if (database) {
    const fields = (database.server ?? {}) as DatabaseErrorFields;
    return {
      type: error.name,
      message: 'A database query failed',
      sqlState: fields.code,
      constraint: fields.constraint,
      table: fields.table,
      column: fields.column,
      routine: fields.routine,
      stack: framesOf(error) ?? '',
    };
  }
  return {
    type: error.name,
    message: error.message,
    code: (error as { code?: unknown }).code,
    stack: error.stack ?? '',
    ...(error.cause === undefined ? {} : { cause: describeError(error.cause) }),
  };
}
