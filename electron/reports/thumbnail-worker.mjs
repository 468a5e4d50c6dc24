// The process that makes a report's thumbnails (started by thumbnail-process.ts, one per report that
// needs any made, and gone when they are). The image library's threads keep about 100 MiB of freed
// memory in the C allocator's pools while hundreds of screenshots are decoded: here that memory goes
// back to the system when the process ends, instead of staying in the report's process while pdfmake
// lays out the document; and an image that crashes the decoder takes down this process, not the app.
//
// Plain JavaScript, so that it runs as it is from the sources (tests, the browser host) and from the
// builds, which copy it beside their entry file. It runs as a child of Node (child_process.fork, its
// messages on process.send) or as Electron's utility process (process.parentPort).
//
// Asked { id, file, box: [width, height], maxPixels, parallel }, it answers { id, jpeg, width, height },
// or { id, jpeg: null } when the file is not an image that can be decoded (with `out`, a new file to write
// the JPEG to, it writes it there and answers { id, spooled: true, width, height }); it makes at most `parallel`
// at a time, in the order asked, and keeps the rest waiting here, so a report can ask for every
// thumbnail at once and lay its pages out while they are made. Asked { id, probe: true, file, box,
// maxPixels }, it reads only the file's header and answers at once { id, probe: true, width, height }:
// the size the thumbnail will have (width null when the file is no image it would make). Asked
// { done: true }, it answers its CPU time and peak memory once every thumbnail asked for before is
// answered; a forked worker then ends itself, so its memory goes back while the report still works.
// `threads` (in each request) is how many threads the image library gives one image. Any change to
// the thumbnail made here must change CACHE_FORMAT in thumbnail-cache.ts, or thumbnails made the old way go on
// being used from the disk cache.
import fs from 'node:fs';
import v8 from 'node:v8';
import sharp from 'sharp';

// The process runs beside the report's layout, so its memory adds to the report's: V8's young generation
// is kept at its first size instead of doubling as answers are sent (heap 12 MiB instead of 25 after 400
// screenshots; the process's peak 91 MiB instead of 117, measured here, for the same CPU time).
v8.setFlagsFromString('--semi-space-growth-factor=1');

// Each image is read once, so libvips's own cache of operations and open files would only hold memory.
sharp.cache(false);

const port = process.parentPort ?? null;
const send = (message) => (port ? port.postMessage(message) : process.send(message));

/**
 * Fitted inside the box (never enlarged), turned upright, flattened onto white (pdfkit must decode a
 * PNG with transparency pixel by pixel) and stored as JPEG, which PDF embeds as it is.
 */
async function thumbnail({ id, file, box, maxPixels, out }) {
  try {
    const { data, info } = await sharp(file, { limitInputPixels: maxPixels, sequentialRead: true, failOn: 'error' })
      .rotate()
      .resize(box[0], box[1], { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 85, chromaSubsampling: '4:4:4', mozjpeg: false })
      .toBuffer({ resolveWithObject: true });
    if (typeof out === 'string') {
      // Into the new file the report named (never one already there), and only its name through the channel:
      // a report laying its pages out reads no answer until it is done, and this process need not wait for it.
      const fd = fs.openSync(out, 'wx', 0o600);
      try {
        fs.writeFileSync(fd, data);
      } catch (error) {
        // (A full disk: what it wrote of it is removed; the file was this process's own.)
        fs.closeSync(fd);
        fs.rmSync(out, { force: true });
        throw error;
      }
      fs.closeSync(fd);
      send({ id, spooled: true, width: info.width, height: info.height });
    } else {
      // A copy of the bytes alone: a view would carry its whole backing store through the channel.
      send({ id, jpeg: new Uint8Array(data), width: info.width, height: info.height });
    }
  } catch {
    send({ id, jpeg: null });
  }
}

/**
 * The size `thumbnail` gives this file, from its header alone: upright, fitted inside the box, never
 * enlarged (sharp's own rule for `fit: 'inside'`: the limiting side fills the box, the other is rounded;
 * the JPEG's own size is what the PDF records, so a pixel's difference only moves nothing visible).
 * A file sharp would refuse (too many pixels, no image) has none.
 */
async function probe({ id, file, box, maxPixels }) {
  try {
    const meta = await sharp(file, { limitInputPixels: maxPixels, failOn: 'error' }).metadata();
    const upright = (meta.orientation ?? 1) >= 5;
    const [w, h] = upright ? [meta.height, meta.width] : [meta.width, meta.height];
    if (!(w > 0 && h > 0) || w * h > maxPixels) throw new Error('not printable');
    let width = w;
    let height = h;
    if (w > box[0] || h > box[1]) {
      if (w / box[0] >= h / box[1]) {
        width = box[0];
        height = Math.max(1, Math.round((h * box[0]) / w));
      } else {
        height = box[1];
        width = Math.max(1, Math.round((w * box[1]) / h));
      }
    }
    send({ id, probe: true, width, height });
  } catch {
    send({ id, probe: true, width: null });
  }
}

const waiting = [];
let running = 0;
let probing = 0;
let closing = false;

function next() {
  while (waiting.length && running < (waiting[0].parallel ?? 1)) {
    const job = waiting.shift();
    if (Number.isInteger(job.threads) && job.threads > 0 && sharp.concurrency() !== job.threads) sharp.concurrency(job.threads);
    running += 1;
    void thumbnail(job).finally(() => {
      running -= 1;
      next();
    });
  }
  if (closing && running === 0 && probing === 0 && waiting.length === 0) finish();
}

function finish() {
  closing = false;
  const cpu = process.cpuUsage();
  const use = { done: true, cpuMs: (cpu.user + cpu.system) / 1000, peakMiB: process.resourceUsage().maxRSS / 1024 };
  // A forked worker ends itself once its last answer is handed over; a utility process is ended by the report's.
  if (port) send(use);
  else process.send(use, () => process.exit(0));
}

function receive(message) {
  if (message && message.done === true) {
    closing = true;
    return next();
  }
  if (!message || typeof message.id !== 'number' || typeof message.file !== 'string') return;
  if (message.probe === true) {
    probing += 1;
    return void probe(message).finally(() => {
      probing -= 1;
      next();
    });
  }
  waiting.push(message);
  next();
}

if (port) port.on('message', (event) => receive(event.data));
else process.on('message', receive);
// The report's process may end first (a closed app): this one ends with it.
if (!port) process.on('disconnect', () => process.exit(0));
send({ ready: true });
