#!/bin/bash
# Render the exported API's kernel-doc to HTML: out/docs/html/index.html.
#
# The kernel's scripts/kernel-doc (from linux-source-6.12) turns the
# comment of every function wsk exports (EXPORT_SYMBOL_WSK in wsk/*.c) and
# of every documented inline function of the public headers (include/) into
# reStructuredText, one page per source file; Sphinx (python3-sphinx)
# makes the HTML. Any kernel-doc or Sphinx warning fails the run.
#
# usage: tools/docs.sh [--rst]   (--rst: stop after the reStructuredText)
set -euo pipefail
# shellcheck source=tools/lib.sh
. "$(dirname "$0")/lib.sh"

rst_only=0
case ${1:-} in
--rst) rst_only=1 ;;
"") ;;
*) echo "usage: $0 [--rst]" >&2; exit 2 ;;
esac

[ "${WSK_SKIP_SETUP:-0}" = 1 ] || bash "$repo/tools/setup.sh" >/dev/null
kdoc=$(kernel_src)/scripts/kernel-doc
src=$out/docs/src
rm -rf "$src" "$out/docs/html"
mkdir -p "$src"
warnings=$out/docs/warnings.log
: >"$warnings"

# page NAME TITLE FILE [kernel-doc options]: one page of the API
pages=()
page() {
	local name=$1 title=$2 file=$3
	shift 3
	{
		echo "$title"
		echo "${title//?/=}"
		echo
		echo "From \`\`$file\`\`."
		echo
		perl "$kdoc" -rst "$@" "$repo/$file" 2>>"$warnings"
	} >"$src/$name.rst"
	pages+=("$name")
}

cd "$repo"
# the WSK calls, reached through the provider's dispatch tables
mapfile -t calls < <(sed -nE 's/^\s*\.Wsk\w+ = (wsk_\w+),.*/\1/p' wsk/dispatch.c | sort -u)
for f in wsk/*.c; do
	mapfile -t syms < <({
		sed -nE 's/^EXPORT_SYMBOL_WSK\((\w+)\);/\1/p' "$f"
		for c in "${calls[@]}"; do
			grep -qE "^[A-Z].*[ *]$c\(" "$f" && echo "$c"
		done
	} | grep -vxE 'NPI_WSK_INTERFACE_ID|PsThreadType')
	[ ${#syms[@]} -gt 0 ] || continue
	args=()
	for s in "${syms[@]}"; do args+=(-function "$s"); done
	page "$(basename "$f" .c)" "$(basename "$f")" "$f" "${args[@]}"
done
for f in include/*.h include/nt/*.h; do
	grep -q '^/\*\*$' "$f" || continue
	name=$(sed 's|/|-|g; s|\.h$||' <<<"$f")
	page "$name" "${f#include/}" "$f"
done

{
	echo "wsk: the exported API"
	echo "====================="
	echo
	echo "The functions wsk.ko exports to client modules (symbol namespace"
	echo "\`\`WSK\`\`) and the inline functions of its public headers, from their"
	echo "kernel-doc comments. The WSK calls a client reaches through the"
	echo "provider dispatch tables (\`\`WskSocket\`\`, \`\`WskSend\`\`, ...) are the"
	echo "\`\`wsk_*\`\` functions of each page."
	echo
	echo ".. toctree::"
	echo "   :maxdepth: 1"
	echo
	for p in "${pages[@]}"; do echo "   $p"; done
} >"$src/index.rst"
cat >"$src/conf.py" <<EOF
project = 'wsk'
release = '$(cat "$repo/VERSION")'
html_theme = 'alabaster'
primary_domain = 'c'
highlight_language = 'c'
EOF

if [ -s "$warnings" ]; then
	cat "$warnings" >&2
	die "kernel-doc warnings (above)"
fi
echo "docs: ${#pages[@]} pages of reStructuredText in $src"
[ "$rst_only" = 0 ] || exit 0
if ! sphinx-build -q -W --keep-going -b html -d "$out/docs/doctrees" "$src" "$out/docs/html" 2>"$warnings"; then
	cat "$warnings" >&2
	die "sphinx-build failed (above)"
fi
echo "docs: $out/docs/html/index.html"
