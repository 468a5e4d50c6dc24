import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { addEvidenceFile, linkEvidence } from '../evidence/service';
import { createFinding } from '../findings/service';
import { tempDir, testCore } from '../../tests/helpers/temp';
import { forgetThumbnailsInMemory, pruneThumbnailCache, thumbnailCacheDir, thumbnailCacheFile } from './images';
import { generateReport, prepareReport, writeReport } from './service';
import { forkNode, useThumbnailStarter } from './thumbnail-process';

// Screenshots as the PDF stores them, read back with poppler's pdfimages: each image once however often
// it is cited, downscaled to print resolution for the box it is printed in (220 x 140 points at 300 dpi
// is at most 917 x 583 pixels), never enlarged; a damaged image leaves its caption and nothing else out.

interface Stored {
  page: number;
  width: number;
  height: number;
  object: number;
}

/** `pdfimages -list`: one row per image drawn, with the PDF object that stores it. */
function storedImages(file: string): Stored[] {
  const rows = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim());
  return rows.map((row) => {
    const c = row.trim().split(/\s+/);
    return { page: Number(c[0]), width: Number(c[3]), height: Number(c[4]), object: Number(c[10]) };
  });
}

/** A screenshot-like picture (bands of colour, text-like noise), as PNG with transparency or as JPEG. */
async function picture(file: string, width: number, height: number, format: 'png' | 'jpeg'): Promise<string> {
  const pixels = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i += 1) pixels.set([(i % width) & 255, (i / width) & 255, (i * 7) & 255, 200 + (i % 50)], i * 4);
  const image = sharp(pixels, { raw: { width, height, channels: 4 } });
  fs.writeFileSync(file, await (format === 'png' ? image.png() : image.flatten().jpeg()).toBuffer());
  return file;
}

async function auditWithScreenshots() {
  const core = testCore({ actor: 'Ada Auditor' });
  const folder = tempDir();
  const audit = createAudit(core, { name: 'Screenshots', description: '' });
  const findings = ['Deploy approved after the fact', 'Same approval screen again', 'Monitoring gap'].map((title) => createFinding(core, { auditId: audit.id, title, severity: 'major' }));
  const add = async (file: string) => addEvidenceFile(core, { auditId: audit.id, path: file, refersTo: null, sourceSystem: 'ServiceNow', captureMethod: 'file', note: '' });
  const big = await add(await picture(path.join(folder, 'approval-4k.png'), 2400, 1500, 'png'));
  const photo = await add(await picture(path.join(folder, 'whiteboard.jpg'), 1200, 1600, 'jpeg'));
  const small = await add(await picture(path.join(folder, 'small.png'), 320, 200, 'png'));
  const broken = path.join(folder, 'broken.png');
  fs.writeFileSync(broken, Buffer.concat([(await sharp({ create: { width: 50, height: 50, channels: 3, background: '#808080' } }).png().toBuffer()).subarray(0, 40), Buffer.alloc(200, 7)]));
  const damaged = await add(broken);
  // The big screenshot is cited by two findings.
  for (const [e, f] of [[big, 0], [big, 1], [photo, 1], [small, 2], [damaged, 2]] as const) linkEvidence(core, e.id, { targetType: 'finding', targetId: (findings[f] as { id: string }).id });
  return { core, audit, folder, big, photo, small };
}

