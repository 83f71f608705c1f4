"""Walk the full demo as each role in headless Chromium: screenshots at laptop and phone width,
and a report of what a user would stumble on (a page wider than the window, raw stored codes).

Needs a running server with the full demo (see BENCHMARKS.md), Debian's chromium and chromedriver,
fonts-noto-cjk and `pip install selenium`. Usage: python3 scripts/walk-pages.py OUT_DIR
(BASE=http://host:port to point elsewhere)."""
import json, os, re, sys, time
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

BASE = os.environ.get("BASE", "http://127.0.0.1:3300")
OUT = sys.argv[1] if len(sys.argv) > 1 else "/tmp/walk/shots"
os.makedirs(OUT, exist_ok=True)

ROLES = {
    "admin": ["/", "/projects", "/regulator/dashboard"],
    "czczj": ["/", "/projects", "/regulator/dashboard", "/regulator/records", "/regulator/analytics", "/regulator/monitor", "/regulator/findings",
              "/regulator/cases", "/regulator/approvals", "/regulator/risk", "/regulator/suppliers"],
    "tnjyj": ["/", "/plans", "/projects", "/plans/new", "/cases"],
    "dljg": ["/", "/projects"],
    "cgzx": ["/", "/projects"],
    "gys": ["/", "/supplier/bids", "/cases"],
    "zj000": ["/", "/expert/panels"],
}
RAW = re.compile(r"\b(public_tender|competitive_negotiation|competitive_consultation|single_source|"
                 r"inquiry|open_tender|goods|services|works|must_declare|may_score|submitted|withdrawn|"
                 r"critical|medium|during|post|pre|filed|released|pending|approved|rejected)\b")


def driver(width):
    o = Options()
    o.binary_location = "/usr/bin/chromium"
    for a in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              f"--window-size={width},900"]:
        o.add_argument(a)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)


def login(d, user):
    d.get(BASE + "/login")
    d.find_element(By.NAME, "username").send_keys(user)
    d.find_element(By.NAME, "password").send_keys("Yiwang-2026")
    d.find_element(By.ID, "login-submit").click()
    time.sleep(0.5)


report = []
for width in (1366, 390):
    for user, pages in ROLES.items():
        d = driver(width)
        try:
            login(d, user)
            extra = []
            for path in pages:
                d.get(BASE + path)
                time.sleep(0.4)
                # one project page from the list, if any
                if path == "/projects" and not extra:
                    links = [a.get_attribute("href") for a in d.find_elements(By.CSS_SELECTOR, "a[href^='/projects/'], a[href*='/projects/']")]
                    links = [l for l in links if re.search(r"/projects/\d+$", l or "")]
                    extra = links[:2]
                name = f"{width}-{user}-{path.strip('/').replace('/', '_') or 'home'}"
                d.save_screenshot(f"{OUT}/{name}.png")
                sw = d.execute_script("return document.documentElement.scrollWidth")
                iw = d.execute_script("return window.innerWidth")
                text = d.find_element(By.TAG_NAME, "body").text
                raw = sorted(set(RAW.findall(text)))
                report.append({"w": width, "user": user, "path": path, "overflow": sw - iw, "raw": raw,
                               "status_text": text[:80].replace("\n", " ")})
            for href in extra:
                d.get(href)
                time.sleep(0.4)
                path = href.replace(BASE, "")
                name = f"{width}-{user}-{path.strip('/').replace('/', '_')}"
                d.save_screenshot(f"{OUT}/{name}.png")
                # full-height screenshot of the project page
                h = d.execute_script("return document.body.scrollHeight")
                d.set_window_size(width, min(h + 100, 6000))
                d.save_screenshot(f"{OUT}/{name}-full.png")
                d.set_window_size(width, 900)
                sw = d.execute_script("return document.documentElement.scrollWidth")
                iw = d.execute_script("return window.innerWidth")
                text = d.find_element(By.TAG_NAME, "body").text
                raw = sorted(set(RAW.findall(text)))
                report.append({"w": width, "user": user, "path": path, "overflow": sw - iw, "raw": raw,
                               "status_text": text[:80].replace("\n", " ")})
        finally:
            d.quit()

json.dump(report, open(f"{OUT}/report.json", "w"), ensure_ascii=False, indent=1)
for r in report:
    flag = ("OVERFLOW %dpx " % r["overflow"] if r["overflow"] > 0 else "") + ("RAW %s" % r["raw"] if r["raw"] else "")
    print(r["w"], r["user"], r["path"], flag)
