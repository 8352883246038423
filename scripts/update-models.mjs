// Regenerates server/src/core/models/catalog.json from the price data bundled in @pydantic/genai-prices (`npm run update-models`).
//
// Usage: node scripts/update-models.mjs [--date YYYY-MM-DD] [--check]
//   --date   the snapshot date; by default the npm publish date of the installed genai-prices version
//            (the data itself carries no date), asked of the registry with `npm view`; when the registry
//            cannot be reached, the date already in catalog.json is kept if its version is the same.
//   --check  exit 1 when catalog.json is not what this script would write (for CI).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PACKAGE = '@pydantic/genai-prices';
const REPO_URL = 'https://github.com/pydantic/genai-prices';
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'server/src/core/models/catalog.json');

/** Per-million-token text prices we keep; everything else (audio, images, searches, requests) is left out. */
const KEPT = { input: 'input_mtok', output: 'output_mtok', cached: 'cache_read_mtok' };

function parseArgs(argv) {
	const args = { date: undefined, check: false };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--check') args.check = true;
		else if (argv[i] === '--date') args.date = argv[++i];
		else if (argv[i].startsWith('--date=')) args.date = argv[i].slice('--date='.length);
		else throw new Error(`unknown argument ${argv[i]}`);
	}
	if (args.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(args.date)) throw new Error(`--date wants YYYY-MM-DD, got ${args.date}`);
	return args;
}

async function loadPackage() {
	const require = createRequire(join(ROOT, 'package.json'));
	const main = require.resolve(PACKAGE);
	const pkgDir = join(dirname(main), '..');
	const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
	const lib = await import(pathToFileURL(join(pkgDir, 'dist/index.js')).href);
	// The public API hands out the bundled data: waitForUpdate() resolves to it until updatePrices() is used.
	const providers = await lib.waitForUpdate();
	if (!Array.isArray(providers) || providers.length === 0) throw new Error(`${PACKAGE} ${version} returned no provider data`);
	return { version, providers };
}

