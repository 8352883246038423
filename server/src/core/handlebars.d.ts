// Type declarations for the Handlebars CommonJS internals we import directly (the package types only its public API).
declare module 'handlebars/dist/cjs/handlebars/compiler/parser' {
	const parser: unknown;
	export default parser;
}
declare module 'handlebars/dist/cjs/handlebars/compiler/helpers' {
	export const SourceLocation: unknown;
}
