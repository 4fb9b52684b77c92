// The logo as the career site will show it, so a wrong address is noticed before saving.
import { useEffect, useState } from 'react';

export function LogoPreview({ url, name }: { url: string; name: string }) {
  const [failed, setFailed] = useState(false);
  const trimmed = url.trim();
  // A new address gets a new chance to load.
  useEffect(() => setFailed(false), [trimmed]);
  if (!/^https?:\/\/\S+$/.test(trimmed)) return null;
  return (
    <figure className="logo-preview">
      {failed ? (
        <p className="small muted" role="status">
          The logo could not be loaded from this address. Check it, and that it starts with https://.
        </p>
      ) : (
        <img src={trimmed} alt={name} onError={() => setFailed(true)} />
      )}
      <figcaption className="small muted">Logo preview</figcaption>
    </figure>
  );
}
