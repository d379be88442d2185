// X's weighted length as twitter-text v3 counts it (like the server's twitter-text-parser): NFC; a URL is 23;
// an emoji (even a family or a flag) 2; Latin and punctuation 1; CJK and others 2. Kept light: only common
// generic TLDs are known (all country ones are) and non-standard emoji ZWJ sequences count as one emoji.
// The server's check decides; this is the live guide while typing.

const raw = String.raw;
export const X_MAX = 280;
const SCALE = 100;
const URL_WEIGHT = 23 * SCALE;
const DEFAULT_WEIGHT = 200;
const LIGHT_RANGES = [[0, 4351], [8192, 8205], [8208, 8223], [8242, 8247]];

const GTLDS = "academy|aero|app|art|asia|biz|blog|cat|charity|click|club|college|com|community|coop|design|dev|" +
  "education|edu|email|events|family|foundation|gov|guru|info|int|jobs|life|link|live|london|ltd|media|mil|" +
  "mobi|museum|name|net|news|ngo|online|org|page|photo|photos|pro|school|scot|shop|site|social|space|store|" +
  "studio|tech|tel|today|travel|university|wales|website|wiki|world|xyz|cymru";
const CCTLDS = "한국|香港|澳門|新加坡|台灣|台湾|中國|中国|გე|ລາວ|ไทย|ලංකා|ഭാരതം|ಭಾರತ|భారత్|சிங்கப்பூர்|இலங்கை|இந்தியா|ଭାରତ|ભારત|ਭਾਰਤ|ভাৰত|ভারত|বাংলা|भारोत|भारतम्|भारत|ڀارت|پاکستان|موريتانيا|مليسيا|مصر|قطر|فلسطين|عمان|عراق|سورية|سودان|تونس|بھارت|بارت|ایران|امارات|المغرب|السعودية|الجزائر|البحرين|الاردن|հայ|қаз|укр|срб|рф|мон|мкд|ею|бел|бг|ευ|ελ|zw|zm|za|yt|ye|ws|wf|vu|vn|vi|vg|ve|vc|va|uz|uy|us|um|uk|ug|ua|tz|tw|tv|tt|tr|tp|to|tn|tm|tl|tk|tj|th|tg|tf|td|tc|sz|sy|sx|sv|su|st|ss|sr|so|sn|sm|sl|sk|sj|si|sh|sg|se|sd|sc|sb|sa|rw|ru|rs|ro|re|qa|py|pw|pt|ps|pr|pn|pm|pl|pk|ph|pg|pf|pe|pa|om|nz|nu|nr|np|no|nl|ni|ng|nf|ne|nc|na|mz|my|mx|mw|mv|mu|mt|ms|mr|mq|mp|mo|mn|mm|ml|mk|mh|mg|mf|me|md|mc|ma|ly|lv|lu|lt|ls|lr|lk|li|lc|lb|la|kz|ky|kw|kr|kp|kn|km|ki|kh|kg|ke|jp|jo|jm|je|it|is|ir|iq|io|in|im|il|ie|id|hu|ht|hr|hn|hm|hk|gy|gw|gu|gt|gs|gr|gq|gp|gn|gm|gl|gi|gh|gg|gf|ge|gd|gb|ga|fr|fo|fm|fk|fj|fi|eu|et|es|er|eh|eg|ee|ec|dz|do|dm|dk|dj|de|cz|cy|cx|cw|cv|cu|cr|co|cn|cm|cl|ck|ci|ch|cg|cf|cd|cc|ca|bz|by|bw|bv|bt|bs|br|bq|bo|bn|bm|bl|bj|bi|bh|bg|bf|be|bd|bb|ba|az|ax|aw|au|at|as|ar|aq|ao|an|am|al|ai|ag|af|ae|ad|ac";

