import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RulesError } from '@admissions/rules';
import { DomainError, RuleViolation } from './domain-error';

const ERROR_NAME: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

const HTTP_MESSAGE_ZH: Record<number, string> = {
  400: '请求格式有误',
  401: '未登录或令牌无效',
  403: '无权执行此操作',
  404: '资源不存在',
  405: '不支持该请求方法',
  413: '请求体过大',
  415: '不支持的内容类型',
  429: '请求过于频繁，请稍后再试',
};

/** One place that turns every error into a response; never a stack trace or SQL. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const correlationId = request?.id;
    const { status, body } = this.describe(exception);
    if (status >= 500) {
      // Name, message and stack only: a query error's parameters may hold ballot data.
      const err =
        exception instanceof Error
          ? { type: exception.name, message: exception.message, stack: exception.stack }
          : { message: String(exception) };
      this.logger.error({ correlationId, err }, 'unhandled error');
    }
    void reply.status(status).send({ statusCode: status, ...body, correlationId });
  }

  private describe(exception: unknown): { status: number; body: Record<string, unknown> } {
    if (exception instanceof DomainError || exception instanceof RulesError) {
      // The class, never the code, decides the status; the rules package refuses its input with 422.
      const status = exception instanceof DomainError ? exception.status : 422;
      if (status === 422) {
        // SPEC §12: every rule a request breaks answers in one shape, `violations` listing each.
        const violations =
          exception instanceof RuleViolation
            ? exception.violations
            : [{ code: exception.code, message: exception.message }];
        return {
          status,
          body: {
            error: 'GateViolation',
            code: exception.code,
            message: exception.message,
            violations,
            ...(exception instanceof DomainError ? exception.extra : {}),
          },
        };
      }
      const extra = exception instanceof DomainError ? exception.extra : {};
      return {
        status,
        body: { error: ERROR_NAME[status] ?? 'Error', code: exception.code, message: exception.message, ...extra },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return {
        status,
        body: {
          error: ERROR_NAME[status] ?? 'Error',
          code: `HTTP_${status}`,
          message: HTTP_MESSAGE_ZH[status] ?? '请求失败',
        },
      };
    }
    // Fastify's own client errors (bad JSON, wrong content type, body too large) carry a 4xx statusCode.
    const statusCode =
      typeof exception === 'object' && exception !== null
        ? (exception as { statusCode?: unknown }).statusCode
        : undefined;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      return {
        status: statusCode,
        body: {
          error: ERROR_NAME[statusCode] ?? 'Error',
          code: `HTTP_${statusCode}`,
          message: HTTP_MESSAGE_ZH[statusCode] ?? '请求有误',
        },
      };
    }
    return {
      status: 500,
      body: { error: ERROR_NAME[500], code: 'INTERNAL', message: '服务器内部错误，请联系管理员并提供 correlationId' },
    };
  }
}
