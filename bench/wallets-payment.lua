-- wrk script: POST /api/wallets/payments, each request a new transfer id, a random payer (a token
-- per payer, read from BENCH_TOKENS) and a random business (SHAPE=uniform, BUSINESSES of them) or
-- always biz-1 (SHAPE=hot). Set up by bench/wallets. Non-2xx answers are counted by wrk.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

function init(args)
  tokens = {}
  for line in io.lines(os.getenv("BENCH_TOKENS")) do
    tokens[#tokens + 1] = line
  end
  hot = os.getenv("SHAPE") == "hot"
  businesses = tonumber(os.getenv("BUSINESSES"))
  tag = os.getenv("TAG") .. "-" .. thread_id .. "-"
  sent = 0
  math.randomseed(thread_id * 7919)
end

function request()
  sent = sent + 1
  local payee = hot and "biz-1" or ("biz-" .. math.random(businesses))
  local body = string.format(
    '{"transfer_id":"pay:%s%d","payee":"%s","amount":%d,"currency":"NGN","reference":"inv_bench"}',
    tag, sent, payee, math.random(100, 9999))
  return wrk.format("POST", "/api/wallets/payments", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)],
  }, body)
end
