// Partials: loading the graph (bounded, cycle-safe, never throws), the host's file lookup, the partial rules, and the runtime facts they rely on.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { lint, loadPartialGraph, parsePrompt, renderPrompt, type ChatMessage, type PartialGraph, type PartialSource } from '../../server/src/core';
import { PartialFiles, partialLookupFor } from '../../server/src/host/partials';
import { partialsFrom } from '../support/partialSource';

/** A source over an in-memory folder that records every name it is asked for. */
function memorySource(files: Record<string, string>): PartialSource & { asked: string[] } {
	const asked: string[] = [];
	const source = async (name: string) => {
		asked.push(name);
		return name in files ? { location: `/p/_${name}.prompt`, text: files[name] } : null;
	};
	return Object.assign(source, { asked });
}

async function graphOf(template: string, files: Record<string, string>): Promise<{ graph: PartialGraph; asked: string[] }> {
	const source = memorySource(files);
	return { graph: await loadPartialGraph(parsePrompt(template).doc, source, ['the prompt\'s folder']), asked: source.asked };
}

function summary(graph: PartialGraph): Record<string, string> {
	return Object.fromEntries([...graph.files].map(([name, file]) => [name, file ? file.location : 'missing']));
}

/** The deferred lint rules' findings as `code: text at span`. */
async function deferredLint(template: string, files: Record<string, string>, messages?: ChatMessage[]): Promise<string[]> {
	const { doc } = parsePrompt(template);
	const partials = await loadPartialGraph(doc, memorySource(files), ['the prompt\'s folder']);
	return lint(doc, {}, { partials, messages }, 'deferred').map((d) => `${d.code}: ${doc.text.slice(d.span.start, d.span.end)}`);
}

test('the graph follows partials transitively and reads each name once', async () => {
	const { graph, asked } = await graphOf('{{> a}} {{> b}} {{> a}}', { a: 'A {{> c}}', b: 'B {{> c}} {{> d}}', c: 'C' });
	assert.deepEqual(summary(graph), { a: '/p/_a.prompt', b: '/p/_b.prompt', c: '/p/_c.prompt', d: 'missing' });
	assert.deepEqual([...asked].sort(), ['a', 'b', 'c', 'd']);
	const c = graph.files.get('c');
	assert.equal(c?.doc.text, 'C');
	assert.equal(graph.truncated, undefined);
});

test('the graph reads sub-folder names and partial blocks, but not dynamic partials, @partial-block or inline partials', async () => {
	const template = '{{#*inline "tip"}}Tip{{/inline}}{{> tip}} {{> (lookup . "which")}} {{#> layout}}fallback{{/layout}} {{> shared/footer}}';
	const { graph, asked } = await graphOf(template, { layout: 'L {{> @partial-block}}', 'shared/footer': 'F' });
	assert.deepEqual(summary(graph), { layout: '/p/_layout.prompt', 'shared/footer': '/p/_shared/footer.prompt' });
	assert.deepEqual(asked.sort(), ['layout', 'shared/footer']);
});

test('the graph is cycle-safe: a ↔ b and self-inclusion terminate, each file read once', async () => {
	const { graph, asked } = await graphOf('{{> a}} {{> self}}', { a: '{{> b}}', b: '{{> a}}', self: '{{> self}}' });
	assert.deepEqual(Object.keys(summary(graph)).sort(), ['a', 'b', 'self']);
	assert.equal(asked.length, 3);
});

test('the graph is bounded: at most 100 files, then it says it stopped', async () => {
	const files = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`p${i}`, `{{> p${i + 1}}} {{> q${i}}}`]));
	const { graph, asked } = await graphOf('{{> p0}}', files);
	assert.equal(graph.files.size, 100);
	assert.equal(asked.length, 100);
	assert.equal(graph.truncated, true);
});