const LATIN = raw`\xC0-\xD6\xD8-\xF6\xF8-\xFF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B\u0263\u0268\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF`;
const CYRILLIC = raw`\u0400-\u04FF`;
const DIRECTIONAL = raw`\u202A-\u202E\u061C\u200E\u200F\u2066-\u2069`;
const INVALID = raw`\uFFFE\uFEFF\uFFFF`;
const SPACES = raw`\t-\r \x85\xA0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000`;
const PUNCT = raw`!'#%&()*+,\\\-./:;<=>?@\[\]^_{|}~$`;
const DOMAIN_CHAR = `[^${PUNCT}${SPACES}${INVALID}${DIRECTIONAL}]`;
const SUBDOMAIN = `(?:(?:${DOMAIN_CHAR}(?:[_\\-]|${DOMAIN_CHAR})*)?${DOMAIN_CHAR}\\.)`;
const DOMAIN_NAME = `(?:(?:${DOMAIN_CHAR}(?:-|${DOMAIN_CHAR})*)?${DOMAIN_CHAR}\\.)`;
const TLD_END = "(?=[^0-9a-zA-Z@+\\-]|$)";
const TLD = `(?:(?:${GTLDS})${TLD_END}|(?:${CCTLDS})${TLD_END}|xn--[\\-0-9a-z]+)`;
const DOMAIN = `(?:${SUBDOMAIN}*${DOMAIN_NAME}${TLD})`;
const PATH_CHAR = `[a-z${CYRILLIC}0-9!*';:=+,.$/%#\\[\\]\\-\\u2013_~@|&${LATIN}]`;
const PARENS = `\\((?:${PATH_CHAR}+|(?:${PATH_CHAR}*\\(${PATH_CHAR}+\\)${PATH_CHAR}*))\\)`;
const PATH_END = `(?:[+\\-a-z${CYRILLIC}0-9=_#/${LATIN}]|${PARENS})`;
const PATH = `(?:(?:${PATH_CHAR}*(?:${PARENS}${PATH_CHAR}*)*${PATH_END})|(?:@${PATH_CHAR}+/))`;
const QUERY = raw`(\?[a-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]*[a-z0-9\-_&=#/])?`;
const PRECEDING = `(?:[^A-Za-z0-9@＠$#＃${INVALID}]|[${DIRECTIONAL}]|^)`;
const EXTRACT_URL = new RegExp(
  // eslint-disable-next-line no-misleading-character-class -- twitter-text's own classes, kept as X counts
  `((${PRECEDING})((https?:\\/\\/)?(${DOMAIN})(?::([0-9]+))?(\\/${PATH}*)?${QUERY}))`, "giu");
// eslint-disable-next-line no-misleading-character-class -- as above
const ASCII_DOMAIN = new RegExp(`(?:(?:[\\-a-z0-9${LATIN}]+)\\.)+${TLD}`, "giu");
const TCO = /^https?:\/\/t\.co\/([a-z0-9]+)(?:\?[a-z0-9!?*'@();:&=+$/%#[\]\-_.,~|]*[a-z0-9\-_&=#/])?/iu;
const EMOJI = new RegExp(raw`\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3|` +
  raw`\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})?(?:[\u{E0020}-\u{E007E}]+\u{E007F})?` +
  raw`(?:\u200D\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})?)*`, "gu");

function punycodeDomain(domain) {
  // The browser's URL parser does IDNA (to punycode); X then needs each label to be 1-63 characters.
  let ascii = domain.toLowerCase();
  if (/[^\x00-\x7f]/.test(domain)) {  // eslint-disable-line no-control-regex -- any non-ASCII character
    try { ascii = new URL(`http://${domain}`).hostname; } catch { return null; }
  }
  return ascii.split(".").every((label) => label.length > 0 && label.length <= 63) ? ascii : null;
}

function isValidUrl(url, protocol, domain) {
  const ascii = punycodeDomain(domain);
  return ascii !== null && protocol.length + url.length + ascii.length - domain.length <= 4096;
}

/** [start, end) UTF-16 offsets of the URLs X would link (with or without http://). */
export function urlSpans(text) {
  if (!text.includes(".")) return [];
  const spans = [];
  for (const match of text.matchAll(EXTRACT_URL)) {
    const [, , before, url, protocol, domain, , path] = match;
    const end = match.index + match[0].length;
    const start = end - url.length;
    if (!isValidUrl(url, protocol || "https://", domain)) continue;
    if (!protocol) {
      if (/[-_./]$/.test(before)) continue;
      let last = null;
      for (const part of domain.matchAll(ASCII_DOMAIN)) {
        last = [start + part.index, start + part.index + part[0].length];
        spans.push(last);
      }
      if (last && path) last[1] = end;
    } else {
      const tco = url.match(TCO);
      if (tco && tco[1].length > 40) continue;
      spans.push([start, tco ? start + tco[0].length : end]);
    }
  }
  return spans;
}

function codePointWeight(codePoint) {
  return LIGHT_RANGES.some(([low, high]) => codePoint >= low && codePoint <= high) ? SCALE : DEFAULT_WEIGHT;
}

/** The length X uses to decide whether a post fits in 280. */
export function xWeightedLength(input) {
  const text = input.normalize("NFC").replace(/\r\n|\r|\n/g, "\n");
  const urls = new Map(/** @type {[number, number][]} */ (urlSpans(text)));
  const emoji = new Map([...text.matchAll(EMOJI)].map((m) => [m.index, m.index + m[0].length]));
  let weight = 0;
  let index = 0;
  while (index < text.length) {
    if (urls.has(index)) {
      weight += URL_WEIGHT;
      index = urls.get(index);
    } else if (emoji.has(index)) {
      weight += DEFAULT_WEIGHT;
      index = emoji.get(index);
    } else {
      const codePoint = text.codePointAt(index);
      weight += codePointWeight(codePoint);
      index += codePoint > 0xffff ? 2 : 1;
    }
  }
  return Math.floor(weight / SCALE);
}
