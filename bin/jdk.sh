# Sourced by the scripts in bin/ and .ci/run: makes JAVA_HOME point at a JDK >= 21.
# Keeps a JAVA_HOME that is already new enough; otherwise picks the newest JDK under /usr/lib/jvm.
java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1
}
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(java_major "$JAVA_HOME")" -lt 21 ] 2>/dev/null; then
  JAVA_HOME=""
  if command -v java >/dev/null 2>&1; then
    default_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if [ "$(java_major "$default_home")" -ge 21 ] 2>/dev/null; then JAVA_HOME=$default_home; fi
  fi
  if [ -z "$JAVA_HOME" ]; then
    best=0
    for candidate in /usr/lib/jvm/*; do
      [ -x "$candidate/bin/javac" ] || continue
      major=$(java_major "$candidate")
      if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null && [ "$major" -gt "$best" ]; then
        best=$major; JAVA_HOME=$candidate
      fi
    done
  fi
  if [ -z "$JAVA_HOME" ]; then
    echo "Taskgate needs a JDK 21 or newer: none found as JAVA_HOME, as the default java, or under /usr/lib/jvm." >&2
    echo "Install one (for example: apt-get install openjdk-21-jdk-headless) and try again." >&2
    exit 1
  fi
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
