// The CLI's help text and its usage errors (exit code 2).

export const usage = `Usage: release-audit [--data-dir DIR] [--actor NAME] <command> [options]

Commands:
  serve [--port N]                         Serve the app to a browser on 127.0.0.1 (prints the URL with its token)
  audit create --name NAME [--description TEXT] [--json]
  audit list [--json]
  evidence add --audit ID FILE [--refers-to YYYY-MM-DD] [--source-system NAME] [--note TEXT] [--json]
                                           Store FILE in the evidence vault; prints its SHA-256
  library list [--json]                    The control library, with framework mappings
  template list [--json]                   Checklist templates and their published versions
  template export ID --out FILE            Write a template (its latest version, or the version ID) as
                                           YAML or JSON, by FILE's extension
  template import FILE [--reason TEXT]     Import a template file and publish it as a new version
  verify [--expect-head HASH]... [--json]  Check every ledger chain, vault object and the database;
                                           exit 0 when everything holds, 1 with each problem listed.
                                           --expect-head: a ledger head printed by an earlier verify
                                           (or a report) that must still be in the ledger
  report --audit ID --out FILE [--summary] [--distribution internal|external] [--sign]
                                           A PDF report (full, or the executive summary), signed with
                                           your identity (made on first use) when --sign is given
  verify-report FILE [--expect-signer SHA256] [--json]
                                           Check a report's signature, who signed it (a report issued
                                           here, a known identity, or the certificate fingerprint you
                                           expect) and that its evidence still matches the vault
  api --list                               List every API method
  api METHOD [JSON]                        Call any API method with a JSON input

Options:
  --data-dir DIR   Data folder (default: RELEASE_AUDIT_DATA_DIR, else the desktop app's folder)
  --actor NAME     Who is making changes (default: RELEASE_AUDIT_ACTOR, else your user name)
  --help           Show this help

Exit codes: 0 success, 1 the command failed or found problems, 2 bad arguments.`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}
