#!/usr/bin/env python3
"""Server time and transfer size of pages as a demo account sees them (issue 18's "per page"
figures). Against a running server (default http://127.0.0.1:3000, the demo password):

    scripts/page-figures.py [--base URL] czczj:/projects czczj:/regulator/findings gys:/supplier/bids cgzx:/

Each page is fetched three times after signing in; it prints the last time (warm) and the size
of the HTML sent. Standard library only."""
import argparse, http.cookiejar, time, urllib.parse, urllib.request

ap = argparse.ArgumentParser()
ap.add_argument("--base", default="http://127.0.0.1:3000")
ap.add_argument("--password", default="Yiwang-2026")
ap.add_argument("pages", nargs="+", help="user:/path")
a = ap.parse_args()
sessions = {}
for spec in a.pages:
    user, path = spec.split(":", 1)
    if user not in sessions:
        jar = http.cookiejar.CookieJar()
        op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        body = urllib.parse.urlencode({"username": user, "password": a.password, "next": ""}).encode()
        op.open(urllib.request.Request(a.base + "/login", data=body, headers={"Origin": a.base}))
        sessions[user] = op
    op = sessions[user]
    for _ in range(3):
        t = time.time()
        html = op.open(a.base + path).read()
        ms = (time.time() - t) * 1000
    print(f"{user:8} {path:32} {ms:7.0f} ms {len(html):9,} B")
