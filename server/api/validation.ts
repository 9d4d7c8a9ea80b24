// Request validation for the store's routes with the shared TypeBox schemas, and store errors as HTTP answers.
import type { TSchema } from '@sinclair/typebox';
import type { FastifyReply, FastifySchemaCompiler } from 'fastify';
import { InvalidInputError, NameTakenError } from '../store/errors.js';
import { schemaProblem } from '../store/savedSessionRules.js';

/**
 * Validate with the same schemas the page imports, strictly: no type coercion, and an unknown field is refused
 * (Fastify's default would silently drop it), with a sentence that names the field.
 */
export const typeboxValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  return (data: unknown) => {
    if (httpPart === 'body' && (data === null || data === undefined)) {
      return { error: new Error('the request needs a JSON body (Content-Type: application/json)') };
    }
    const problem = schemaProblem(schema, data);
    return problem ? { error: new Error(problem) } : { value: data };
  };
};

/** Answer for a refusal by the store: 400 for bad input, 409 for a name in use; anything else is not ours. */
export function sendStoreError(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof InvalidInputError) return reply.code(400).send({ error: error.message });
  if (error instanceof NameTakenError) return reply.code(409).send({ error: error.message });
  throw error;
}
