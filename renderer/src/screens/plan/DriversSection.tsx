import { useState } from 'react';
import { regulatoryPresets } from '../../../../shared/plan-options';
import type { SectionProps } from './types';

/** Regulations that drive the audit, each with what it adds to the audit criteria. */
export function DriversSection({ plan, update }: SectionProps) {
  const [other, setOther] = useState('');
  const drivers = plan.regulatoryDrivers;
  const has = (id: string) => drivers.some((d) => d.id === id);
  const toggle = (preset: (typeof regulatoryPresets)[number]) =>
    update({ regulatoryDrivers: has(preset.id) ? drivers.filter((d) => d.id !== preset.id) : [...drivers, { id: preset.id, name: preset.name, adds: preset.adds }] });
  const addOther = () => {
    const name = other.trim();
    if (!name) return;
    const id = name.toUpperCase().replace(/[^A-Z0-9]+/g, '-').slice(0, 40);
    if (!has(id)) update({ regulatoryDrivers: [...drivers, { id, name, adds: '' }] });
    setOther('');
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
          <label htmlFor={`driver-${driver.id}`}>What {driver.name} adds to the criteria</label>
          <textarea
            id={`driver-${driver.id}`}
            rows={2}
            value={driver.adds}
            onChange={(e) => update({ regulatoryDrivers: drivers.map((d, i) => (i === index ? { ...d, adds: e.target.value } : d)) })}
          />
          {!regulatoryPresets.some((p) => p.id === driver.id) && (
            <button type="button" className="small" onClick={() => update({ regulatoryDrivers: drivers.filter((_, i) => i !== index) })}>
              Remove {driver.name}
            </button>
          )}
        </div>
      ))}
      <div className="inline-add">
        <label htmlFor="other-driver">Other regulation</label>
        <input
          id="other-driver"
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
        <button type="button" onClick={addOther}>
          Add
        </button>
      </div>
    </section>
  );
}
