import { utcToZonedLocal, zonedLocalToUtc } from '../../../shared/time';

// Every date-time input means the zone written next to it: what is typed is read as that zone's
// wall clock and stored as UTC, whatever zone the computer itself is set to.

export function ZonedInput({
  id,
  label,
  value,
  timeZone,
  onChange,
  name,
  showZone = false,
  invalid,
}: {
  id?: string;
  label: string;
  value: string | null;
  timeZone: string;
  onChange: (utc: string | null) => void;
  name?: string;
  /** Writes the zone after the input, for places where no label above names it. */
  showZone?: boolean;
  invalid?: boolean;
}) {
  const input = (
    <input
      id={id}
      name={name}
      aria-label={label}
      aria-invalid={invalid || undefined}
      type="datetime-local"
      value={value ? utcToZonedLocal(value, timeZone) : ''}
      onChange={(e) => onChange(e.target.value ? zonedLocalToUtc(e.target.value, timeZone) : null)}
    />
  );
  if (!showZone) return input;
  return (
    <span className="zoned-input">
      {input}
      <span className="zone-tag" aria-hidden="true">
        {timeZone}
      </span>
    </span>
  );
}
