// A button that downloads one of the application's files and says so to screen readers.
import { useState } from 'react';
import { Button, ProblemAlert } from '../../ui/components';
import { download, formatBytes } from './download';

export interface FileRef {
  id: string;
  filename: string;
  size: number;
}

export function FileDownload({
  applicationId,
  file,
  label,
}: {
  applicationId: string;
  file: FileRef;
  label: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  const run = async () => {
    setBusy(true);
    setError(null);
    setSaved('');
    try {
      const name = await download(
        `/api/v1/org/applications/${applicationId}/files/${file.id}`,
        file.filename,
      );
      setSaved(`Downloaded ${name}.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="stack-sm">
      <div className="row">
        <Button onClick={run} busy={busy}>
          {label}
        </Button>
        <span className="small muted">
          {file.filename} · {formatBytes(file.size)}
        </span>
      </div>
      <p className="small" role="status">
        {saved}
      </p>
      {error ? <ProblemAlert error={error} title="Could not download the file" /> : null}
    </div>
  );
}
