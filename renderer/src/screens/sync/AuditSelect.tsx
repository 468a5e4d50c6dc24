import { Field } from '../../components/Field';

/** The audit a Sync panel works on, chosen from this laptop's audits. */
export function AuditSelect({ label, audits, auditId, onChoose, disabled = false, inline = false }: { label: string; audits: Array<{ id: string; name: string }>; auditId: string | null; onChoose: (id: string) => void; disabled?: boolean; inline?: boolean }) {
  return (
    <Field label={label} inline={inline}>
      <select value={auditId ?? ''} disabled={disabled} onChange={(e) => onChoose(e.target.value)}>
        {audits.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
    </Field>
  );
}