test('the graph never throws: a source that rejects, throws or answers nonsense means "not found"', async () => {
	const { doc } = parsePrompt('{{> a}} {{> b}} {{> c}}');
	const source: PartialSource = async (name) => {
		if (name === 'a') throw new Error('EACCES');
		if (name === 'b') return Promise.reject(new Error('gone'));
		return { location: 'x' } as never;
	};
	const graph = await loadPartialGraph(doc, source);
	assert.deepEqual(summary(graph), { a: 'missing', b: 'missing', c: 'missing' });
	const syncThrow = (() => { throw new Error('sync'); }) as unknown as PartialSource;
	assert.deepEqual(summary(await loadPartialGraph(doc, syncThrow)), { a: 'missing', b: 'missing', c: 'missing' });
	assert.equal((await loadPartialGraph(doc, undefined, ['x'])).files.size, 0);
});

test('partial rules stay quiet without a graph (an untitled document has no folder)', () => {
	const { doc } = parsePrompt('{{> missing}} {{> self}}');
	assert.deepEqual(lint(doc, {}, {}, 'deferred'), []);
});

test('partial-not-found: inline partials are defined, also inside the partials the prompt calls; dynamic partials are skipped', async () => {
	assert.deepEqual(await deferredLint('{{#*inline "tone"}}Be brief.{{/inline}}{{> tone}} {{> persona}}', { persona: 'You help. {{> tone}}' }), []);
	assert.deepEqual(await deferredLint('{{> (lookup . "which")}}', {}), []);
	assert.deepEqual(await deferredLint('{{#> banner}}Welcome{{/banner}}', {}), [], 'a partial block renders its fallback');
	assert.deepEqual(await deferredLint('{{#> banner}}{{> sig}}{{/banner}}', {}), ['partial-not-found: {{> sig}}'], 'the fallback itself renders, with its partials');
	assert.deepEqual(await deferredLint('{{#if x}}{{> sig}}{{/if}}', {}), ['partial-not-found: {{> sig}}'], 'it fails whenever the branch renders');
});

