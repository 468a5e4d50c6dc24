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
                                           Check a report's one signature; that it is signed with the
                                           certificate its id was issued with (as recorded here) or the
                                           fingerprint you expect; and that its evidence still matches
                                           the vault (not checked with no data folder)
  bundle export --audit ID --out FILE [--for PEER] [--json]
                                           Write a signed bundle of the audit for another laptop: all
                                           of it, or (--for: a device id or auditor name) only what
                                           that laptop has not seen yet
  bundle inspect FILE [--json]             Check a bundle without importing: signer, key fingerprint,
                                           audit, what is new
  bundle import FILE [--trust FINGERPRINT] [--json]
                                           Check and merge a bundle. A new signer's key is trusted
                                           only with --trust and its fingerprint (compare it first)
  bundle status [--json]                   Peers, what each has seen, trusted keys
  bundle conflicts [--audit ID] [--json]   Edits that lost to a concurrent edit, with both values
  bundle resolve ID keep|swap|both         Keep the current value, swap in the other, or keep both lists
  bundle revoke FINGERPRINT                Refuse bundles signed with a key from now on
  bundle trust FINGERPRINT                 Accept a revoked key again
  api --list                               List every API method
  api METHOD [JSON]                        Call any API method with a JSON input

Options:
  --data-dir DIR   Data folder (default: RELEASE_AUDIT_DATA_DIR, else the desktop app's folder)
  --actor NAME     Who is making changes (default: RELEASE_AUDIT_ACTOR, else your user name)
  --help           Show this help

Exit codes: 0 success, 1 the command failed or found problems, 2 bad arguments or input the app refuses.`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}
