-- Neovim 0.7 as an independent LSP client of the napkin server.
--   SERVER=/abs/dist/server.js FILE=/abs/design.md nvim -n --headless --clean -c 'luafile test/nvim/lsp-test.lua'
-- Neovim 0.7 has no inlay-hint UI (0.10+) and no `nvim -l` (0.9+): raw requests go through
-- client.request_sync. Prints one line per check and `N passed, N failed`; exits 1 on a failure.

local server, file = os.getenv('SERVER'), os.getenv('FILE')
local passed, failed = 0, 0

local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    io.stdout:write('ok   - ' .. name .. '\n')
  else
    failed = failed + 1
    io.stdout:write('FAIL - ' .. name .. (detail and (': ' .. tostring(detail)) or '') .. '\n')
  end
end

local function finish()
  io.stdout:write(string.format('%d passed, %d failed\n', passed, failed))
  io.stdout:flush()
  os.exit(failed == 0 and 0 or 1)
end

local function codes_of(diagnostics)
  local codes = {}
  for _, d in ipairs(diagnostics) do table.insert(codes, d.code) end
  return table.concat(codes, ',')
end

vim.cmd('edit ' .. file)
local bufnr = vim.api.nvim_get_current_buf()
local published = {}
local started = vim.loop.hrtime()
local id = vim.lsp.start_client({
  name = 'napkin',
  cmd = { 'node', server, '--stdio' },
  root_dir = vim.fn.fnamemodify(file, ':h'),
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      table.insert(published, result)
      vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
    end,
  },
})
vim.lsp.buf_attach_client(bufnr, id)

check('publishDiagnostics received', vim.wait(10000, function() return #published > 0 end, 10))
if #published == 0 then finish() end
io.stdout:write(string.format('# init + first diagnostics in %d ms\n', (vim.loop.hrtime() - started) / 1e6))
local first = published[#published]
check('diagnostic codes are N403, N401', codes_of(first.diagnostics) == 'N403,N401', codes_of(first.diagnostics))
local n401
for _, d in ipairs(first.diagnostics) do if d.code == 'N401' then n401 = d end end
check('N401 links to its rule page', n401 and n401.codeDescription and n401.codeDescription.href:find('docs/rules/N401.md', 1, true) ~= nil)
check('vim.diagnostic.get sees 2 diagnostics', #vim.diagnostic.get(bufnr) == 2, #vim.diagnostic.get(bufnr))

local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
local function find(needle)
  for row, line in ipairs(lines) do
    local col = line:find(needle, 1, true)
    if col then return row - 1, col - 1 end
  end
end

local client, uri = vim.lsp.get_client_by_id(id), vim.uri_from_bufnr(bufnr)
local qps_row, qps_col = find('search_qps  =')
local hover = client.request_sync('textDocument/hover', { textDocument = { uri = uri }, position = { line = qps_row, character = qps_col + 2 } }, 5000, bufnr)
local hover_text = hover and hover.result and hover.result.contents.value or ''
check('hover shows the derivation', hover_text:find('dau × searches\n= 100M users × 5 req/user/day\n= 500M req/day ≈ 5.79K req/s', 1, true) ~= nil, hover_text)
io.stdout:write('# hover: ' .. hover_text:gsub('\n', ' | ') .. '\n')

local hints = client.request_sync('textDocument/inlayHint', {
  textDocument = { uri = uri },
  range = { start = { line = 0, character = 0 }, ['end'] = { line = #lines, character = 0 } },
}, 5000, bufnr)
local labels = {}
for _, hint in ipairs(hints and hints.result or {}) do
  local label = ''
  for _, part in ipairs(hint.label) do label = label .. part.value end
  labels[label] = hint.position
  io.stdout:write(string.format('# hint at %d:%d %s\n', hint.position.line + 1, hint.position.character, label))
end
local lbs_row = find('service      lbs')
check('inlay hint with load and utilisation on lbs', labels['← 16.5K/s · 110% of 15K/s'] ~= nil and labels['← 16.5K/s · 110% of 15K/s'].line == lbs_row)
check('inlay hint with a quantity value', labels['= 5.79K req/s'] ~= nil)

local lb_row, lb_col = find('lb     -> lbs')
local definition = client.request_sync('textDocument/definition', { textDocument = { uri = uri }, position = { line = lb_row, character = lb_col + 10 } }, 5000, bufnr)
local target = definition and definition.result and definition.result[1]
check('definition of lbs is its declaration', target and target.range.start.line == lbs_row, vim.inspect(target))

-- An edit through Neovim's own (incremental) sync: more capacity clears N401.
local cap_row = find('capacity: 5K/s')
local count = #published
vim.api.nvim_buf_set_lines(bufnr, cap_row, cap_row + 1, false, { (lines[cap_row + 1]:gsub('capacity: 5K/s', 'capacity: 6K/s')) })
local cleared = vim.wait(5000, function() return #published > count and codes_of(published[#published].diagnostics) == 'N403' end, 10)
check('after the edit only N403 remains', cleared, codes_of(published[#published].diagnostics))

client.stop()
finish()