describe('screenshots in a report', () => {
  // Every test starts as a new process would, with only its own data folder (the tests share pictures).
  beforeEach(forgetThumbnailsInMemory);

  it('are stored once each, downscaled to print resolution for their printed size, and never enlarged', async () => {
    const { core, audit, folder } = await auditWithScreenshots();
    const file = path.join(folder, 'full.pdf');
    fs.writeFileSync(file, (await generateReport(core, { auditId: audit.id, kind: 'full', distribution: 'internal', sign: false })).pdf);
    const drawn = storedImages(file);
    // Four citations of three images that can be read: the damaged one is left out.
    expect(drawn).toHaveLength(4);
    const objects = new Map(drawn.map((d) => [d.object, d]));
    expect(objects.size).toBe(3);
    const sizes = [...objects.values()].map((d) => `${d.width}x${d.height}`).sort();
    // 2400 x 1500 fits the box by its width, 1200 x 1600 by its height; 320 x 200 stays as it is.
    expect(sizes).toEqual(['320x200', '437x583', '917x573']);
    // The caption of the damaged screenshot is printed all the same.
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('broken.png');
  });

  it('are made while the pages are laid out: every one asked for at once, each embedded when it comes, spooled through the vault\'s temporary folder', async () => {
    const { core, audit, folder } = await auditWithScreenshots();
    // A stand-in for the thumbnail process that answers the headers at once but makes nothing until told
    // that every thumbnail has been asked for: a report that waited for its thumbnails before laying out
    // its pages would wait for ever. It writes one real JPEG of 40 x 20 for each into the file it is given.
    const jpeg = path.join(folder, 'stand-in.jpg');
    fs.writeFileSync(jpeg, await sharp({ create: { width: 40, height: 20, channels: 3, background: '#2266aa' } }).jpeg().toBuffer());
    const script = path.join(folder, 'holding-worker.mjs');
    fs.writeFileSync(
      script,
      `import fs from 'node:fs';
      const held = [];
      process.on('message', (m) => {
        if (m.done) {
          for (const h of held) {
            fs.copyFileSync(${JSON.stringify(jpeg)}, h.out, fs.constants.COPYFILE_EXCL);
            process.send({ id: h.id, spooled: true, width: 40, height: 20 });
          }
          return process.send({ done: true, cpuMs: 1, peakMiB: 1 }, () => process.exit(0));
        }
        if (m.probe) return process.send({ id: m.id, probe: true, width: 40, height: 20 });
        if (typeof m.out !== 'string' || !m.out.startsWith(${JSON.stringify(path.join(core.layout.root, 'vault', 'tmp'))})) process.exit(9);
        held.push(m);
      });
      process.on('disconnect', () => process.exit(0));
      process.send({ ready: true });`,
    );
    useThumbnailStarter(() => forkNode(script));
    try {
      forgetThumbnailsInMemory();
      const file = path.join(folder, 'overlapped.pdf');
      await writeReport(core, { auditId: audit.id, kind: 'full', distribution: 'internal', sign: false }, file);
      // All four screenshots, the damaged one too (the stand-in made it): three objects of 40 x 20, drawn four times.
      const drawn = storedImages(file);
      expect(drawn.map((d) => `${d.width}x${d.height}`)).toEqual(['40x20', '40x20', '40x20', '40x20', '40x20']);
      expect(new Set(drawn.map((d) => d.object)).size).toBe(4);
      // Nothing left in the vault's temporary folder, and the thumbnails kept on disk for the next report.
      expect(fs.readdirSync(path.join(core.layout.root, 'vault', 'tmp'))).toEqual([]);
      expect(fs.readdirSync(thumbnailCacheDir(core.layout.root)).filter((name) => name.endsWith('.thumb'))).toHaveLength(4);
    } finally {
      useThumbnailStarter(forkNode);
    }
  });

  it('leave a grey box where one whose header reads but whose pixels do not would be, its caption printed', async () => {
    const { core, audit, folder } = await auditWithScreenshots();
    // A screenshot cut short in its pixel data: its header says 300 x 200, its pixels cannot be decoded.
    const whole = await sharp(Buffer.alloc(300 * 200 * 3, 90), { raw: { width: 300, height: 200, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
    const cut = path.join(folder, 'cut-short.png');
    fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const finding = createFinding(core, { auditId: audit.id, title: 'Screenshot cut short', severity: 'minor' });
    const e = await addEvidenceFile(core, { auditId: audit.id, path: cut, refersTo: null, sourceSystem: 'ServiceNow', captureMethod: 'file', note: '' });
    linkEvidence(core, e.id, { targetType: 'finding', targetId: finding.id });
    forgetThumbnailsInMemory();
    const file = path.join(folder, 'damaged.pdf');
    await writeReport(core, { auditId: audit.id, kind: 'full', distribution: 'internal', sign: false }, file);
    // The three that can be read, as before (broken.png, whose header itself is damaged, is left out before the layout).
    expect(new Set(storedImages(file).map((d) => d.object)).size).toBe(3);
    expect(fs.readFileSync(file, 'latin1').split('q 0.93 g 0 0 1 1 re f Q').length - 1).toBe(1);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('cut-short.png');
    expect(text).toContain('broken.png');
    expect(fs.readdirSync(path.join(core.layout.root, 'vault', 'tmp'))).toEqual([]);
  });

  it('leave an executive summary without images', async () => {
    const { core, audit, folder } = await auditWithScreenshots();
    const file = path.join(folder, 'summary.pdf');
    await writeReport(core, { auditId: audit.id, kind: 'summary', distribution: 'internal', sign: false }, file);
    expect(storedImages(file)).toHaveLength(0);
  });

  it('are in a signed report written to a file, which pdfsig validates', async () => {
    const { core, audit, folder } = await auditWithScreenshots();
    const file = path.join(folder, 'signed.pdf');
    await writeReport(core, { auditId: audit.id, kind: 'full', distribution: 'internal', sign: true }, file);
    expect(new Set(storedImages(file).map((d) => d.object)).size).toBe(3);
    expect(execFileSync('pdfsig', [file], { encoding: 'utf8' })).toContain('Signature Validation: Signature is Valid.');
    expect(fs.readdirSync(folder).filter((name) => name.endsWith('.signing'))).toEqual([]);
  });

  it('are kept on disk by SHA-256 for the next process, and a kept file that does not match its key is made again', async () => {
    const { core, audit, folder, big, photo, small } = await auditWithScreenshots();
    const request = { auditId: audit.id, kind: 'full', distribution: 'internal', sign: false } as const;
    const imagesOf = async () => (await prepareReport(core, request)).doc.images as Record<string, string>;
    const fresh = await imagesOf();
    const dir = thumbnailCacheDir(core.layout.root);
    const kept = (e: { sha256: string }) => thumbnailCacheFile(dir, e.sha256);
    // The three that can be read, each once; nothing half-written left behind.
    expect(fs.readdirSync(dir).sort()).toEqual([big, photo, small].map((e) => path.basename(kept(e))).sort());
    const original = fs.readFileSync(kept(small));

    // A new process reads them from disk: the same images, byte for byte.
    forgetThumbnailsInMemory();
    expect(await imagesOf()).toEqual(fresh);

    // One under another's name, and one cut short, are not used: the report prints the right images and keeps them again.
    fs.copyFileSync(kept(big), kept(small));
    fs.truncateSync(kept(photo), fs.statSync(kept(photo)).size - 100);
    forgetThumbnailsInMemory();
    expect(await imagesOf()).toEqual(fresh);
    expect(fs.readFileSync(kept(small))).toEqual(original);

    // And a kept file whose key matches is what the report prints (so it is read, not made again).
    const header = original.subarray(0, original.indexOf(0x0a)).toString('utf8');
    const red = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#ff0000' } }).jpeg().toBuffer();
    const { createHash } = await import('node:crypto');
    const forged = { ...(JSON.parse(header) as Record<string, unknown>), width: 10, height: 10, jpegSha256: createHash('sha256').update(red).digest('hex') };
    fs.writeFileSync(kept(small), Buffer.concat([Buffer.from(`${JSON.stringify(forged)}\n`), red]));
    forgetThumbnailsInMemory();
    const file = path.join(folder, 'from-cache.pdf');
    await writeReport(core, request, file);
    expect(new Set(storedImages(file).map((d) => `${d.width}x${d.height}`))).toEqual(new Set(['10x10', '437x583', '917x573']));
  });

  it('are taken from disk by a signed report only when sealed with its signer\'s key: a planted one is made again from the original', async () => {
    const { core, audit, folder, small } = await auditWithScreenshots();
    const draft = { auditId: audit.id, kind: 'full', distribution: 'internal', sign: false } as const;
    await prepareReport(core, draft);
    const kept = thumbnailCacheFile(thumbnailCacheDir(core.layout.root), small.sha256);
    const original = fs.readFileSync(kept);
    const header = JSON.parse(original.subarray(0, original.indexOf(0x0a)).toString('utf8')) as Record<string, unknown>;
    expect(header.seal).toBeUndefined();
    // Someone who can write the data folder plants a picture under the right key.
    const { createHash } = await import('node:crypto');
    const plant = async (extra: Record<string, unknown>) => {
      const red = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#ff0000' } }).jpeg().toBuffer();
      fs.writeFileSync(kept, Buffer.concat([Buffer.from(`${JSON.stringify({ ...header, width: 10, height: 10, jpegSha256: createHash('sha256').update(red).digest('hex'), ...extra })}\n`), red]));
    };
    const sizes = (file: string) => new Set(storedImages(file).map((d) => `${d.width}x${d.height}`));
    await plant({});
    forgetThumbnailsInMemory();
    // A draft prints it (the cache is only derived data for drafts)...
    const draftFile = path.join(folder, 'draft.pdf');
    await writeReport(core, draft, draftFile);
    expect(sizes(draftFile)).toContain('10x10');
    // ...but a signed report in the same process, whose memory holds the planted one, makes it again.
    const signedFile = path.join(folder, 'signed.pdf');
    await writeReport(core, { ...draft, sign: true }, signedFile);
    expect(sizes(signedFile)).not.toContain('10x10');
    expect(sizes(signedFile)).toContain('320x200');
    // It is kept sealed now: the next process's signed report reads it from disk, and a draft does too.
    const sealed = JSON.parse(fs.readFileSync(kept).subarray(0, fs.readFileSync(kept).indexOf(0x0a)).toString('utf8')) as Record<string, unknown>;
    expect(sealed.seal).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.readFileSync(kept).subarray(fs.readFileSync(kept).indexOf(0x0a) + 1)).toEqual(original.subarray(original.indexOf(0x0a) + 1));
    // A planted one carrying a copied or made-up seal is not taken by a signed report either.
    for (const seal of [sealed.seal, 'a'.repeat(64), 'not hex']) {
      await plant({ seal });
      forgetThumbnailsInMemory();
      await writeReport(core, { ...draft, sign: true }, signedFile);
      expect(sizes(signedFile)).not.toContain('10x10');
    }
    expect(execFileSync('pdfsig', [signedFile], { encoding: 'utf8' })).toContain('Signature Validation: Signature is Valid.');
    // An unsigned edition for outside readers (as the approved Word copy is made) takes nothing unsealed from disk either.
    await plant({});
    forgetThumbnailsInMemory();
    const external = (await prepareReport(core, { ...draft, distribution: 'external' })).doc.images as Record<string, string>;
    const printed = await Promise.all(Object.values(external).map(async (url) => (await sharp(Buffer.from(url.split(',')[1] as string, 'base64')).metadata()).width));
    expect(printed).not.toContain(10);
    expect(printed).toContain(320);
  });

  it('are still printed when the cache cannot be written', async () => {
    const { core, audit, folder } = await auditWithScreenshots();
    fs.mkdirSync(path.join(core.layout.root, 'cache'), { recursive: true });
    fs.writeFileSync(thumbnailCacheDir(core.layout.root), 'a file where the folder would be');
    forgetThumbnailsInMemory();
    const file = path.join(folder, 'no-cache.pdf');
    await writeReport(core, { auditId: audit.id, kind: 'full', distribution: 'internal', sign: false }, file);
    expect(new Set(storedImages(file).map((d) => d.object)).size).toBe(3);
  });

  it('leave no thumbnail of an original the vault no longer holds, nor an old unfinished write', async () => {
    const { core, audit, big } = await auditWithScreenshots();
    const dir = thumbnailCacheDir(core.layout.root);
    fs.mkdirSync(dir, { recursive: true });
    const gone = thumbnailCacheFile(dir, 'f'.repeat(64));
    const otherBox = path.join(dir, `${big.sha256}-100x100.thumb`);
    const unfinished = `${thumbnailCacheFile(dir, big.sha256)}.123.abcd.tmp`;
    const recent = `${thumbnailCacheFile(dir, big.sha256)}.456.ef01.tmp`;
    for (const f of [gone, otherBox, unfinished, recent]) fs.writeFileSync(f, 'x');
    const hourAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    fs.utimesSync(unfinished, hourAgo, hourAgo);
    await writeReport(core, { auditId: audit.id, kind: 'full', distribution: 'internal', sign: false }, path.join(core.layout.root, 'r.pdf'));
    expect([gone, otherBox, unfinished].filter((f) => fs.existsSync(f))).toEqual([]);
    // Another process may be writing that one; and the thumbnails of the vault's originals stay.
    expect(fs.existsSync(recent)).toBe(true);
    expect(fs.existsSync(thumbnailCacheFile(dir, big.sha256))).toBe(true);
    expect(pruneThumbnailCache(path.join(dir, 'missing'), () => true)).toBe(0);
  });

  it('never delete or write files that are not the cache\'s own, nor through a link put in place of its folder', async () => {
    const { core, audit, folder } = await auditWithScreenshots();
    const dir = thumbnailCacheDir(core.layout.root);
    fs.mkdirSync(dir, { recursive: true });
    const hourAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    const foreign = path.join(dir, 'notes.txt');
    fs.writeFileSync(foreign, 'mine');
    fs.utimesSync(foreign, hourAgo, hourAgo);
    const request = { auditId: audit.id, kind: 'full', distribution: 'internal', sign: false } as const;
    await writeReport(core, request, path.join(folder, 'a.pdf'));
    expect(fs.readFileSync(foreign, 'utf8')).toBe('mine');
    // The folder replaced by a link to someone's documents: nothing there is removed or added, and the report still prints its pictures.
    const documents = path.join(folder, 'documents');
    fs.mkdirSync(documents);
    // (named as the cache's own unfinished writes are, so that only the link check keeps it)
    const letter = path.join(documents, `${'a'.repeat(64)}-917x583.thumb.1.ab.tmp`);
    fs.writeFileSync(letter, 'keep');
    fs.utimesSync(letter, hourAgo, hourAgo);
    fs.rmSync(dir, { recursive: true });
    fs.symlinkSync(documents, dir);
    forgetThumbnailsInMemory();
    const file = path.join(folder, 'b.pdf');
    await writeReport(core, request, file);
    expect(fs.readdirSync(documents)).toEqual([path.basename(letter)]);
    expect(new Set(storedImages(file).map((d) => d.object)).size).toBe(3);
    expect(pruneThumbnailCache(dir, () => false)).toBe(0);
  });
});
