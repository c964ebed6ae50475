#!/usr/bin/env bash
# Builds Bedside's native Linux packages with jlink and jpackage. See packaging/README.md.
#
#   packaging/build.sh              .deb, and .rpm too when rpmbuild is installed
#   packaging/build.sh deb          only the .deb (deb, rpm and app-image can be combined)
#   packaging/build.sh app-image    packaging/target/bedside/, runnable in place (bin/bedside)
#
# Input: app/target/bedside-app.jar and app/target/lib/*.jar (built with
# './mvnw -q -DskipTests install' when missing). Output: packaging/target/ (or
# $BEDSIDE_PACKAGING_OUT), the staged jars and runtime under its stage/.
# Environment: BEDSIDE_PACKAGING_JDK  a JDK 21+ with jdeps, jlink and jpackage (else JAVA_HOME,
#              then /usr/lib/jvm/*, then jpackage on PATH)
#              BEDSIDE_EXTRA_MODULES  modules to add to what jdeps finds (comma-separated)
#              BEDSIDE_PACKAGING_VERBOSE=1  jpackage --verbose (which resources it used, the commands)
# Exit status: 0 built, 1 failed, 4 a prerequisite is missing (the message says which).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
OUT="${BEDSIDE_PACKAGING_OUT:-$HERE/target}"
STAGE="$OUT/stage"
APP="$ROOT/app/target"

say() { echo "build.sh: $*" >&2; }
missing() { say "$*"; exit 4; }

# ------------------------------------------------------------------ what to build
types=()
for a in "$@"; do
  case "$a" in
    deb|rpm|app-image) types+=("$a") ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) say "unknown package type '$a' (deb, rpm or app-image)"; exit 1 ;;
  esac
done
if [ ${#types[@]} -eq 0 ]; then
  types=(deb)
  if command -v rpmbuild >/dev/null 2>&1; then types+=(rpm); else say "rpmbuild not found: building the .deb only"; fi
fi
[ "$(uname -s)" = Linux ] || missing "jpackage builds .deb and .rpm only on Linux (see packaging/README.md for .dmg and .msi)"
for t in "${types[@]}"; do
  case "$t" in
    deb) command -v dpkg-deb >/dev/null 2>&1 || missing "dpkg-deb not found (apt-get install dpkg-dev)"
         command -v fakeroot >/dev/null 2>&1 || missing "fakeroot not found (apt-get install fakeroot)" ;;
    rpm) command -v rpmbuild >/dev/null 2>&1 || missing "rpmbuild not found (apt-get install rpm)" ;;
  esac
done

# ------------------------------------------------------------------ a JDK with jlink and jpackage
feature() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1; }
pick_jdk() {
  local c v onpath=""
  if command -v jpackage >/dev/null 2>&1; then onpath=$(dirname "$(dirname "$(readlink -f "$(command -v jpackage)")")"); fi
  for c in ${BEDSIDE_PACKAGING_JDK:+"$BEDSIDE_PACKAGING_JDK"} ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/* ${onpath:+"$onpath"}; do
    if [ ! -x "$c/bin/jpackage" ] || [ ! -x "$c/bin/jlink" ] || [ ! -x "$c/bin/jdeps" ] || [ ! -x "$c/bin/java" ]; then continue; fi
    v=$(feature "$c")
    case "$v" in ''|1.*) continue ;; esac
    if [ "$v" -ge 21 ] 2>/dev/null; then echo "$c"; return 0; fi
  done
  return 1
}
JDK=$(pick_jdk) || missing "no JDK 21+ with jlink and jpackage found (set BEDSIDE_PACKAGING_JDK; e.g. Temurin 21 or 25)"
JDK_FEATURE=$(feature "$JDK")
say "JDK $JDK (Java $JDK_FEATURE): its runtime is what the package ships"

# ------------------------------------------------------------------ the app
if [ ! -f "$APP/bedside-app.jar" ] || [ ! -d "$APP/lib" ]; then
  say "app/target is missing: ./mvnw -q -DskipTests install"
  (cd "$ROOT" && ./mvnw -q -B -DskipTests install)
elif [ -n "$(find "$ROOT/model/src/main" "$ROOT/ui/src/main" "$ROOT/app/src/main" "$ROOT/resources/src/main" -newer "$APP/bedside-app.jar" -type f 2>/dev/null | head -n 1)" ]; then
  say "warning: sources are newer than app/target/bedside-app.jar; packaging the jar as built (run ./mvnw -DskipTests install first to include them)"
fi
VERSION=""
if [ -f "$APP/maven-archiver/pom.properties" ]; then
  VERSION=$(sed -n 's/^version=//p' "$APP/maven-archiver/pom.properties")
fi
if [ -z "$VERSION" ]; then
  VERSION=$(awk '/<artifactId>bedside-parent<\/artifactId>/ {p=1} p && /<version>/ {sub(/.*<version>/, ""); sub(/<\/version>.*/, ""); print; exit}' "$ROOT/pom.xml")
