#!/usr/bin/env bash
# report.html as a co-author opens it: dt-report --output on a real sweep (configs/protocols.toml) writes one
# self-contained page (no script, no external file or URL); headless Chromium loads it with no console error, finds
# its tables, plots and provenance, every plot's text inside its plot, and its screenshot is not blank. With DT_SCREENSHOT=FILE the screenshot is kept
# there (docs/report-html.png). Skips without chromium unless CI=true.
# Usage: html_report.sh BUILD_BIN_DIR SOURCE_DIR
set -euo pipefail
bin=$1
src=$2
python=/usr/bin/python3
fail() { echo "FAIL: $*"; exit 1; }
if ! command -v chromium > /dev/null; then
  [ "${CI:-}" = true ] && fail "CI=true but chromium is not installed (scripts/install-deps.sh)"
  echo "html_report.sh: skipped: chromium is not installed"
  exit 77
fi
work=$(mktemp -d /tmp/dt-html-XXXXXX)
trap 'rm -rf "$work"' EXIT
"$bin/dt-sweep" "$src/configs/protocols.toml" --output "$work/results" --checkpoints-root "$work/models" > "$work/sweep.log" 2>&1 ||
  fail "the sweep failed: $(tail -5 "$work/sweep.log")"
"$bin/dt-report" "$work/results" --step dev --score all --output "$work/report" \
  --compare demos=plain --against demos=repeat:6 > /dev/null 2> "$work/report.log" || fail "dt-report failed: $(cat "$work/report.log")"
page=$work/report/report.html
[ -s "$page" ] || fail "no report.html"

# self-contained: nothing to fetch, nothing to run
grep -qiE '<script|<link|<iframe|<img|(src|href)=' "$page" && fail "report.html refers to something outside itself"
[ "$(grep -oE 'https?://[^"]*' "$page" | sort -u)" = "http://www.w3.org/2000/svg" ] || fail "a URL other than the SVG namespace"

# headless Chromium: the DOM, console messages, a screenshot
chrome() {
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --user-data-dir="$work/profile" \
    --enable-logging=stderr --v=0 --window-size=1400,1800 "$@" "file://$page"
}
chrome --dump-dom > "$work/dom.html" 2> "$work/dom.err" || fail "chromium --dump-dom failed: $(tail -3 "$work/dom.err")"
chrome --screenshot="$work/shot.png" > /dev/null 2> "$work/shot.err" || fail "chromium --screenshot failed: $(tail -3 "$work/shot.err")"
if grep -E 'CONSOLE|Uncaught|Failed to load resource' "$work/dom.err" "$work/shot.err"; then fail "console messages"; fi
for want in '<table' '<svg' 'Provenance' 'tiny-gpt2 k=0 zero-shot' 'repeat×6' 'Accuracy (calibrated)' 'Paired comparison'; do
  grep -qF "$want" "$work/dom.html" || fail "the rendered page lacks $want"
done
[ "$(grep -o '<svg' "$work/dom.html" | wc -l)" -ge 10 ] || fail "fewer than 10 plots inline"
# Every text of every plot (titles, legends, ticks, axis labels) lies inside its plot as Chromium lays it out: a copy
# of the page with a measuring script appended; first a planted overflow, to show that the measurement catches one.
fit_check() {  # PAGE -> prints "FIT <texts>" or "OVERFLOW <text> | ..."
  local copy=$work/measure-$(basename "$1")
  sed 's#</body>#<script>\
addEventListener("load", () => {\
  const problems = []; let texts = 0;\
  for (const svg of document.querySelectorAll("svg")) {\
    const box = svg.getBoundingClientRect();\
    for (const text of svg.querySelectorAll("text")) {\
      texts++; const r = text.getBoundingClientRect();\
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)\
        problems.push(JSON.stringify(text.textContent));\
    }\
  }\
  const out = document.createElement("pre"); out.id = "fit";\
  out.textContent = problems.length ? "OVERFLOW " + problems.join(" \| ") : "FIT " + texts;\
  document.body.appendChild(out);\
});\
</script></body>#' "$1" > "$copy"
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --user-data-dir="$work/profile" \
    --window-size=1400,1800 --dump-dom "file://$copy" 2> /dev/null | grep -oE '<pre id="fit">[^<]*' | sed 's/<pre id="fit">//'
}
printf '<html><body><svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><text x="10" y="20">%s</text></svg></body></html>\n' \
  "a legend entry far longer than its plot is wide" > "$work/planted.html"
case "$(fit_check "$work/planted.html")" in OVERFLOW*) ;; *) fail "the fit check misses a planted overflow" ;; esac
fit=$(fit_check "$page")
case "$fit" in FIT*) echo "plots: every text inside its plot (${fit#FIT } texts)" ;; *) fail "plot text cut off: ${fit:-no measurement}" ;; esac
# not blank: the PNG's decompressed scanlines of a blank page hold a handful of distinct byte values (white and the
# row filters' bytes); a page with text, tables and plots hundreds
"$python" - "$work/shot.png" << 'PY' || fail "the screenshot is blank"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat, width = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    if kind == b"IHDR":
        width = struct.unpack(">I", data[pos + 8:pos + 12])[0]
    if kind == b"IDAT":
        idat += data[pos + 8:pos + 8 + n]
    pos += 12 + n
raw = zlib.decompress(idat)
print(f"screenshot {width} px wide: {len(set(raw))} distinct byte values in its scanlines")
sys.exit(0 if len(set(raw)) > 50 else 1)
PY
[ -z "${DT_SCREENSHOT:-}" ] || cp "$work/shot.png" "$DT_SCREENSHOT"
echo "report.html: $(wc -c < "$page") bytes, self-contained, rendered by $(chromium --version 2>/dev/null | head -1)"
