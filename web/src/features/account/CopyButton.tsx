// Copies a text to the clipboard and says so in a live region (the button itself does not change
// name, so focus stays put and screen readers hear the outcome once).
import { useState } from 'react';
import { Button } from '../../ui/components';

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [outcome, setOutcome] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setOutcome('Copied.');
    } catch {
      setOutcome('Could not copy. Select the text and copy it yourself.');
    }
  };
  return (
    <span className="row">
      <Button small onClick={copy} aria-label={label}>
        Copy
      </Button>
      <span role="status" className="small muted">
        {outcome}
      </span>
    </span>
  );
}
