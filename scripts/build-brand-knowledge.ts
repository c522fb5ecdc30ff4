/**
 * `npm run build:knowledge [-- path/to/nsi.json]`: builds the brand table of the shipped
 * merchant knowledge (layers/merchant-knowledge/nodejs/brands.json) from the
 * name-suggestion-index (NSI, BSD-3-Clause): brands, power and pipeline operators and
 * public-transport operators with their OpenStreetMap tags, mapped to the default categories
 * and keyed by the same merchant key the categoriser computes from a bank description; each
 * entry also keeps its finer kind of place (the OSM value: `clothes`, `cafe`, `hardware`), so
 * a person with a "Clothing" label gets it for a clothes shop.
 * Deterministic: the same NSI gives the same file. Progress and counts go to stderr.
 *
 * NSI is 95 MB unpacked and only needed here, so it is not a dependency: without a path the
 * pinned version is fetched from the npm registry into a temporary folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { merchantKey } from '../lambdas/core/categorise/merchant-key';
import type { DefaultCategory } from '../lambdas/core/categorise/taxonomy';

interface NsiItem {
  displayName?: string;
  matchNames?: string[];
  tags?: Record<string, string>;
}

/** OSM key=value (as NSI's `tree/key/value` path ends) → the category a purchase there belongs to. */
const TAG_CATEGORIES: [RegExp, DefaultCategory][] = [
  [
    /^shop\/(supermarket|convenience|grocery|greengrocer|butcher|bakery|pastry|deli|dairy|frozen_food|health_food|cheese|seafood|beverages|wine|alcohol|country_store|general|confectionery|chocolate|nuts|spices|tea|coffee|wholesale|outpost)$/,
    'Groceries',
  ],
  [/^amenity\/(fast_food|restaurant|cafe|bar|pub|ice_cream|food_court|biergarten)$/, 'Dining'],
  [/^amenity\/(fuel|charging_station)$|^man_made\/charge_point$|^shop\/gas$|^waterway\/fuel$/, 'Fuel'],
  [
    /^amenity\/(car_rental|bicycle_rental|car_sharing|parking|bicycle_parking|motorcycle_rental|vehicle_inspection|car_wash)$|^shop\/(car_repair|tyres|car_parts|truck_repair|motorcycle_repair|car|motorcycle|truck)$|^highway\/services$|^route\/|^railway\/station$|^public_transport\//,
    'Transport',
  ],
  [
    /^amenity\/(pharmacy|dentist|clinic|doctors|hospital)$|^healthcare\/|^shop\/(optician|chemist|hearing_aids|medical_supply|nutrition_supplements)$|^leisure\/(fitness_centre|sports_centre)$/,
    'Health',
  ],
  [/^tourism\/(hotel|motel|hostel|caravan_site|guest_house|apartment)$|^shop\/travel_agency$/, 'Travel'],
  [
    /^amenity\/(cinema|casino|theatre|karaoke_box|nightclub)$|^leisure\/(bowling_alley|amusement_arcade|escape_game|trampoline_park|miniature_golf|adult_gaming_centre|indoor_play)$|^tourism\/theme_park$|^shop\/(video_games|music|games|ticket|bookmaker|lottery|video)$/,
    'Entertainment',
  ],
  [
    /^amenity\/(prep_school|school|kindergarten|language_school|music_school|driving_school|university|college|childcare|training)$/,
    'Education',
  ],
  // A carrier's shop and its monthly bill carry the same name; the bill is what statements show.
  [
    /^(shop|office)\/telecommunication$|^shop\/mobile_phone$|^office\/insurance$|^power\/|^pipeline\/|^man_made\/pipeline$/,
    'Utilities & Bills',
  ],
  [/^office\/(estate_agent|mortgage)$|^shop\/storage_rental$/, 'Housing'],
  [/^amenity\/atm$/, 'Cash'],
  [/^amenity\/money_transfer$/, 'Transfers'],
  // Every other shop sells things: clothes, electronics, furniture, books, haircuts.
  [/^shop\//, 'Shopping'],
];

/** Trees of NSI that name who is paid; the rest (flags, schools' operators, …) name no merchant. */
const TREES = [
  /^brands\//,
  /^operators\/(power|pipeline|man_made\/pipeline|amenity\/(charging_station|hospital))/,
  /^transit\/(route|railway\/station)/,
];

/**
 * Keys that are ordinary words in bank text: a brand called "Express" or "Direct" must not
 * answer for every description whose merchant key is that word.
 */
const STOPLIST = new Set([
  'payment',
  'payments',
  'transfer',
  'deposit',
  'interest',
  'fee',
  'fees',
  'online',
  'bank',
  'card',
  'cash',
  'service',
  'services',
  'market',
  'shop',
  'store',
  'express',
  'direct',
  'home',
  'city',
  'central',
  'one',
  'best',
  'united',
  'national',
  'first',
  'the',
  'post',
  'mobile',
  'credit',
  'debit',
  'check',
  'cheque',
  'atm',
  'pos',
  'purchase',
  'refund',
  'charge',
  'charges',
  'salary',
  'rent',
  'loan',
  'savings',
  'account',
  'bill',
  'bills',
  'tax',
  'insurance',
  'energy',
  'power',
  'water',
  'gas',
  'fuel',
  'food',
  'coffee',
  'pizza',
  'burger',
  'bar',
  'pub',
  'cafe',
  'hotel',
  'restaurant',
  'pharmacy',
  'travel',
  'auto',
  'car',
  'parking',
  'taxi',
  'bus',
  'train',
  'metro',
  'rail',
  'airport',
  'school',
  'college',
  'university',
  'hospital',
  'clinic',
  'super',
  'mini',
  'mart',
  'supermarket',
  'kiosk',
  'outlet',
  'plus',
  'max',
  'go',
  'now',
  'pay',
  'cards',
  'digital',
  'international',
  'global',
  'world',
  'new',
  'star',
  'sun',
  'top',
  'smart',
  'family',
  'local',
  'general',
  'public',
  'station',
  'centre',
  'center',
  'park',
  'garden',
  'house',
  'office',
]);

/** Where a brand is as often one thing as another, what a card payment to it most likely was. */
const TIE_ORDER: DefaultCategory[] = [
  'Groceries',
  'Dining',
  'Fuel',
  'Shopping',
  'Health',
  'Transport',
  'Travel',
  'Entertainment',
  'Utilities & Bills',
  'Education',
  'Housing',
  'Cash',
  'Transfers',
];

function categoryOf(path: string): DefaultCategory | null {
  const tail = path.split('/').slice(1).join('/');
  for (const [pattern, category] of TAG_CATEGORIES) if (pattern.test(tail)) return category;
  return null;
}

/** The finer kind of place a path names: its OSM tag value (`clothes`, `cafe`, `hardware`). */
function kindOf(path: string): string {
  return path.split('/').pop()!;
}

function namesOf(item: NsiItem, path: string): string[] {
  const tags = item.tags ?? {};
  const names = [
    item.displayName,
    tags.name,
    tags['name:en'],
    tags.brand,
    tags['brand:en'],
    ...(item.matchNames ?? []),
  ];
  // Transit and operator entries are named by who runs them.
  if (!path.startsWith('brands/')) names.push(tags.operator, tags['operator:en'], tags.network);
  return names.filter((name): name is string => typeof name === 'string' && name.trim().length > 0);
}

/** The NSI release the shipped table is built from: bump it, rebuild, review the diff. */
const NSI_VERSION = '8.0.20260918';

function fetchNsi(): string {
  const folder = mkdtempSync(join(tmpdir(), 'nsi-'));
  process.stderr.write(`build:knowledge: fetching name-suggestion-index@${NSI_VERSION} into ${folder}\n`);
  const tarball = execFileSync(
    'npm',
    ['pack', `name-suggestion-index@${NSI_VERSION}`, '--pack-destination', folder, '--silent'],
    { encoding: 'utf8' },
  )
    .trim()
    .split('\n')
    .pop()!;
  execFileSync('tar', [
    '-xzf',
    join(folder, tarball),
    '-C',
    folder,
    'package/dist/json/nsi.json',
    'package/dist/json/genericWords.json',
    'package/LICENSE.md',
  ]);
  return join(folder, 'package/dist/json/nsi.json');
}

/** The kind of place most of a key's votes within its category name (`clothes` within Shopping). */
function topKind(kinds: Map<string, number>, category: DefaultCategory): string {
  let best = '';
  let bestCount = 0;
  for (const [tagged, count] of [...kinds].sort()) {
    const [from, kind] = tagged.split('|');
    if (from === category && count > bestCount) [best, bestCount] = [kind, count];
  }
  return best;
}

function main(): void {
  const source = process.argv[2] ?? fetchNsi();
  const data = JSON.parse(readFileSync(source, 'utf8')) as {
    _meta: { version: string };
    nsi: Record<string, { items: NsiItem[] }>;
  };
  const generic = (
    JSON.parse(readFileSync(join(source, '../genericWords.json'), 'utf8')) as { genericWords: string[] }
  ).genericWords.map((w) => new RegExp(w, 'i'));
  const votes = new Map<string, Map<DefaultCategory, number>>();
  /** key → `category|kind` → weight: which kind of place, within the category, a key most often is. */
  const kindVotes = new Map<string, Map<string, number>>();
  const unmapped = new Map<string, number>();
  let items = 0;
  for (const [path, { items: entries }] of Object.entries(data.nsi)) {
    if (!TREES.some((tree) => tree.test(path))) continue;
    const category = categoryOf(path);
    if (!category) {
      unmapped.set(path, entries.length);
      continue;
    }
    // A brand's own shops say what it sells; that an oil company also runs pipelines says little.
    const weight = path.startsWith('brands/') ? 3 : 1;
    const kind = kindOf(path);
    for (const item of entries) {
      items += 1;
      const keys = new Set(namesOf(item, path).map((name) => merchantKey(name)));
      for (const key of keys) {
        if (key.length < 3 || /^\d+$/.test(key) || STOPLIST.has(key) || generic.some((g) => g.test(key))) continue;
        const tally = votes.get(key) ?? new Map<DefaultCategory, number>();
        tally.set(category, (tally.get(category) ?? 0) + weight);
        votes.set(key, tally);
        const kinds = kindVotes.get(key) ?? new Map<string, number>();
        kinds.set(`${category}|${kind}`, (kinds.get(`${category}|${kind}`) ?? 0) + weight);
        kindVotes.set(key, kinds);
      }
    }
  }
  const entries: Record<string, [DefaultCategory, number, number, string]> = {};
  const perCategory = new Map<string, number>();
  for (const key of [...votes.keys()].sort()) {
    const kinds = kindVotes.get(key)!;
    // A chain tagged as filling stations and, as often, as their shops (Sheetz, Wawa, Circle K) is paid for fuel.
    const stationShop = topKind(kinds, 'Groceries') === 'convenience';
    const rank = (category: DefaultCategory) => (stationShop && category === 'Fuel' ? -1 : TIE_ORDER.indexOf(category));
    const tally = [...votes.get(key)!].sort((a, b) => b[1] - a[1] || rank(a[0]) - rank(b[0]));
    const total = tally.reduce((sum, [, count]) => sum + count, 0);
    const [category, count] = tally[0];
    entries[key] = [category, Number((count / total).toFixed(2)), Math.round(total), topKind(kinds, category)];
    perCategory.set(category, (perCategory.get(category) ?? 0) + 1);
  }
  const out = {
    version: `1.1.6-nsi.${data._meta.version}`,
    source: `name-suggestion-index ${data._meta.version} (https://github.com/osmlab/name-suggestion-index), BSD-3-Clause; mapped by scripts/build-brand-knowledge.ts`,
    entries,
  };
  const file = join(__dirname, '../layers/merchant-knowledge/nodejs/brands.json');
  // One entry per line: reviewable diffs when NSI is updated.
  const text = `{\n"version": ${JSON.stringify(out.version)},\n"source": ${JSON.stringify(out.source)},\n"entries": {\n${Object.entries(
    entries,
  )
    .map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`)
    .join(',\n')}\n}\n}\n`;
  writeFileSync(file, text);
  process.stderr.write(
    `build:knowledge: ${items} NSI items → ${Object.keys(entries).length} merchant keys, ${(text.length / 1024).toFixed(0)} KiB\n`,
  );
  process.stderr.write(
    `build:knowledge: per category ${JSON.stringify(Object.fromEntries([...perCategory].sort()))}\n`,
  );
  process.stderr.write(
    `build:knowledge: left out (no category) ${[...unmapped]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([p, n]) => `${p} ${n}`)
      .join(', ')} …\n`,
  );
}

main();
