// A mistyped email domain on /book ("gmial.com"): the common domain it is closest to, by edit
// distance (at most 2), or null when the domain is one of them or near none.
export const COMMON_DOMAINS = ['qq.com', '163.com', '126.com', 'gmail.com', 'outlook.com', 'hotmail.com',
  'sina.com', 'foxmail.com', 'icloud.com', 'yahoo.com'];

/** Levenshtein distance between two short strings. */
export function editDistance(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/** The whole corrected address for `email`, or null. */
export function suggestEmail(email) {
  const at = email.trim().lastIndexOf('@');
  if (at < 1) return null;
  const local = email.trim().slice(0, at);
  const domain = email.trim().slice(at + 1).toLowerCase();
  if (!domain || COMMON_DOMAINS.includes(domain)) return null;
  let best = null;
  for (const common of COMMON_DOMAINS) {
    const d = editDistance(domain, common);
    if (d <= 2 && (!best || d < best.d)) best = { d, common };
  }
  return best ? `${local}@${best.common}` : null;
}
