# shellcheck shell=bash
# Sourced by the scripts that build a Go program the tests run (seaweedfs.sh, cert-manager.sh,
# prometheus-operator.sh) into
# zkop's cache ($ZKOP_CACHE_DIR, else $XDG_CACHE_HOME/zkop, else ~/.cache/zkop), so that every clone
# on the machine shares it; each program is kept per version.

zkop_tools_dir="${ZKOP_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/zkop}/tools"

# go_tool_build NAME MODULE VERSION BIN_DIR OUTPUT PACKAGE [PREPARE]: unless BIN_DIR/OUTPUT exists,
# builds PACKAGE of MODULE@VERSION into it (first use only; one build at a time per BIN_DIR). The
# module's source is built as the main module in a temporary copy (`go install m@v` refuses a go.mod
# with replace directives), with the dependencies it pins. PREPARE, a function, is called with the
# copy's and the module's directories before the build, and again with those and BIN_DIR after it.
# The linker flags in $go_tool_ldflags, if set, go to the build (a version the program reports).
go_tool_build() {
  local name="$1" module="$2" version="$3" bin_dir="$4" output="$5" package="$6" prepare="${7:-}"
  [[ -x "$bin_dir/$output" ]] && return 0
  mkdir -p "$bin_dir"
  exec 9>"$bin_dir/.build-lock"
  flock 9
  if [[ ! -x "$bin_dir/$output" ]]; then
    echo "$name: building $module $version into $bin_dir (first use only)" >&2
    local start dir
    start=$(date +%s)
    dir="$(GOFLAGS=-mod=mod go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
    go_tool_work="$(mktemp -d)"
    trap 'rm -rf "$go_tool_work"' EXIT
    local work="$go_tool_work"
    cp -r "$dir/." "$work/"
    chmod -R u+w "$work"
    [[ -z "$prepare" ]] || "$prepare" "$work" "$dir"
    (cd "$work" && CGO_ENABLED=0 GOFLAGS=-mod=mod nice -n 19 go build -trimpath -ldflags "${go_tool_ldflags:-}" -o "$bin_dir/$output.partial" "$package")
    [[ -z "$prepare" ]] || "$prepare" "$work" "$dir" "$bin_dir"
    mv "$bin_dir/$output.partial" "$bin_dir/$output"
    rm -rf "$go_tool_work"
    echo "$name: built in $(($(date +%s) - start))s" >&2
  fi
  exec 9>&-
}
