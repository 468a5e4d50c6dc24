import fs from 'node:fs';
import path from 'node:path';

// Serves the built renderer. A request path never leaves the static folder; unknown paths get index.html.

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface StaticFile {
  file: string;
  contentType: string;
}

export function resolveStaticFile(staticDir: string, urlPath: string): StaticFile | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const root = path.resolve(staticDir);
  const candidate = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  const inside = candidate === root || candidate.startsWith(root + path.sep);
  const file = inside && isFile(candidate) ? candidate : path.join(root, 'index.html');
  if (!isFile(file)) return undefined;
  return { file, contentType: contentTypes[path.extname(file)] ?? 'application/octet-stream' };
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
