// @ts-check
// Photos made smaller before queuing: decoded upright, drawn on a canvas (drops EXIF/GPS), saved as JPEG.
// Every bitmap closed, so a 50 MP photo does not kill the tab. The server checks and cleans them again.

const QUALITY = 0.8;

function canvasFor(width, height) {
  if (typeof OffscreenCanvas !== "undefined") return new OffscreenCanvas(width, height);
  return Object.assign(document.createElement("canvas"), { width, height });
}

function toJpeg(canvas) {
  if (canvas.convertToBlob) return canvas.convertToBlob({ type: "image/jpeg", quality: QUALITY });
  return new Promise((resolve, reject) => canvas.toBlob(
    (blob) => (blob ? resolve(blob) : reject(new Error("could not encode"))), "image/jpeg", QUALITY));
}

/** @param {Blob} file @returns {Promise<any>} ImageBitmap or an upright <img> */
async function decode(file) {
  if (typeof createImageBitmap === "function") {
    try {
      return await createImageBitmap(file, { imageOrientation: "from-image" });
    } catch {
      // Safari < 17 rejects the options; it applies EXIF orientation anyway.
      try { return await createImageBitmap(file); } catch { /* fall through to <img> */ }
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    return image;  // upright: image-orientation from-image
  } finally {
    URL.revokeObjectURL(url);
  }
}

// False for a file cut short (bad signal): browsers paint the missing part white. JPEG: segments walked to
// the first scan, then EOI (FF D9) must follow; what comes after (gain maps, MPO, trailers) is ignored.
// PNG: IEND at the end (zero padding allowed).
export function complete(b) {
  if (b[0] === 0x89 && b[1] === 0x50) {
    let end = b.length;
    while (end && !b[end - 1]) end--;
    return String.fromCharCode(...b.subarray(end - 8, end - 4)) === "IEND";
  }
  if (b[0] !== 0xff || b[1] !== 0xd8) return true;  // others: the decoder and server judge
  for (let i = 2; i + 3 < b.length;) {
    if (b[i] !== 0xff) return false;
    const m = b[i + 1];
    if (m === 0xff) { i++; continue; }
    if (m === 0xda) {
      for (let j = b.indexOf(0xff, i + 2); j >= 0; j = b.indexOf(0xff, j + 1)) if (b[j + 1] === 0xd9) return true;
      return false;
    }
    i += 2 + (m === 0xd8 || (m >= 0xd0 && m <= 0xd7) ? 0 : (b[i + 2] << 8) | b[i + 3]);
  }
  return false;
}

const isHeif = (b) => /^ftyp(hei[cxsm]|hev[cx]|mif1|msf1)/.test(String.fromCharCode(...b.subarray(4, 12)));

/** @typedef {{max_long_edge?: number, max_bytes?: number, max_pixels?: number, too_many_pixels?: string}} Limits */

/**
 * {blob, width, height, name}; a HEIC this browser can't open: {blob (the original), name, raw} (the server
 * converts it, and can preview it: /api/preview). Throws an Error with a message for the teacher.
 * @param {File} file
 * @param {number | Limits} [limits] the page config's limits (a number: the long edge, as before)
 */
export async function downscale(file, limits = {}) {
  const given = typeof limits === "number" ? { max_long_edge: limits } : limits;
  const maxLongEdge = given.max_long_edge || 2048;
  const maxBytes = given.max_bytes || 30 * 1024 * 1024;
  const name = file.name || "This photo";
  const damaged = new Error(`“${name}” looks damaged or incomplete. Choose another photo.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!complete(bytes)) throw damaged;
  /** @type {any} */
  let source;
  try {
    source = await decode(file);
  } catch {
    if (!isHeif(bytes)) throw damaged;
    if (file.size > maxBytes) throw new Error(`“${name}” is larger than ${maxBytes >> 20} MB. Choose a smaller photo.`);
    return { blob: new Blob([file], { type: "image/heic" }), name: file.name || "photo.heic", raw: true };
  }
  try {
    const width = source.width || source.naturalWidth;
    const height = source.height || source.naturalHeight;
    if (width < 8 || height < 8) throw damaged;
    if (given.max_pixels && width * height > given.max_pixels) {  // the server would refuse it: say so now
      const mp = (n) => `${n >= 1e7 ? Math.round(n / 1e6) : (n / 1e6).toFixed(1)} megapixels`;
      throw new Error((given.too_many_pixels || "This photo is {pixels} ({width} × {height}); the limit is {limit}.")
        .replace("{pixels}", mp(width * height)).replace("{width}", String(width))
        .replace("{height}", String(height)).replace("{limit}", mp(given.max_pixels)));
    }
    const scale = Math.min(1, maxLongEdge / Math.max(width, height));
    const outWidth = Math.max(1, Math.round(width * scale));
    const outHeight = Math.max(1, Math.round(height * scale));
    const canvas = canvasFor(outWidth, outHeight);
    const context = canvas.getContext("2d");
    context.fillStyle = "#fff";  // transparent: white, not black
    context.fillRect(0, 0, outWidth, outHeight);
    context.drawImage(source, 0, 0, outWidth, outHeight);
    const blob = await toJpeg(canvas);
    canvas.width = canvas.height = 0;  // free the memory now
    return { blob, width: outWidth, height: outHeight, name: `${(file.name || "photo").replace(/\.[^.]*$/, "")}.jpg` };
  } finally {
    source.close?.();
  }
}

/**
 * A tiny JPEG (long edge `edge`) of a photo, for the camera-roll reminder; null when it can't be made.
 * @param {Blob} blob
 * @returns {Promise<ArrayBuffer | null>}
 */
export async function thumbnail(blob, edge = 96) {
  try {
    const source = await decode(blob);
    const width = source.width || source.naturalWidth;
    const height = source.height || source.naturalHeight;
    const scale = edge / Math.max(width, height);
    const canvas = canvasFor(Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale)));
    canvas.getContext("2d").drawImage(source, 0, 0, canvas.width, canvas.height);
    source.close?.();
    return await (await toJpeg(canvas)).arrayBuffer();
  } catch {
    return null;
  }
}
