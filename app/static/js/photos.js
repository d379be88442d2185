// Makes photos smaller on the phone before they are queued: decoded with the camera's orientation applied,
// drawn on a canvas (which drops EXIF/GPS and other metadata) and saved as JPEG, long edge at most 2048 px.
// One photo at a time and every bitmap closed, so a phone's tab is not killed by a 50-megapixel photo.
// The server still checks and cleans every photo itself.

const QUALITY = 0.85;

function canvasFor(width, height) {
  if (typeof OffscreenCanvas !== "undefined") return new OffscreenCanvas(width, height);
  return Object.assign(document.createElement("canvas"), { width, height });
}

function toJpeg(canvas) {
  if (canvas.convertToBlob) return canvas.convertToBlob({ type: "image/jpeg", quality: QUALITY });
  return new Promise((resolve, reject) => canvas.toBlob(
    (blob) => (blob ? resolve(blob) : reject(new Error("could not encode"))), "image/jpeg", QUALITY));
}

async function decode(file) {
  if (typeof createImageBitmap === "function") {
    try {
      return await createImageBitmap(file, { imageOrientation: "from-image" });
    } catch {
      // Safari before 17 rejects the options bag; it applies EXIF orientation by itself anyway.
      try { return await createImageBitmap(file); } catch { /* fall through to <img> */ }
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    return image;  // <img> honours EXIF orientation in current browsers (image-orientation: from-image)
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Returns {blob, width, height, name} or throws Error with a message for the teacher. */
export async function downscale(file, maxLongEdge = 2048) {
  let source;
  try {
    source = await decode(file);
  } catch {
    throw new Error(`“${file.name || "This photo"}” could not be opened. Try a different photo.`);
  }
  try {
    const width = source.width || source.naturalWidth;
    const height = source.height || source.naturalHeight;
    const scale = Math.min(1, maxLongEdge / Math.max(width, height));
    const outWidth = Math.max(1, Math.round(width * scale));
    const outHeight = Math.max(1, Math.round(height * scale));
    const canvas = canvasFor(outWidth, outHeight);
    const context = canvas.getContext("2d");
    context.fillStyle = "#fff";  // transparent PNGs become white, not black, as JPEG
    context.fillRect(0, 0, outWidth, outHeight);
    context.drawImage(source, 0, 0, outWidth, outHeight);
    const blob = await toJpeg(canvas);
    canvas.width = canvas.height = 0;  // let the phone reclaim the canvas memory now
    const base = (file.name || "photo").replace(/\.[^.]*$/, "");
    return { blob, width: outWidth, height: outHeight, name: `${base}.jpg` };
  } finally {
    source.close?.();
  }
}
