// A textarea that suggests the organization's members as you type "@": the suggestions are a
// listbox driven from the textarea (aria-activedescendant), so focus never leaves the text.
// Up/Down choose, Enter or Tab insert, Escape closes.
import { type KeyboardEvent, useId, useMemo, useRef, useState } from 'react';
import { type Picked, mentionAt } from './mentions';
import type { Member } from './queries';

interface Props {
  id?: string;
  value: string;
  onChange: (value: string) => void;
  members: Member[];
  onPick: (picked: Picked) => void;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
  disabled?: boolean;
  className?: string;
}

const MAX_SUGGESTIONS = 8;

export function MentionTextarea({ value, onChange, members, onPick, ...rest }: Props) {
  const listId = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  /** Whether the last key went to the suggestions (its keyup must not move the tracked caret). */
  const handled = useRef(false);

  const at = mentionAt(value, caret);
  const suggestions = useMemo(() => {
    if (!at) return [];
    const q = at.query.toLowerCase();
    return members
      .filter(
        (m) =>
          m.name
            .toLowerCase()
            .split(/\s+/)
            .some((w) => w.startsWith(q)) || m.email.toLowerCase().startsWith(q),
      )
      .slice(0, MAX_SUGGESTIONS);
  }, [at, members]);
  const open = at !== null && dismissed !== at.start && suggestions.length > 0;
  const activeIndex = Math.min(active, suggestions.length - 1);
  const optionId = (i: number) => `${listId}-option-${i}`;

  const pick = (m: Member) => {
    if (!at) return;
    const label = m.name || m.email;
    const inserted = `@${label} `;
    const next = value.slice(0, at.start) + inserted + value.slice(caret);
    const position = at.start + inserted.length;
    onChange(next);
    onPick({ userId: m.userId, name: label });
    setCaret(position);
    setActive(0);
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(position, position);
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    handled.current = open && ['ArrowDown', 'ArrowUp', 'Enter', 'Tab', 'Escape'].includes(e.key);
    if (!open) return;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((activeIndex + 1) % suggestions.length);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((activeIndex - 1 + suggestions.length) % suggestions.length);
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      const chosen = suggestions[activeIndex];
      if (chosen) {
        e.preventDefault();
        pick(chosen);
      }
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setDismissed(at?.start ?? null);
    }
  };

  const track = (el: HTMLTextAreaElement) => setCaret(el.selectionStart ?? el.value.length);

  return (
    <div className="mention-box">
      <textarea
        {...rest}
        ref={ref}
        rows={4}
        maxLength={5000}
        value={value}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? optionId(activeIndex) : undefined}
        onChange={(e) => {
          onChange(e.target.value);
          track(e.target);
          setActive(0);
          setDismissed(null);
        }}
        onKeyDown={onKeyDown}
        onKeyUp={(e) => {
          if (!handled.current) track(e.currentTarget);
        }}
        onClick={(e) => track(e.currentTarget)}
        onBlur={() => setDismissed(at?.start ?? null)}
        onFocus={() => setDismissed(null)}
      />
      {open && (
        <div className="mention-list" role="listbox" id={listId} aria-label="Members to mention">
          {suggestions.map((m, i) => (
            // biome-ignore lint/a11y/useFocusableInteractive: focus stays in the textarea; it points here with aria-activedescendant.
            <div
              key={m.userId}
              id={optionId(i)}
              role="option"
              aria-selected={i === activeIndex}
              // mousedown, not click: the textarea keeps focus and the caret.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(m);
              }}
            >
              {m.name || m.email} <span className="small muted">{m.email}</span>
            </div>
          ))}
        </div>
      )}
      <p className="sr-only" role="status">
        {open
          ? `${suggestions.length} ${suggestions.length === 1 ? 'member' : 'members'} to mention. Up and down to choose, Enter to insert.`
          : ''}
      </p>
    </div>
  );
}
