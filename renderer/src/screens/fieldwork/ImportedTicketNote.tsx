import type { ImportedTicket } from '../../../../shared/api/releases';
import { formatInZone } from '../../../../shared/time';
import { ImportLines } from './ImportLines';

const fieldNames: Record<ImportedTicket['differs'][number], string> = { title: 'title', approvalStatus: 'approval', approvedBy: 'approved by', approvedAt: 'approved at' };

/** A ticket an import filled (or matched): its source, and what the file says where the ticket now says otherwise. */
export function ImportedTicketNote({ imported, timeZone }: { imported: ImportedTicket; timeZone: string }) {
  return (
    <p className="imported-ticket" data-testid="imported-ticket">
      <ImportLines source={{ ...imported, name: imported.source }} />
      {imported.differs.length > 0 && (
        <span className="status-error">
          {' '}
          The file says otherwise ({imported.differs.map((f) => fieldNames[f]).join(', ')}): {imported.approvalStatus}
          {imported.approvedBy ? ` by ${imported.approvedBy}` : ''}
          {imported.approvedAt ? ` at ${formatInZone(imported.approvedAt, timeZone)}` : ''}
          {imported.differs.includes('title') ? `, “${imported.title}”` : ''}. The values here are kept as typed.
        </span>
      )}
    </p>
  );
}
