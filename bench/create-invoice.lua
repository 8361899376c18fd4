-- wrk script: POST /api/invoices with a bearer token and a three-line naira invoice.
-- The token comes from the environment (BENCH_TOKEN), set by bench/invoices-http.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.body = [[
{
  "customer": {
    "name": "Chukwuemeka Okafor & Sons",
    "email": "accounts@okafor-sons.ng",
    "address": {"line1": "Plot 7, Trans-Amadi Industrial Layout", "city": "Port Harcourt", "country": "NG"}
  },
  "currency": "NGN",
  "issue_date": "2026-03-01",
  "due_date": "2026-03-31",
  "lines": [
    {"description": "Brand identity workshop (two days, on site)", "quantity": "1", "unit_price": 150000000, "tax_rate": "7.5"},
    {"description": "Copywriting (per page)", "quantity": "2.5", "unit_price": 2000000, "tax_rate": "7.5", "discount": "10"},
    {"description": "Consulting", "quantity": "0.333", "unit_price": 100000, "tax_rate": "7.5"}
  ],
  "notes": "Thank you for your business.",
  "terms": "Payment due within 30 days."
}
]]