fi
VERSION=${VERSION%-SNAPSHOT}
case "$VERSION" in
  [0-9]*.[0-9]*) ;;
  *) say "cannot read a numeric version from the pom (got '$VERSION')"; exit 1 ;;
esac
say "version $VERSION"

rm -rf "$STAGE"
mkdir -p "$STAGE/input" "$OUT"

# jars flat in one directory, and the JavaFX natives beside them: JavaFX loads its .so files from
# the directory of its jar before extracting copies into ~/.openjfx/cache, so the installed app
# writes nothing into the user's home to start
cp "$APP/bedside-app.jar" "$APP"/lib/*.jar "$STAGE/input/"
for j in "$STAGE"/input/javafx-*-linux.jar; do
  [ -f "$j" ] || continue
  so=$("$JDK/bin/jar" tf "$j" | grep -E '^[^/]+\.so$' || true)
  # shellcheck disable=SC2086  # one name a line, none with spaces; without names jar xf would extract everything
  if [ -n "$so" ]; then (cd "$STAGE/input" && "$JDK/bin/jar" xf "$j" $so); fi
done
[ -z "$(find "$STAGE/input" -mindepth 1 -type d | head -n 1)" ] || { say "staging went wrong: directories in $STAGE/input"; exit 1; }
natives=$(find "$STAGE/input" -maxdepth 1 -name '*.so' -printf '%f\n' | sort | tr '\n' ' ')
[ -n "$natives" ] || { say "no JavaFX natives found in app/target/lib/javafx-*-linux.jar"; exit 1; }
say "JavaFX natives beside the jars: $natives"

# ------------------------------------------------------------------ jdeps -> jlink
say "jdeps: modules the jars use..."
modules=$("$JDK/bin/jdeps" --multi-release "$JDK_FEATURE" --ignore-missing-deps --print-module-deps \
  --class-path "$STAGE/input/*" "$STAGE"/input/*.jar 2>/dev/null | tail -n 1)
case "$modules" in java.base*) ;; *) say "jdeps did not print a module list (got '$modules')"; exit 1 ;; esac
if [ -n "${BEDSIDE_EXTRA_MODULES:-}" ]; then modules="$modules,$BEDSIDE_EXTRA_MODULES"; fi
echo "modules: $modules"

say "jlink: trimmed runtime..."
# --generate-cds-archive: a class-data-sharing archive of the runtime's own classes halves the
# JVM's start (about 150 ms -> 80 ms here); classes_nocoops.jsa serves only heaps over 32 GB and is
# left out (14 MB)
"$JDK/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --generate-cds-archive --output "$STAGE/runtime" >/dev/null
rm -f "$STAGE/runtime/lib/server/classes_nocoops.jsa"
"$STAGE/runtime/bin/java" --list-modules | sed 's/@.*//' | tr '\n' ' ' | sed 's/^/runtime modules: /; s/ $/\n/'
echo "runtime: $(du -sh "$STAGE/runtime" | cut -f1)"

# ------------------------------------------------------------------ jpackage
java_opts=(-Dfile.encoding=UTF-8 -Djava.net.preferIPv4Stack=false --enable-native-access=ALL-UNNAMED)
if [ "$JDK_FEATURE" -ge 24 ]; then
  # JavaFX 21 (Marlin, prism) still uses sun.misc.Unsafe memory access, which JDK 24+ warns about
  java_opts+=(--sun-misc-unsafe-memory-access=allow)
fi
common=(
  --name bedside
  --app-version "$VERSION"
  --vendor "Bedside"
  --description "Incident workbench for Linux hosts over SSH"
  --input "$STAGE/input"
  --main-jar bedside-app.jar
  --main-class io.bedside.app.Main
  --runtime-image "$STAGE/runtime"
  --icon "$HERE/icon/bedside.png"
  --dest "$OUT"
)
if [ "${BEDSIDE_PACKAGING_VERBOSE:-}" = 1 ]; then common+=(--verbose); fi
for o in "${java_opts[@]}"; do common+=(--java-options "$o"); done
linux=(
  --install-dir /opt
  --resource-dir "$HERE/linux"
  --linux-shortcut
  --linux-menu-group "System;Monitor;"
  --linux-app-category admin
)

for t in "${types[@]}"; do
  case "$t" in
    app-image)
      rm -rf "$OUT/bedside"
      say "jpackage --type app-image..."
      "$JDK/bin/jpackage" --type app-image "${common[@]}"
      echo "app-image: $OUT/bedside ($(du -sh "$OUT/bedside" | cut -f1))"
      ;;
    deb|rpm)
      rm -f "$OUT"/bedside[_-]*."$t"
      say "jpackage --type $t..."
      "$JDK/bin/jpackage" --type "$t" "${common[@]}" "${linux[@]}"
      f=$(ls "$OUT"/bedside[_-]*."$t")
      if [ "$t" = deb ]; then
        echo "deb: $f ($(du -h "$f" | cut -f1); installed $(dpkg-deb -f "$f" Installed-Size) KiB; depends: $(dpkg-deb -f "$f" Depends))"
      else
        echo "rpm: $f ($(du -h "$f" | cut -f1))"
      fi
      ;;
  esac
done