test('partial-not-found: a missing partial two levels down is reported on the include in this file, with the chain', async () => {
	const { doc } = parsePrompt('Hi\n{{> a}}');
	const partials = await loadPartialGraph(doc, memorySource({ a: '{{> b}}', b: '{{> c}}' }), ['the prompt\'s folder', 'prompts/partials']);
	const [found] = lint(doc, {}, { partials }, 'deferred');
	assert.equal(doc.text.slice(found.span.start, found.span.end), '{{> a}}');
	assert.match(found.message, /\(a → b → c\)/);
	assert.match(found.message, /no `_c\.prompt` in the prompt's folder, then prompts\/partials/);
	assert.match(found.message, /correct the name in `_b\.prompt`/);
});

test('circular-partial: only unconditional loops; the chain starts at the include in this file', async () => {
	assert.deepEqual(await deferredLint('{{> tree}}', { tree: '{{name}}{{#each children}}{{> tree}}{{/each}}' }), []);
	assert.deepEqual(await deferredLint('{{> a}}', { a: '{{#if more}}{{> b}}{{/if}}', b: '{{> a}}' }), []);
	assert.deepEqual(await deferredLint('{{#if x}}{{> a}}{{/if}}', { a: '{{> b}}', b: '{{> a}}' }), ['circular-partial: {{> a}}'], 'entering the loop conditionally still loops');
	const { doc } = parsePrompt('{{> a}}');
	const partials = await loadPartialGraph(doc, memorySource({ a: '{{#if x}}{{> b}}{{/if}}', b: '{{> c}}', c: '{{> b}}' }));
	assert.match(lint(doc, {}, { partials }, 'deferred')[0].message, /loop: a → b → c → b\. .*Remove the `\{\{> b\}\}` in `_c\.prompt`/);
});

const tmp = mkdtempSync(join(tmpdir(), 'prompt-lens-partials-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function write(path: string, text: string): string {
	const full = join(tmp, path);
	mkdirSync(dirname(full), { recursive: true });
	writeFileSync(full, text);
	return full;
}

test('host: `a/b` is `a/_b.prompt`, next to the prompt first, then in promptLens.partialPaths (relative to the workspace root)', async () => {
	const prompt = write('ws/prompts/chat.prompt', 'Hi {{> footer}}');
	write('ws/prompts/_footer.prompt', 'near');
	write('ws/shared/_footer.prompt', 'far');
	write('ws/shared/_sig.prompt', 'Ada');
	write('ws/shared/legal/_terms.prompt', 'Terms');
	write('ws/shared/_café.prompt', 'unicode');
	const lookup = partialLookupFor(pathToFileURL(prompt).href, ['shared', join(tmp, 'elsewhere')], [join(tmp, 'ws')])!;
	assert.deepEqual(lookup.searched, ['the prompt\'s folder', 'shared', join('..', 'elsewhere'), 'any folder below the prompt\'s (a name without /, as Genkit loads partials)']);
	assert.deepEqual(await lookup.source('footer'), { location: join(tmp, 'ws/prompts/_footer.prompt'), text: 'near' });
	assert.equal((await lookup.source('sig'))?.text, 'Ada');
	assert.equal((await lookup.source('legal/terms'))?.location, join(tmp, 'ws/shared/legal/_terms.prompt'));
	assert.equal((await lookup.source('café'))?.text, 'unicode');
	assert.equal(await lookup.source('nothing'), null);
});

test('host: with PartialFiles, a partial is read once until it is invalidated (a file watcher event)', async () => {
	write('ws/prompts/_cached.prompt', 'first');
	const files = new PartialFiles();
	const lookup = partialLookupFor(pathToFileURL(join(tmp, 'ws/prompts/chat.prompt')).href, [], [join(tmp, 'ws')], files)!;
	assert.equal((await lookup.source('cached'))?.text, 'first');
	write('ws/prompts/_cached.prompt', 'second');
	assert.equal((await lookup.source('cached'))?.text, 'first', 'served from the cache');
	files.invalidate(join(tmp, 'ws/prompts/_cached.prompt'));
	assert.equal((await lookup.source('cached'))?.text, 'second');
	assert.equal(await lookup.source('later'), null);
	write('ws/prompts/_later.prompt', 'created');
	files.invalidate(join(tmp, 'ws/prompts/_later.prompt'));
	assert.equal((await lookup.source('later'))?.text, 'created', 'a missing file is looked for again once created');
});

test('host: a bare name is also found in any folder under prompts/, as Genkit registers every `_name.prompt` there', async () => {
	const prompt = write('genkit/prompts/chat/support.prompt', 'Hi {{> persona}}');
	write('genkit/prompts/partials/_persona.prompt', 'You are kind.');
	write('genkit/other/_stray.prompt', 'outside the prompt folder');
	const files = new PartialFiles();
	const lookup = partialLookupFor(pathToFileURL(prompt).href, [], [join(tmp, 'genkit')], files)!;
	assert.equal(lookup.searched.at(-1), 'any folder below prompts (a name without /, as Genkit loads partials)');
	assert.deepEqual(await lookup.source('persona'), { location: join(tmp, 'genkit/prompts/partials/_persona.prompt'), text: 'You are kind.' });
	assert.equal(await lookup.source('stray'), null, 'only under the prompt folder');
	assert.equal(await lookup.source('partials/persona'), null, 'a path names one file: `partials/_persona.prompt` next to the prompt');
	write('genkit/prompts/more/_signature.prompt', 'Ada');
	assert.equal(await lookup.source('signature'), null, 'the folder walk is kept…');
	files.invalidate(join(tmp, 'genkit/prompts/more/_signature.prompt'), false);
	assert.equal(await lookup.source('signature'), null, 'a partial edited in place changes no names: no new walk');
	files.invalidate(join(tmp, 'genkit/prompts/more/_signature.prompt'));
	assert.equal((await lookup.source('signature'))?.text, 'Ada', '…until the watcher reports a partial file created');
	const outside = write('mono/apps/a/x.prompt', 'Hi {{> header}}');
	write('mono/apps/b/_header.prompt', 'another app\'s partial');
	const mono = partialLookupFor(pathToFileURL(outside).href, [], [join(tmp, 'mono')])!;
	assert.equal(await mono.source('header'), null, 'without a prompts/ folder, only below the prompt\'s own folder');
});

test('host: names that could leave the folders are refused; only file: URIs have partials', async () => {
	write('ws/secret.prompt', 'no');
	write('ws/prompts/_ok.prompt', 'ok');
	const lookup = partialLookupFor(pathToFileURL(join(tmp, 'ws/prompts/chat.prompt')).href)!;
	for (const name of ['../secret', '/etc/passwd', '..\\secret', 'a//b', './ok', 'C:ok', '']) assert.equal(await lookup.source(name), null, name);
	assert.equal((await lookup.source('ok'))?.text, 'ok');
	assert.equal(partialLookupFor('untitled:Untitled-1'), undefined);
	assert.equal(partialLookupFor('vscode-vfs://github/x/y.prompt'), undefined);
});

test('host: a workspace folder is the root of relative partialPaths, also when a folder is named `..x`', () => {
	const prompt = write('ws2/..cfg/chat.prompt', '');
	const lookup = partialLookupFor(pathToFileURL(prompt).href, ['shared'], [join(tmp, 'ws2')])!;
	assert.deepEqual(lookup.folders, [join(tmp, 'ws2/..cfg'), join(tmp, 'ws2/shared')]);
	const outside = partialLookupFor(pathToFileURL(write('other/chat.prompt', '')).href, ['shared'], [join(tmp, 'ws2')])!;
	assert.deepEqual(outside.folders, [join(tmp, 'other'), join(tmp, 'other/shared')], 'outside every root, paths start at the prompt\'s folder');
});

test('a prompt that is itself the partial it includes (`_x.prompt` with `{{> x}}`) is a loop', async () => {
	const file = write('self/_x.prompt', 'Hello {{> x}}');
	const lookup = partialLookupFor(pathToFileURL(file).href)!;
	const { doc } = parsePrompt(readFileSync(file, 'utf8'));
	const partials = await loadPartialGraph(doc, lookup.source, lookup.searched);
	const found = lint(doc, {}, { partials }, 'deferred');
	assert.deepEqual(found.map((d) => d.code), ['circular-partial']);
	assert.match(found[0].message, /Partial `x` includes itself \(x → x\)/);
});

test('partial-not-found with promptLens.partialPaths names every folder searched', async () => {
	const prompt = write('ws3/prompts/chat.prompt', '{{> footer}}');
	const lookup = partialLookupFor(pathToFileURL(prompt).href, ['prompts/partials'], [join(tmp, 'ws3')])!;
	const { doc } = parsePrompt('{{> footer}}');
	const partials = await loadPartialGraph(doc, lookup.source, lookup.searched);
	assert.match(lint(doc, {}, { partials }, 'deferred')[0].message, /no `_footer\.prompt` in the prompt's folder, then prompts\/partials, .*`promptLens\.partialPaths` setting/);
});

test('empty-render: stays quiet when it cannot tell which section rendered (roles a partial switches on data, no render)', async () => {
	const roles = { roles: '{{#if formal}}{{role "system"}}{{/if}}S{{role "user"}}U' };
	assert.deepEqual(await deferredLint('{{> roles}}\n{{role "model"}}', roles, [{ role: 'user', content: 'S' }, { role: 'user', content: 'U' }]), []);
	assert.deepEqual(await deferredLint('{{#if a}}{{> roles}}{{/if}}\n{{role "model"}}', { roles: '{{role "user"}}U' }, [{ role: 'user', content: 'U' }]), []);
	assert.deepEqual(await deferredLint('{{role "system"}}\n{{role "user"}}Hi', {}, undefined), [], 'no messages: the render failed');
	assert.deepEqual(await deferredLint('{{#if a}}{{role "system"}}S{{/if}}{{role "user"}}U', {}, [{ role: 'user', content: 'U' }]), []);
	assert.deepEqual(await deferredLint('', {}, []), [], 'a brand-new empty file');
	assert.deepEqual(await deferredLint('{{history}}', {}, []), [], '{{history}} alone sends the conversation');
});

test('empty-render: role markers in a partial count where it is called (the runtime drops the empty `model` section)', async () => {
	const roles = { roles: '{{role "system"}}S{{role "user"}}U' };
	const messages = [{ role: 'system', content: 'S' }, { role: 'user', content: 'U' }];
	assert.deepEqual(await deferredLint('{{> roles}}\n{{role "model"}}', roles, messages), ['empty-render: {{role "model"}}']);
	assert.deepEqual(await deferredLint('{{> roles}}\n{{role "model"}}OK', roles, [...messages, { role: 'assistant', content: 'OK' }]), []);
	assert.deepEqual(await deferredLint('{{role "model"}}Hi\n{{> roles}}', roles, [{ role: 'assistant', content: 'Hi\n' }, ...messages]), []);
});

test('empty-render: a media-only message is a message; an empty section between two is reported on its marker', async () => {
	const template = '{{role "system"}}Look.\n{{role "user"}}{{media url=u}}\n{{role "model"}}{{x}}\n{{role "user"}}Well?';
	const messages = [{ role: 'system', content: 'Look.\n' }, { role: 'user', content: '' }, { role: 'user', content: 'Well?' }];
	assert.deepEqual(await deferredLint(template, {}, messages), ['empty-render: {{role "model"}}']);
});

// The facts the rules' messages state, pinned against the real runtime.
const withTimeout = <T>(promise: Promise<T>) => Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('render did not finish in 5 s')), 5000))]);

