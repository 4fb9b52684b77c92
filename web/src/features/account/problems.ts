// Turns the API's problem codes into the field they concern, so the message sits next to the
// input that needs fixing (the API names the code, not the field, for these checks).
import { ApiProblem } from '../../api/client';

/** The problem's message when its code (or a field error at `path`) is about this field. */
export function fieldProblem(error: unknown, codes: string[], path?: string): string | undefined {
  if (!(error instanceof ApiProblem)) return undefined;
  if (codes.includes(error.code)) return error.detail;
  return path ? error.fieldError(path) : undefined;
}

export const WRONG_PASSWORD = ['reauthentication_failed'];
export const WEAK_PASSWORD = ['weak_password'];
export const WRONG_CODE = ['invalid_mfa_code'];
