#!/usr/bin/env python3
"""A local stand-in for the Anthropic Admin API, for tests/cli/test_pull.sh.

Serves GET /v1/organizations/usage_report/messages and /cost_report in the
documented shape (research: anthropic.md section 1), six daily buckets from
2026-01-01 over three usage pages, with pagination by next_page, and the
failures a real network has, chosen by SCENARIO:

  ok       every request answered
  flaky    usage page 1: one 429 with retry-after: 1; page 2: one 500;
           page 3: one body cut short; cost page: one dropped connection
  die      usage page 2: 503 every time (the pull gives up, then resumes)
  badjson  usage page 2: 200 with a body that is not JSON, every time
  slow     usage page 1 answered after 5 seconds (for --timeout)
  same     usage page 1 says has_more with next_page "SAME", and so does SAME
  cycle    usage cursors go A, B, A, B... for ever
  hugeretry usage page 1: one 429 with retry-after: 99999999999999999999
  dateretry usage page 1: one 429 with retry-after as an HTTP-date 1 s ahead
  echo     usage page 1: 400 whose message echoes the key upper-cased and
           cut in two by a character
  echoid   usage page 1: 200 with the key as a workspace_id
  echopage usage page 1: 200 with the key as next_page
  bighead  usage page 1: a 1 MB response header

The Usage and Cost Analytics API (research: anthropic.md section 1.6) is
served too, under /v1/organizations/analytics/usage_report and
/cost_report: the same buckets and paging, cost rows with both amount
(after a 20% discount) and list_amount, a 403 for an Admin key
(sk-ant-admin...), a 400 for starting_at before 2026-01-01 or a range over
31 days. SCENARIO die applies to its usage page 2 as well.

Only 127.0.0.1. Writes its port to PORTFILE, and one line per request to
LOGFILE: time, path, page, the x-api-key header's agreement with KEY, and
the status sent. Nothing of the key itself is logged.
"""
import base64
import calendar
import email.utils
import json
import socketserver
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse

PORTFILE, LOGFILE, SCENARIO, KEY = sys.argv[1:5]
DAYS = ["2026-01-0%d" % d for d in range(1, 8)]
hits = {}


def usage_bucket(i):
    day, end = DAYS[i], DAYS[i + 1]
    rows = [{"model": "claude-sonnet-4-5-20250929", "workspace_id": "wrkspc_pull", "api_key_id": None,
             "account_id": None, "service_account_id": None, "service_tier": "standard",
             "context_window": "0-200k", "inference_geo": "not_available", "speed": None,
             "uncached_input_tokens": 1000000 * (i + 1), "cache_read_input_tokens": 0,
             "cache_creation": {"ephemeral_5m_input_tokens": 0, "ephemeral_1h_input_tokens": 0},
             "output_tokens": 100000, "server_tool_use": {"web_search_requests": 0}}]
    return {"starting_at": day + "T00:00:00Z", "ending_at": end + "T00:00:00Z", "results": rows}


def cost_bucket(i):
    day, end = DAYS[i], DAYS[i + 1]
    rows = [{"currency": "USD", "amount": "%d.00000" % (300 * (i + 1)), "workspace_id": "wrkspc_pull",
             "description": "Claude Sonnet 4.5 Usage - Input Tokens", "cost_type": "tokens",
             "model": "claude-sonnet-4-5-20250929", "token_type": "uncached_input_tokens",
             "service_tier": "standard", "context_window": "0-200k", "inference_geo": "not_available"},
            {"currency": "USD", "amount": "150.00000", "workspace_id": "wrkspc_pull",
             "description": "Claude Sonnet 4.5 Usage - Output Tokens", "cost_type": "tokens",
             "model": "claude-sonnet-4-5-20250929", "token_type": "output_tokens",
             "service_tier": "standard", "context_window": "0-200k", "inference_geo": "not_available"}]
    return {"starting_at": day + "T00:00:00Z", "ending_at": end + "T00:00:00Z", "results": rows}


