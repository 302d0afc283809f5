# Shell functions shared by run.sh and ab.sh; sourced, not run. Needs $base (a directory's SCIM base URL) and
# ROSTER_WRK_TOKEN (its token) set by the caller.

# The ids of the users whose userName starts with "$1.", one per line, in pages of 1,000.
ids_of() {
  local start=1 page
  while :; do
    page=$(curl -fsS -H "Authorization: Bearer $ROSTER_WRK_TOKEN" \
      "$base/Users?filter=userName%20sw%20%22$1.%22&attributes=id&startIndex=$start&count=1000")
    grep -o '"id":"[^"]*"' <<< "$page" | cut -d'"' -f4 || true
    [ "$(grep -o '"id":"' <<< "$page" | wc -l)" -eq 1000 ] || break
    start=$(( start + 1000 ))
  done
}
