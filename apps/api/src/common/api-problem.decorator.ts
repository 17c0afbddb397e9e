import { ApiResponse } from '@nestjs/swagger';
import { problemSchema } from './openapi';
import { PROBLEM_CONTENT_TYPE } from './problem';

/** Documents one problem answer with a description specific to the route (`ApiProblems` has generic ones). */
export function ApiProblem(status: number, description: string): MethodDecorator & ClassDecorator {
  return ApiResponse({ status, description, content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } } });
}
