import type { LicenceLists } from '../../shared/api/licences';

// The licence policy an audit uses until it sets its own, written for software that is distributed
// (shipped to customers, installed on their machines, or run as a network service for them).
//
// - Allowed: permissive licences. They ask for attribution (keep the notice) and little else, so
//   shipping them in a closed product is safe.
// - Review: weak copyleft. The licence reaches only the component itself (LGPL: the library, which
//   must stay replaceable when linked; MPL, EPL, CDDL, EUPL: the files of the component), so it can
//   be shipped, but how it is linked or modified must be checked. GPL with a linking exception
//   (Classpath, GCC runtime) behaves the same way and is listed here too.
// - Denied: strong and network copyleft. Distributing a work that includes GPL code obliges the
//   whole combined work to be offered under the GPL with its source; AGPL (and SSPL) extend that to
//   users reaching the software over a network. A release of a closed product cannot ship them
//   without a legal exception, which the auditor records by changing the audit's policy.
//
// Anything in none of the lists (a LicenseRef-, a rare licence, a non-commercial one) is "unknown"
// and drafts a finding, so every licence a release ships has been looked at once.

export const defaultLicencePolicy: LicenceLists = {
  allowed: [
    'MIT', 'MIT-0', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause', '0BSD', 'ISC', 'Zlib', 'BSL-1.0', 'Unlicense', 'CC0-1.0',
    'PostgreSQL', 'Python-2.0', 'PSF-2.0', 'X11', 'BlueOak-1.0.0', 'CC-BY-4.0', 'Unicode-DFS-2016', 'Unicode-3.0', 'OpenSSL', 'curl', 'W3C', 'NCSA', 'WTFPL',
  ],
  review: [
    'LGPL-2.0-only', 'LGPL-2.0-or-later', 'LGPL-2.1-only', 'LGPL-2.1-or-later', 'LGPL-3.0-only', 'LGPL-3.0-or-later',
    'MPL-1.1', 'MPL-2.0', 'EPL-1.0', 'EPL-2.0', 'CDDL-1.0', 'CDDL-1.1', 'EUPL-1.1', 'EUPL-1.2', 'CPL-1.0',
    'GPL-2.0-only WITH Classpath-exception-2.0', 'GPL-2.0-or-later WITH Classpath-exception-2.0',
    'GPL-2.0-or-later WITH GCC-exception-2.0', 'GPL-3.0-only WITH GCC-exception-3.1', 'GPL-3.0-or-later WITH GCC-exception-3.1',
  ],
  denied: [
    'GPL-1.0-only', 'GPL-1.0-or-later', 'GPL-2.0-only', 'GPL-2.0-or-later', 'GPL-3.0-only', 'GPL-3.0-or-later',
    'AGPL-1.0-only', 'AGPL-1.0-or-later', 'AGPL-3.0-only', 'AGPL-3.0-or-later', 'SSPL-1.0', 'OSL-3.0',
  ],
};
