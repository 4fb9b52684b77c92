// The API's answer to a refused form. Validation errors arrive with paths like "body/website" and
// one entry per failed rule (a nullable field fails "pattern", "null" and "anyOf" at once), so they
// are reduced to one message per field, named as the form names it.
import { ApiProblem } from '../../api/client';
import { ProblemAlert } from '../../ui/components';

/** The API's message for a field of the body ("website", "stages/2/name"), if any. */
export function fieldProblem(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiProblem)) return undefined;
  const wanted = new Set([`body/${field}`, `/${field}`, field]);
  return error.errors.find((e) => wanted.has(e.path))?.message;
}

export function FormProblem({
  error,
  title,
  labels,
}: {
  error: unknown;
  title: string;
  /** Field path (as in fieldProblem) → its label on the form. */
  labels: Record<string, string>;
}) {
  if (!error) return null;
  if (!(error instanceof ApiProblem) || error.code !== 'validation_failed') {
    return <ProblemAlert error={error} title={title} />;
  }
  const fields = Object.entries(labels).filter(([field]) => fieldProblem(error, field));
  return (
    <div className="alert alert-danger" role="alert">
      <h2>{title}</h2>
      <p>{fields.length > 0 ? 'Check these fields:' : error.detail}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map(([field, label]) => (
            <li key={field}>{label}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
