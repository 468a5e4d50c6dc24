import { useState } from 'react';
import { regulatoryPresets } from '../../../../shared/plan-options';
import type { SectionProps } from './types';
import { Field } from '../../components/Field';

/** Regulations that drive the audit, each with what it adds to the audit criteria. */
export function DriversSection({ plan, update }: SectionProps) {
  const [other, setOther] = useState('');
  const [otherError, setOtherError] = useState<string | null>(null);
  // What a planner wrote for a regulation survives unticking and ticking it again.
  const [removed, setRemoved] = useState<Record<string, string>>({});
  const drivers = plan.regulatoryDrivers;
  const has = (id: string) => drivers.some((d) => d.id.toUpperCase() === id.toUpperCase());
  const toggle = (preset: (typeof regulatoryPresets)[number]) => {
    const current = drivers.find((d) => d.id === preset.id);
    if (current) {
      setRemoved((r) => ({ ...r, [preset.id]: current.adds }));
      update({ regulatoryDrivers: drivers.filter((d) => d.id !== preset.id) });
    } else update({ regulatoryDrivers: [...drivers, { id: preset.id, name: preset.name, adds: removed[preset.id] ?? preset.adds }] });
  };
  const addOther = () => {
    const name = other.trim();
    if (!name) return;
    const id = name.toUpperCase().replace(/[^A-Z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'OTHER';
    if (has(id) || regulatoryPresets.some((p) => p.id === id || p.id.replace('-', ' ') === name.toUpperCase())) {
      setOtherError(`${name} is already in the list above.`);
      return;
    }
    update({ regulatoryDrivers: [...drivers, { id, name, adds: '' }] });
    setOther('');
    setOtherError(null);
  };
  return (
    <section className="panel form" aria-label="Regulatory drivers">
      <h2>Regulatory drivers</h2>
      <div className="checks">
        {regulatoryPresets.map((preset) => (
          <label className="choice" key={preset.id}>
            <input type="checkbox" checked={has(preset.id)} onChange={() => toggle(preset)} />
            {preset.id === 'PCI-DSS' ? 'PCI DSS' : preset.id}
          </label>
        ))}
      </div>
      {drivers.map((driver, index) => (
        <div className="field wide" key={driver.id}>
          <Field inline label={<>What {driver.name} adds to the criteria</>}>
            <textarea
              rows={2}
              value={driver.adds}
              onChange={(e) => update({ regulatoryDrivers: drivers.map((d, i) => (i === index ? { ...d, adds: e.target.value } : d)) })}
            />
          </Field>
          {!regulatoryPresets.some((p) => p.id === driver.id) && (
            <button type="button" className="small fit" onClick={() => update({ regulatoryDrivers: drivers.filter((_, i) => i !== index) })}>
              Remove {driver.name}
            </button>
          )}
        </div>
      ))}
      <div className="inline-add">
        <Field inline label="Other regulation">
          <input
            value={other}
            onChange={(e) => setOther(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                addOther();
              }
            }}
            placeholder="e.g. DORA, ISO 27001"
          />
        </Field>
        <button type="button" onClick={addOther}>
          Add
        </button>
      </div>
      {otherError && (
        <p className="field-error" role="alert">
          {otherError}
        </p>
      )}
    </section>
  );
}
