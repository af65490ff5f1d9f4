#!/bin/sh
# Installs the Postern SPI of this distribution into a local Maven repository, as
# io.postern:postern-spi:@project.version@ with its sources and javadoc, so that a module's own
# build can depend on it (scope provided). Arguments go to Maven as they are, e.g.
#   sdk/install.sh -Dmaven.repo.local=/tmp/repo
# MVN names another Maven than the mvn on the PATH.
set -eu
sdk=$(cd "$(dirname "$0")" && pwd)
exec "${MVN:-mvn}" -B -q org.apache.maven.plugins:maven-install-plugin:@maven-install-plugin.version@:install-file \
  -Dfile="$sdk/postern-spi-@project.version@.jar" \
  -DpomFile="$sdk/postern-spi-@project.version@.pom" \
  -Dsources="$sdk/postern-spi-@project.version@-sources.jar" \
  -Djavadoc="$sdk/postern-spi-@project.version@-javadoc.jar" \
  "$@"
