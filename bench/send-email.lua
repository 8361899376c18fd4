-- wrk script: POST /api/email/messages with a bearer token, a 10 kB text body and, when
-- BENCH_ATTACHMENT_KB is set, a PDF-typed attachment of that many kB (base64 in the JSON).
-- The token comes from the environment (BENCH_TOKEN), set by bench/email.
-- whole units only: a cut escape sequence would break the JSON
local function repeat_to(unit, size)
  return string.rep(unit, math.ceil(size / #unit))
end

local line = "Invoice INV-2026-000001 for brand identity work, due 2026-03-31. Thank you!\\n"
local text = repeat_to(line, 10 * 1024)
local attachment = ""
local kb = tonumber(os.getenv("BENCH_ATTACHMENT_KB") or "0")
if kb > 0 then
  -- base64 of arbitrary bytes: 4 characters carry 3 bytes
  local content = repeat_to("JVBERi0xLjcKJeLjz9MKMSAwIG9iago8PC9UeXBlL0NhdGFsb2c+PgplbmRvYmoK", math.ceil(kb * 1024 / 3) * 4)
  attachment = ',"attachments":[{"file_name":"INV-2026-000001.pdf","content_type":"application/pdf","content":"' .. content .. '"}]'
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.body = '{"from":{"address":"billing@lightweight.test","name":"Acme Ltd"},'
  .. '"to":[{"address":"accounts@okafor-sons.example.com","name":"Chukwuemeka Okafor"}],'
  .. '"subject":"Invoice INV-2026-000001","text":"' .. text .. '"'
  .. ',"tags":["invoice"],"metadata":{"invoice_id":"inv_bench"}' .. attachment .. '}'
