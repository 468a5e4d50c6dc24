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
// Asked { id, file, box: [width, height], maxPixels }, it answers { id, jpeg, width, height }, or
// { id, jpeg: null } when the file is not an image that can be decoded. Asked { done: true }, it
// answers its CPU time and peak memory, and the report's process then ends it. Any change to the
// thumbnail made here must change CACHE_FORMAT in images.ts, or thumbnails made the old way go on being
// used from the disk cache.
import sharp from 'sharp';

// Each image is read once, so libvips's own cache of operations and open files would only hold memory.
sharp.cache(false);

const port = process.parentPort ?? null;
const send = (message) => (port ? port.postMessage(message) : process.send(message));

/**
 * Fitted inside the box (never enlarged), turned upright, flattened onto white (pdfkit must decode a
 * PNG with transparency pixel by pixel) and stored as JPEG, which PDF embeds as it is.
 */
async function thumbnail({ id, file, box, maxPixels }) {
  try {
    const { data, info } = await sharp(file, { limitInputPixels: maxPixels, sequentialRead: true, failOn: 'error' })
      .rotate()
      .resize(box[0], box[1], { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 85, chromaSubsampling: '4:4:4', mozjpeg: false })
      .toBuffer({ resolveWithObject: true });
    // A copy of the bytes alone: a view would carry its whole backing store through the channel.
    send({ id, jpeg: new Uint8Array(data), width: info.width, height: info.height });
  } catch {
    send({ id, jpeg: null });
  }
}

function receive(message) {
  if (message && message.done === true) {
    const cpu = process.cpuUsage();
    send({ done: true, cpuMs: (cpu.user + cpu.system) / 1000, peakMiB: process.resourceUsage().maxRSS / 1024 });
    return;
  }
  if (message && typeof message.id === 'number' && typeof message.file === 'string') void thumbnail(message);
}

if (port) port.on('message', (event) => receive(event.data));
else process.on('message', receive);
// The report's process may end first (a closed app): this one ends with it.
if (!port) process.on('disconnect', () => process.exit(0));
send({ ready: true });
