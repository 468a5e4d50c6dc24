import { useState } from 'react';
import type { RulePack, RulePackDiff } from '../../../../shared/api/rules';
import { api } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { Field } from '../../components/Field';
import { useNotices } from '../../components/Notice';
import { plainError } from '../../components/plainError';
import { useQuery } from '../../hooks/useQuery';
import { useSession } from '../../stores/session';
import { DiffList } from './DiffList';
import { CompareBar, publishedColumns, VersionSelect } from './VersionsPanel';
import { RulePackEditor } from './RulePackEditor';
import '../rules/rules.css';

// Rule packs: the YAML rules that draft findings from imported facts. Each pack has published
// versions (never changed once saved); a version is read here, edited into the next one, compared
// with another, and pinned to the audit open so its rules run with that version.

export function RulePacksTab() {
  const [saved, setSaved] = useState(0);
  const packs = useQuery(() => api['rules.listPacks']({}), [saved]);
  const [chosen, setChosen] = useState<string | null>(null);
  const pack = packs.data?.find((p) => p.id === chosen) ?? packs.data?.[0];
  if (packs.error) return <p className="field-error" role="alert">The rule packs could not be loaded: {plainError(packs.error)}</p>;
  if (!packs.data || !pack) return <p className="muted" role="status">Loading the rule packs…</p>;
  return (
    <div className="library-rule-packs">
      <section className="panel" aria-label="Rule packs">
        <h2>Rule packs</h2>
        <p className="muted">Versioned YAML rules (schema release-audit/rule-pack@1) that read the facts imported into an audit and draft findings with the lines that prove them.</p>
        {packs.data.length > 1 && (
          <Field inline label="Pack">
            <select value={pack.id} onChange={(e) => setChosen(e.target.value)}>
              {packs.data.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <PinLine key={pack.versions[0]?.id ?? pack.id} pack={pack} />
      </section>
      <PackVersions
        key={pack.id}
        pack={pack}
        onSaved={(packId) => {
          setChosen(packId);
          setSaved((n) => n + 1);
        }}
      />
    </div>
  );
}

/** Which version the audit open runs, and the buttons to pin another. */
function PinLine({ pack }: { pack: RulePack }) {
  const auditId = useSession((s) => s.auditId);
  const push = useNotices((s) => s.push);
  const pinned = useQuery(async () => (auditId ? api['rules.pinned']({ auditId }) : null), [auditId]);
  const [versionId, setVersionId] = useState(pack.versions[0]?.id ?? '');
  if (!auditId) return <p className="muted">Open an audit to pin a version of this pack to it.</p>;
  const pin = pinned.data;
  return (
    <div className="inline-add" role="group" aria-label="Pin to the current audit">
      <p role="status" aria-label="Pinned version">
        {pin ? `The current audit runs ${pin.packName} v${pin.version}${pin.pinned ? '' : ' (the shipped default; not pinned)'}.` : pinned.error ? plainError(pinned.error) : 'Reading the pinned version…'}
      </p>
      <Field inline label="Version to pin">
        <VersionSelect versions={pack.versions} value={versionId} onChange={setVersionId} />
      </Field>
      <button
        type="button"
        className="small"
        onClick={() =>
          api['rules.pin']({ auditId, packVersionId: versionId }).then(
            (p) => {
              pinned.setData(p);
              push('success', `The current audit now runs ${p.packName} v${p.version}.`);
            },
            (e: Error) => push('error', `Not pinned: ${plainError(e.message)}`),
          )
        }
      >
        Pin to the current audit
      </button>
    </div>
  );
}

function PackVersions({ pack, onSaved }: { pack: RulePack; onSaved: (packId: string) => void }) {
  const push = useNotices((s) => s.push);
  const versions = pack.versions;
  const [shownId, setShownId] = useState(versions[0]?.id ?? '');
  const shown = useQuery(() => api['rules.getVersion']({ id: shownId }), [shownId]);
  const [editing, setEditing] = useState(false);
  const [from, setFrom] = useState(versions[1]?.id ?? versions[0]?.id ?? '');
  const [to, setTo] = useState(versions[0]?.id ?? '');
  const [diff, setDiff] = useState<RulePackDiff | null>(null);

  return (
    <>
      <section className="panel" aria-label="Rule pack versions">
        <h2>Versions of {pack.name}</h2>
        <DataTable
          className="data-table compact"
          rows={versions}
          rowKey={(v) => v.id}
          columns={[
            ...publishedColumns<RulePack['versions'][number]>(),
            { header: 'Rules', cell: (v) => v.rules },
            {
              header: 'YAML',
              cell: (v) => (
                <button type="button" className="small" aria-pressed={v.id === shownId} onClick={() => setShownId(v.id)} aria-label={`Show v${v.version}`}>
                  Show
                </button>
              ),
            },
          ]}
        />
        {versions.length > 1 && (
          <CompareBar versions={versions} from={from} to={to} setFrom={setFrom} setTo={setTo} onCompare={() => api['rules.diff']({ fromVersionId: from, toVersionId: to }).then(setDiff, (e: Error) => push('error', e.message))} />
        )}
        {diff && <DiffList diff={diff} same="The two versions hold the same rules and parameters." />}
      </section>
      {shown.error && <p className="field-error" role="alert">The version could not be loaded: {plainError(shown.error)}</p>}
      {shown.data && !editing && (
        <section className="panel" aria-label={`YAML of v${shown.data.version}`}>
          <div className="drafts-head">
            <h2>
              {shown.data.packName} v{shown.data.version}
            </h2>
            <button type="button" onClick={() => setEditing(true)}>
              Edit as a new version
            </button>
          </div>
          <Field label={`YAML of v${shown.data.version} (read-only)`}>
            <textarea className="pack-source" readOnly value={shown.data.source} spellCheck={false} rows={20} />
          </Field>
        </section>
      )}
      {shown.data && editing && (
        <RulePackEditor
          base={shown.data}
          onCancel={() => setEditing(false)}
          onSaved={(version) => {
            setEditing(false);
            setShownId(version.id);
            setFrom(shownId);
            setTo(version.id);
            setDiff(null);
            push('success', `Saved ${version.packName} v${version.version}.`);
            onSaved(version.packId);
          }}
        />
      )}
    </>
  );
}
