// The helper names the Dotprompt runtime registers (Handlebars' built-ins plus its own); it renders with these only.
export const KNOWN_HELPERS: readonly string[] = ['if', 'unless', 'each', 'with', 'lookup', 'log', 'blockHelperMissing', 'helperMissing', 'role', 'history', 'media', 'section', 'json', 'ifEquals', 'unlessEquals'];