/** The publish date of this exact version, from the registry; the bundled data has no date of its own. */
function snapshotDate(version, explicit) {
	if (explicit) return explicit;
	try {
		const out = execFileSync('npm', ['view', `${PACKAGE}@${version}`, 'time', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
		const published = JSON.parse(out)[version];
		if (typeof published === 'string') return published.slice(0, 10);
	} catch {
		// offline: fall through
	}
	if (existsSync(OUT)) {
		const previous = JSON.parse(readFileSync(OUT, 'utf8')).source;
		if (previous?.version === version) return previous.date;
	}
	throw new Error(`cannot find the publish date of ${PACKAGE}@${version}; pass --date YYYY-MM-DD`);
}

const TIME_NOTE = 'the price also depends on the time of day (peak / off-peak); the all-day default is shown';

/** Conditional prices: the one in force on the snapshot date. Time-of-day (off-peak) prices are not modeled. */
function pickPrices(prices, date, notes) {
	if (!Array.isArray(prices)) return prices;
	let chosen = prices[0].prices;
	for (const entry of prices) {
		const c = entry.constraint;
		if (c === undefined || c === null) continue;
		if (c.type === 'start_date' && c.start_date <= date) chosen = entry.prices;
		else if (c.type === 'start_date') notes.push(`changes on ${c.start_date}`);
		else if (c.type === 'time_of_date' && !notes.includes(TIME_NOTE)) notes.push(TIME_NOTE);
	}
	return chosen;
}

const round = (n) => Math.round(n * 1e9) / 1e9;
const base = (v) => (typeof v === 'number' ? v : v && typeof v.base === 'number' ? v.base : undefined);
const thresholds = (v) => (v && typeof v === 'object' && Array.isArray(v.tiers) ? v.tiers.map((t) => t.start) : []);

/** The rate of a (possibly tiered) price once input exceeds `above`. */
function rateAbove(v, above) {
	if (typeof v === 'number') return v;
	let rate = v.base;
	for (const t of [...v.tiers].sort((a, b) => a.start - b.start)) if (above >= t.start) rate = t.price;
	return rate;
}

function convertPrice(raw) {
	const input = raw[KEPT.input];
	const output = raw[KEPT.output];
	const cached = raw[KEPT.cached];
	if (base(input) === undefined && base(output) === undefined) return undefined;
	const price = { inputPerMTok: round(base(input) ?? 0), outputPerMTok: round(base(output) ?? 0) };
	if (base(cached) !== undefined) price.cachedInputPerMTok = round(base(cached));
	const starts = [...new Set([input, output, cached].flatMap(thresholds))].sort((a, b) => a - b);
	if (starts.length > 0) {
		price.tiers = starts.map((above) => {
			const tier = { aboveInputTokens: above, inputPerMTok: round(input === undefined ? 0 : rateAbove(input, above)), outputPerMTok: round(output === undefined ? 0 : rateAbove(output, above)) };
			if (cached !== undefined) tier.cachedInputPerMTok = round(rateAbove(cached, above));
			return tier;
		});
	}
	return price;
}

/** `equals` alternatives become aliases; what is left (prefixes, substrings, regexes) stays a match rule. */
function splitMatch(match, id) {
	const alternatives = 'or' in match ? match.or : [match];
	const aliases = [];
	const rest = [];
	for (const alt of alternatives) {
		if ('equals' in alt) {
			const name = alt.equals.toLowerCase();
			if (name !== id.toLowerCase() && !aliases.includes(name)) aliases.push(name);
		} else rest.push(alt);
	}
	const rule = rest.length === 0 ? undefined : rest.length === 1 ? rest[0] : { or: rest };
	return { aliases: aliases.sort(), match: rule };
}

function convertModel(provider, model, date) {
	const notes = [];
	const raw = pickPrices(model.prices, date, notes);
	const { aliases, match } = splitMatch(model.match, model.id);
	const out = { id: model.id, provider: provider.id };
	if (model.name) out.name = model.name;
	if (aliases.length > 0) out.aliases = aliases;
	if (match) out.match = match;
	const price = convertPrice(raw);
	if (price) out.price = price;
	if (price && raw[KEPT.output] === undefined && raw[KEPT.input] !== undefined) notes.push('no output price in the data');
	if (notes.length > 0) out.priceNote = notes.join('; ');
	if (typeof model.context_window === 'number') out.contextWindow = model.context_window;
	if (model.deprecated === true) out.deprecated = true;
	return out;
}

function buildCatalog(version, providers, date) {
	const sortedProviders = [...providers].sort((a, b) => a.id.localeCompare(b.id, 'en'));
	return {
		source: { name: PACKAGE, version, url: REPO_URL, date, dateIs: 'npm publish date of this version (the data carries no date)' },
		providers: sortedProviders.map((p) => ({ id: p.id, name: p.name, ...(p.fallback_model_providers ? { fallbacks: p.fallback_model_providers } : {}) })),
		// Within a provider the data's own order is kept (it is sorted by id): match rules are tried first to last.
		models: sortedProviders.flatMap((p) => p.models.map((m) => convertModel(p, m, date))),
	};
}

/** One model per line: small diffs when prices change, and still plain JSON. */
function serialize(catalog) {
	const head = JSON.stringify({ source: catalog.source, providers: catalog.providers }, null, '\t').slice(0, -2);
	const models = catalog.models.map((m) => `\t\t${JSON.stringify(m)}`).join(',\n');
	return `${head},\n\t"models": [\n${models}\n\t]\n}\n`;
}

const args = parseArgs(process.argv.slice(2));
const { version, providers } = await loadPackage();
const date = snapshotDate(version, args.date);
const text = serialize(buildCatalog(version, providers, date));
if (args.check) {
	const same = existsSync(OUT) && readFileSync(OUT, 'utf8') === text;
	console.log(same ? 'catalog.json is up to date' : 'catalog.json is stale: run npm run update-models');
	process.exit(same ? 0 : 1);
}
writeFileSync(OUT, text);
const count = JSON.parse(text).models.length;
console.log(`wrote ${count} models from ${providers.length} providers (${PACKAGE} ${version}, ${date}), ${(Buffer.byteLength(text) / 1024).toFixed(0)} KB`);