def analytics_usage_bucket(i):
    b = usage_bucket(i)
    for row in b["results"]:
        for k in ("workspace_id", "api_key_id", "account_id", "service_account_id", "service_tier"):
            row.pop(k)
        row["inference_geo"] = "global"
        row["speed"] = "standard"
        row["requests"] = 10
    return b


def analytics_cost_bucket(i):
    day, end = DAYS[i], DAYS[i + 1]
    rows = []
    for token_type, list_cents in (("uncached_input_tokens", 300 * (i + 1)), ("output_tokens", 150)):
        rows.append({"currency": "USD", "amount": "%.5f" % (list_cents * 0.8),
                     "list_amount": "%d.00000" % list_cents, "cost_type": "tokens",
                     "model": "claude-sonnet-4-5-20250929", "token_type": token_type,
                     "context_window": "0-200k", "inference_geo": "global", "requests": 10})
    return {"starting_at": day + "T00:00:00Z", "ending_at": end + "T00:00:00Z", "results": rows}


def error(status, kind, message):
    return status, json.dumps({"type": "error", "error": {"type": kind, "message": message}})


def analytics_range(q):
    """The buckets of DAYS the query asks for, or an error (status, body)."""
    start = q["starting_at"][0]
    end = q.get("ending_at", ["9999-12-31T00:00:00Z"])[0]
    if start < "2026-01-01T00:00:00Z":
        return error(400, "invalid_request_error", "starting_at must be on or after 2026-01-01T00:00:00Z")
    t0 = calendar.timegm(time.strptime(start[:19], "%Y-%m-%dT%H:%M:%S"))
    t1 = calendar.timegm(time.strptime(min(end, "2026-12-31T00:00:00Z")[:19], "%Y-%m-%dT%H:%M:%S"))
    if "ending_at" in q and t1 - t0 > 31 * 86400:
        return error(400, "invalid_request_error", "the range may be at most 31 days")
    return [i for i in range(6) if start <= DAYS[i] + "T00:00:00Z" < end]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, headers=(), cut=False):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("content-type", "application/json")
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("content-length", str(len(data) + (100 if cut else 0)))
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()
        if cut:
            self.close_connection = True
        return status

    def do_GET(self):
        url = urlparse(self.path)
        q = parse_qs(url.query)
        page = q.get("page", [""])[0]
        key_ok = self.headers.get("x-api-key") == KEY
        status = self.answer(url.path, q, page, key_ok)
        with open(LOGFILE, "a") as log:
            log.write("%.3f %s page=%s key=%s version=%s status=%s\n" % (
                time.time(), url.path, page or "-", "ok" if key_ok else "WRONG",
                self.headers.get("anthropic-version"), status))

    def answer(self, path, q, page, key_ok):
        if not key_ok:
            return self.send(401, json.dumps({"type": "error", "error": {
                "type": "authentication_error", "message": "invalid x-api-key"}}))
        if "starting_at" not in q:
            return self.send(400, json.dumps({"type": "error", "error": {
                "type": "invalid_request_error", "message": "starting_at is required"}}))
        if path.startswith("/v1/organizations/analytics/"):
            return self.analytics(path, q, page)
        if path == "/v1/organizations/usage_report/messages":
            n = int(base64.b64decode(page).decode()) if page and page not in ("SAME", "A", "B") else 0
            name = "usage%d" % n
            hits[name] = hits.get(name, 0) + 1
            first = hits[name] == 1
            if SCENARIO in ("same", "cycle") and page in ("SAME", "A", "B"):
                nxt = {"SAME": "SAME", "A": "B", "B": "A"}[page]
                return self.send(200, json.dumps({"data": [usage_bucket(2)], "has_more": True,
                                                  "next_page": nxt}))
            if SCENARIO in ("same", "cycle") and n == 0:
                return self.send(200, json.dumps({"data": [usage_bucket(0), usage_bucket(1)], "has_more": True,
                                                  "next_page": "SAME" if SCENARIO == "same" else "A"}))
            if SCENARIO == "hugeretry" and n == 0 and first:
                return self.send(429, json.dumps({"type": "error", "error": {
                    "type": "rate_limit_error", "message": "slow down"}}), [("retry-after", "99999999999999999999")])
            if SCENARIO == "dateretry" and n == 0 and first:
                when = email.utils.formatdate(time.time() + 2, usegmt=True)
                return self.send(429, json.dumps({"type": "error", "error": {
                    "type": "rate_limit_error", "message": "slow down"}}), [("retry-after", when)])
            if SCENARIO == "echo" and n == 0:
                cut = KEY[:12] + "#" + KEY[12:]
                return self.send(400, json.dumps({"type": "error", "error": {
                    "type": "invalid_request_error",
                    "message": "bad key %s or %s" % (KEY.upper(), cut)}}))
            if SCENARIO == "echoid" and n == 0:
                b = usage_bucket(0)
                b["results"][0]["workspace_id"] = KEY
                return self.send(200, json.dumps({"data": [b], "has_more": False, "next_page": None}))
            if SCENARIO == "echopage" and n == 0:
                return self.send(200, json.dumps({"data": [usage_bucket(0)], "has_more": True, "next_page": KEY}))
            if SCENARIO == "bighead" and n == 0:
                return self.send(200, "{}", [("x-padding", "a" * (1 << 20))])
            if SCENARIO == "slow" and n == 0:
                time.sleep(5)
            if SCENARIO == "flaky" and n == 0 and first:
                return self.send(429, json.dumps({"type": "error", "error": {
                    "type": "rate_limit_error", "message": "slow down"}}), [("retry-after", "1")])
            if SCENARIO == "flaky" and n == 1 and first:
                return self.send(500, json.dumps({"type": "error", "error": {
                    "type": "api_error", "message": "internal"}}))
            if SCENARIO == "die" and n == 1:
                return self.send(503, "upstream unavailable")
            if SCENARIO == "badjson" and n == 1:
                return self.send(200, "{\"data\": [oops")
            body = {"data": [usage_bucket(2 * n), usage_bucket(2 * n + 1)], "has_more": n < 2,
                    "next_page": base64.b64encode(str(n + 1).encode()).decode() if n < 2 else None}
            text = json.dumps(body)
            if SCENARIO == "flaky" and n == 2 and first:
                return self.send(200, text[: len(text) // 2], cut=True)
            return self.send(200, text)
        if path == "/v1/organizations/cost_report":
            hits["cost"] = hits.get("cost", 0) + 1
            if SCENARIO == "flaky" and hits["cost"] == 1:
                self.close_connection = True
                self.connection.close()
                return "dropped"
            body = {"data": [cost_bucket(i) for i in range(6)], "has_more": False, "next_page": None}
            return self.send(200, json.dumps(body))
        return self.send(404, json.dumps({"type": "error", "error": {
            "type": "not_found_error", "message": "no such endpoint"}}))

    def analytics(self, path, q, page):
        if KEY.startswith("sk-ant-admin"):
            return self.send(*error(403, "permission_error", "an Admin key cannot read analytics"))
        days = analytics_range(q)
        if isinstance(days, tuple):
            return self.send(*days)
        if path == "/v1/organizations/analytics/usage_report":
            n = int(base64.b64decode(page).decode()) if page else 0
            if SCENARIO == "die" and n == 1:
                return self.send(*error(503, "overloaded_error", "try later"))
            chunk = days[2 * n: 2 * n + 2]
            more = 2 * n + 2 < len(days)
            return self.send(200, json.dumps({
                "data": [analytics_usage_bucket(i) for i in chunk], "has_more": more,
                "next_page": base64.b64encode(str(n + 1).encode()).decode() if more else None}))
        if path == "/v1/organizations/analytics/cost_report":
            return self.send(200, json.dumps({"data": [analytics_cost_bucket(i) for i in days],
                                              "has_more": False, "next_page": None}))
        return self.send(*error(404, "not_found_error", "no such endpoint"))


class Server(socketserver.ThreadingMixIn, HTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that timed out and left: expected in the "slow" scenario


server = Server(("127.0.0.1", 0), Handler)
with open(PORTFILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os
os.rename(PORTFILE + ".tmp", PORTFILE)
server.serve_forever()
