-- Headless Neovim (0.7+) check: the Prompt Lens server, started as a plain stdio LSP server,
-- publishes a `template-syntax` diagnostic on the right line of a broken .prompt file.
--
-- Run by runNeovim.ts as:
--   nvim --headless --clean -u NONE -i NONE -n -c "lua dofile(os.getenv('PROMPT_LENS_NVIM_SCRIPT'))"
-- Environment:
--   PROMPT_LENS_ROOT        repository root (required)
--   PROMPT_LENS_SERVER      the server bundle (default: <root>/dist/server.js), run as `node <it> --stdio`
--   PROMPT_LENS_FIXTURE     the .prompt file to open (default: broken.prompt next to this script)
--   PROMPT_LENS_TIMEOUT_MS  how long to wait for the diagnostic (default: 15000)
-- Exits with :qa! (status 0) when the diagnostic arrives, with :cquit (status 1) otherwise.

-- Uses only APIs that exist in Neovim 0.7: vim.lsp.start_client + vim.lsp.buf_attach_client
-- (vim.lsp.start arrived in 0.8) and vim.diagnostic.get.

local EXPECTED_CODE = 'template-syntax'
local EXPECTED_SOURCE = 'Prompt Lens'
-- The diagnostic must be on the line holding this text (`>=` is not Handlebars syntax).
local EXPECTED_LINE_TEXT = '{{#if age >= 18}}'

local function out(message)
	io.stdout:write(message .. '\n')
	io.stdout:flush()
end

local function finish(ok, message)
	out(message)
	if ok then
		vim.cmd('qa!')
	else
		vim.cmd('cquit 1')
	end
end

local function describe(d)
	return string.format(
		'line %d, col %d, severity %s, source %s, code %s: %s',
		d.lnum + 1,
		d.col + 1,
		tostring(d.severity),
		tostring(d.source),
		tostring(d.code),
		(string.gsub(d.message or '', '\n', ' | '))
	)
end

local function find_line(bufnr, needle)
	for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
		if line:find(needle, 1, true) then
			return i - 1
		end
	end
	return nil
end

local function main()
	local root = os.getenv('PROMPT_LENS_ROOT')
	assert(root and root ~= '', 'PROMPT_LENS_ROOT is not set')
	local server = os.getenv('PROMPT_LENS_SERVER')
	if not server or server == '' then
		server = root .. '/dist/server.js'
	end
	assert(vim.loop.fs_stat(server), server .. ' does not exist: run `npm run build` first')
	local fixture = os.getenv('PROMPT_LENS_FIXTURE')
	if not fixture or fixture == '' then
		fixture = root .. '/test/e2e/neovim/broken.prompt'
	end
	local timeout = tonumber(os.getenv('PROMPT_LENS_TIMEOUT_MS') or '') or 15000

	out('nvim ' .. tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) .. '.' .. tostring(vim.version().patch))
	out('fixture: ' .. fixture)

	local exit_info
	local client_id = vim.lsp.start_client({
		name = 'prompt-lens',
		cmd = { 'node', server, '--stdio' },
		root_dir = vim.fn.fnamemodify(fixture, ':h'),
		on_exit = function(code, signal)
			exit_info = string.format('server exited early (code %s, signal %s)', tostring(code), tostring(signal))
		end,
	})
	assert(client_id, 'vim.lsp.start_client returned nil')

	vim.cmd('edit ' .. vim.fn.fnameescape(fixture))
	local bufnr = vim.api.nvim_get_current_buf()
	-- `-u NONE` turns filetype detection off; set the language id the server expects.
	vim.bo[bufnr].filetype = 'dotprompt'
	assert(vim.lsp.buf_attach_client(bufnr, client_id), 'vim.lsp.buf_attach_client failed')

	local expected_lnum = find_line(bufnr, EXPECTED_LINE_TEXT)
	local function matching()
		for _, d in ipairs(vim.diagnostic.get(bufnr)) do
			if d.code == EXPECTED_CODE and d.source == EXPECTED_SOURCE and d.lnum == expected_lnum then
				return d
			end
		end
		return nil
	end

	local started = vim.loop.hrtime()
	local found = vim.wait(timeout, function()
		return matching() ~= nil or exit_info ~= nil
	end, 25)
	local elapsed_ms = math.floor((vim.loop.hrtime() - started) / 1e6)

	local got = vim.diagnostic.get(bufnr)
	out(string.format('received %d diagnostic(s) after %d ms:', #got, elapsed_ms))
	for _, d in ipairs(got) do
		out('  ' .. describe(d))
	end

	local hit = found and matching() or nil
	local early_exit = exit_info
	-- Shut the server down politely so it does not outlive the editor.
	vim.lsp.stop_client(client_id)
	vim.wait(2000, function()
		return vim.lsp.get_client_by_id(client_id) == nil
	end, 25)

	if hit then
		finish(true, 'PASS: ' .. describe(hit))
	elseif early_exit then
		finish(false, 'FAIL: ' .. early_exit)
	elseif expected_lnum == nil then
		finish(false, string.format('FAIL: the fixture has no line containing %q, so no diagnostic can match', EXPECTED_LINE_TEXT))
	else
		finish(false, string.format(
			'FAIL: no %s diagnostic from %q on line %d within %d ms',
			EXPECTED_CODE, EXPECTED_SOURCE, expected_lnum + 1, timeout
		))
	end
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
	finish(false, 'FAIL: ' .. tostring(err))
end
