import { PackageURL } from 'packageurl-js';

// A component's package URL as the OSV database names packages: the ecosystem from the purl type
// (and, for Linux distributions, the distro qualifier), the package name in that ecosystem's
// spelling (npm @scope/name, Maven group:artifact, Go module path, Packagist vendor/name).

const ecosystems: Record<string, string> = {
  npm: 'npm', pypi: 'PyPI', maven: 'Maven', golang: 'Go', cargo: 'crates.io', nuget: 'NuGet', gem: 'RubyGems',
  composer: 'Packagist', hex: 'Hex', pub: 'Pub', hackage: 'Hackage', cran: 'CRAN', swift: 'SwiftURL', conan: 'ConanCenter',
  deb: 'Debian', apk: 'Alpine', rpm: 'Red Hat', bitnami: 'Bitnami', github: 'GitHub Actions',
};

export interface PurlPackage {
  purl: string;
  /** The OSV ecosystem ("npm", "Debian:12", "Alpine:v3.18"). */
  ecosystem: string;
  name: string;
  version: string | null;
}

function distroEcosystem(type: string, namespace: string | undefined, distro: string | undefined): string {
  if (type === 'deb') {
    const family = namespace?.toLowerCase() === 'ubuntu' ? 'Ubuntu' : 'Debian';
    const release = /^(?:debian|ubuntu)-(\d+(?:\.\d+)?)/i.exec(distro ?? '')?.[1] ?? (/^\d/.test(distro ?? '') ? distro : undefined);
    return release ? `${family}:${release}` : family;
  }
  if (type === 'apk') {
    const release = /^(?:alpine-)?v?(\d+\.\d+)/i.exec(distro ?? '')?.[1];
    return release ? `Alpine:v${release}` : 'Alpine';
  }
  return ecosystems[type] ?? type;
}

/** The purl read as an OSV package, or why it cannot be. */
export function purlPackage(text: string): PurlPackage | { problem: string } {
  let purl: PackageURL;
  try {
    purl = PackageURL.fromString(text.trim());
  } catch (error) {
    return { problem: `its purl does not parse (${(error as Error).message})` };
  }
  const type = purl.type.toLowerCase();
  if (!ecosystems[type]) return { problem: `the OSV database has no ecosystem for purl type ${type}` };
  const ns = purl.namespace ?? undefined;
  const name =
    type === 'maven' ? (ns ? `${ns}:${purl.name}` : purl.name)
    : type === 'npm' || type === 'golang' || type === 'composer' || type === 'swift' || type === 'github' ? (ns ? `${ns}/${purl.name}` : purl.name)
    : purl.name;
  const distro = purl.qualifiers?.distro;
  return { purl: text.trim(), ecosystem: distroEcosystem(type, ns, distro), name, version: purl.version ?? null };
}

/** Whether an OSV ecosystem of a record covers the component's: the same family, and the same release when both name one. */
export function ecosystemCovers(recordEcosystem: string, componentEcosystem: string): boolean {
  const [rf, rr] = recordEcosystem.toLowerCase().split(':');
  const [cf, cr] = componentEcosystem.toLowerCase().split(':');
  if (rf !== cf) return false;
  return rr === undefined || cr === undefined || rr === cr || rr === `v${cr}` || `v${rr}` === cr;
}
