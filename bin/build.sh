# Sourced by bin/serve and bin/taskgate: builds server/target/taskgate.jar when the sources are
# newer. Maven's output goes to standard error, so that `eval "$(bin/taskgate signin …)"` sees only
# the command's own output.
if [ ! -f server/target/taskgate.jar ] || [ -n "$(find scopes hawk server pom.xml -newer server/target/taskgate.jar -type f -not -path '*/target/*' -print -quit)" ]; then
  ./mvnw -B -q -DskipTests -pl server -am package >&2
fi
