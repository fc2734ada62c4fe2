// Navigation to a visit's door from /tech, in an app the phone has: Apple Maps on an iPhone
// (where `geo:` links do nothing), the map app of choice on Android (`geo:`), and Amap
// (高德地图) for Chinese readers, who mostly navigate with it.
import { el, lang, t } from './common.js';

const IOS = /iPhone|iPad|iPod/.test(navigator.userAgent)
  || (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);

/** The navigation buttons of visit `v` (`navigation` of GET /api/tech/visits). */
export function navLinks(v) {
  const n = v.navigation || { geo: v.navigation_url };
  const main = IOS && n.apple_maps ? n.apple_maps : n.geo;
  const links = [el('a', { class: 'button secondary', id: `navigate-${v.id}`, href: main }, t('navigate'))];
  if (lang === 'zh-CN' && n.amap) {
    links.push(' ', el('a', { class: 'button secondary', id: `amap-${v.id}`, href: n.amap, rel: 'noopener' }, t('navigate_amap')));
  }
  return links;
}
