# Sourced by the scripts: tool paths shared by every command.
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
# npm's binaryen (wasm-opt 132) must come before any system wasm-opt; cargo-installed tools next.
export PATH="$PWD/tests/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
