// Rendering stays linear in the number of blocks: equal-program lookups are indexed, and doubling the prompt at most
// about doubles the render time (Handlebars' own lookup compares each block with every earlier one).
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { test } from 'node:test';
import { Dotprompt } from 'dotprompt';
import { renderPrompt } from '../../server/src/core';
import { fasterJavaScriptCompiler, type JsCompilerClass } from '../../server/src/core/fastCompile';

interface Env {
	create(): Env;
	precompile(template: string, options: object): string;
	JavaScriptCompiler: JsCompilerClass;
	Compiler: { prototype: { equals(other: unknown): boolean } };
}

/** `blocks` `{{#if}}` blocks, each with its own text, so no two child programs are equal. */
function distinctBlocks(blocks: number): string {
	let out = '';
	for (let i = 0; i < blocks; i++) out += `{{#if name}}\nSection ${i}: the assistant answers in plain words.\n{{/if}}\n`;
	return out;
}

/** How many times Handlebars' `equals` runs while `env` compiles `template`. */
function equalsCalls(env: Env, template: string): number {
	const proto = env.Compiler.prototype;
	const equals = proto.equals;
	let calls = 0;
	proto.equals = function counted(this: unknown, other: unknown) {
		calls++;
		return equals.call(this, other);
	};
	try {
		env.precompile(template, { noEscape: true });
	} finally {
		proto.equals = equals;
	}
	return calls;
}

test('equal child programs are found without comparing each block with every earlier one', () => {
	const shared = (new Dotprompt() as unknown as { handlebars: Env }).handlebars;
	const own = shared.create();
	const fast = shared.create();
	fast.JavaScriptCompiler = fasterJavaScriptCompiler(own.JavaScriptCompiler);
	const blocks = 2000;
	const template = distinctBlocks(blocks);
	assert.ok(equalsCalls(own, template) > (blocks * blocks) / 4, 'Handlebars\' own lookup is expected to be quadratic');
	assert.ok(equalsCalls(fast, template) <= blocks, 'the indexed lookup compares at most one candidate per block');
	// Repeated blocks still share one program, as upstream: the generated code is the same.
	const repeated = '{{#if a}}x{{/if}}'.repeat(500);
	assert.equal(fast.precompile(repeated, { noEscape: true }), own.precompile(repeated, { noEscape: true }));
});

async function renderMs(source: string): Promise<number> {
	let best = Infinity;
	// The best of three: other jobs share the machine.
	for (let run = 0; run < 3; run++) {
		const start = performance.now();
		const result = await renderPrompt(source, { input: { name: 'Ada' } }, { inputSchema: false });
		best = Math.min(best, performance.now() - start);
		assert.ok(result.ok);
	}
	return best;
}

test('doubling a prompt of distinct blocks at most about doubles the render time', async () => {
	await renderMs(distinctBlocks(200));
	const small = await renderMs(distinctBlocks(3000));
	const large = await renderMs(distinctBlocks(6000));
	// Linear is ×2; quadratic ×4. The bound leaves room for a noisy machine and the garbage collector.
	const ratio = large / small;
	assert.ok(ratio < 3, `×${ratio.toFixed(2)} per doubling (${small.toFixed(0)} → ${large.toFixed(0)} ms)`);
});