test('runtime: a missing partial fails the render; so does an empty partial file', async () => {
	assert.deepEqual(await renderPrompt('Hi {{> nope}}', {}, { partialSource: partialsFrom(() => null) }), { ok: false, message: 'The partial nope could not be found' });
	assert.deepEqual(await renderPrompt('Hi {{> empty}}', {}, { partialSource: partialsFrom(() => '') }), { ok: false, message: 'The partial empty could not be found' });
});

test('runtime: a partial block never asks the resolver and renders its fallback (Dotprompt 1.1.2)', async () => {
	const asked: string[] = [];
	const result = await renderPrompt('Hi {{#> banner}}fallback{{/banner}}', {}, { partialSource: partialsFrom((name) => (asked.push(name), 'FILE')) });
	assert.ok(result.ok);
	assert.deepEqual(result.prompt.messages, [{ role: 'user', content: [{ text: 'Hi fallback' }] }]);
	assert.deepEqual(asked, []);
});

test('runtime: a partial loop overflows the stack quickly instead of hanging; a data-bounded recursion renders', async () => {
	const files: Record<string, string> = { a: 'A {{> b}}', b: 'B {{> a}}', tree: '{{name}}{{#each children}}({{> tree}}){{/each}}' };
	const partialSource = partialsFrom((name) => files[name]);
	assert.deepEqual(await withTimeout(renderPrompt('{{> a}}', {}, { partialSource })), { ok: false, message: 'Maximum call stack size exceeded' });
	const tree = await withTimeout(renderPrompt('{{> tree}}', { input: { name: 'r', children: [{ name: 'c' }] } }, { partialSource }));
	assert.ok(tree.ok);
	assert.deepEqual(tree.prompt.messages, [{ role: 'user', content: [{ text: 'r(c)' }] }]);
});

test('runtime: empty and whitespace-only sections are dropped, never sent as empty messages', async () => {
	const result = await renderPrompt('{{role "system"}}{{x}}  \n{{role "user"}}Hi{{role "model"}}   ');
	assert.ok(result.ok);
	assert.deepEqual(result.prompt.messages, [{ role: 'user', content: [{ text: 'Hi' }] }]);
});
