import type { Checkpoint } from '../ledger/checkpoints';
import { formatFingerprint } from './certificate';
import type { ReportContext } from './document';
import type { ReportClock } from './layout';
import type { Content } from './layout';

// Who prepared and signed the report, how to check it, and the signed ledger head it was made at:
// kept together, on the page where it starts, so the sign-off never runs on alone over a page break.

export function signOff({ options, clock }: ReportContext): Content {
  const signer = options.signer;
  const pairs = signer ? (signer.fingerprint.toUpperCase().match(/.{2}/g) ?? []).join(':') : '';
  return [
    {
      unbreakable: true,
      stack: [
        // A plain heading: the whole block moves to the next page if it does not fit, so it needs no keep rule.
        { text: 'Sign-off', style: 'h2' },
        {
          text: signer
            ? [`Prepared and signed by ${signer.name}${signer.role ? `, ${signer.role}` : ''}, on `, clock.at(options.generatedAt), '. The digital signature covers every byte of this file; any change after signing breaks it.']
            : [`Prepared by ${options.generatedBy} on `, clock.at(options.generatedAt), '. This copy is not signed, so nothing in it proves who issued it or that it is unchanged.'],
        },
        ...approvalBlock(options, clock),
        ...(signer
          ? [
              { text: 'Signing certificate (SHA-256 fingerprint):', style: 'muted', margin: [0, 8, 0, 0] },
              { text: pairs, style: 'mono' },
              {
                text: [
                  'To check this file, with no data folder: ',
                  { text: `release-audit verify-report FILE --expect-signer ${signer.fingerprint}`, style: 'mono' },
                  '. It holds only if that fingerprint is the one the signer gave you themselves (a fingerprint printed here proves nothing on its own). On a laptop that holds the audit, release-audit verify-report FILE also checks the cited evidence against its vault.',
                ],
                style: 'muted',
                margin: [0, 4, 0, 0],
              },
            ]
          : []),
      ],
    },
    options.checkpoint ? ledgerSeal(options.checkpoint, clock) : '',
  ];
}

/** "Approved for external distribution by NAME (Compliance), DATE: comment", on an external edition. */
function approvalBlock({ approval, distribution }: ReportContext['options'], clock: ReportClock): Content[] {
  if (distribution !== 'external') return [];
  if (!approval) return [{ text: 'Not approved for external distribution: no compliance or legal reviewer has approved this edition as it stands.', bold: true, color: '#b3261e', margin: [0, 8, 0, 0] }];
  const role = approval.role === 'legal' ? 'Legal' : 'Compliance';
  return [{ text: [{ text: `Approved for external distribution by ${approval.reviewer} (${role}), `, bold: true }, clock.at(approval.approvedAt), approval.comment ? `: ${approval.comment}` : '.'], margin: [0, 8, 0, 0] }];
}

/** The signed ledger head the report was made at: what verify-report compares with the laptop's ledger later. */
function ledgerSeal(cp: Checkpoint, clock: ReportClock): Content {
  return {
    unbreakable: true,
    stack: [
      { text: 'Signed ledger head', style: 'h3', margin: [0, 14, 0, 2] },
      {
        text: [`When this report was made, the audit trail of device ${cp.deviceId} stood at entry #${cp.seq}, signed by ${cp.signer} (key ${formatFingerprint(cp.fingerprint, true)}) on `, clock.at(cp.sealedAt), '. Head hash:'],
        style: 'muted',
      },
      { text: cp.hash, style: 'mono' },
      {
        text: 'A laptop whose trail was rewritten since then can no longer show this head: release-audit verify-report FILE, run where the audit is held, says so.',
        style: 'muted',
        margin: [0, 2, 0, 0],
      },
    ],
  };
}
