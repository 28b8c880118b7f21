#!/usr/bin/env bash
# Assembles the image's base file system without a container engine or registry (docs/operations.md#image):
# a Java runtime jlinked from the JDK that runs the build, the C library from Debian's libc6 package, and /tmp.
# Jib puts the application on top (`./mvnw -Pimage package`). Linux builders only: the runtime is the build JDK's.
# Usage: runtime-root.sh <java.home> <output dir>
set -euo pipefail
java_home=$1
root=$2
work="$root.work"
rm -rf "$root" "$work"
mkdir -p "$root" "$work"

# What Spring Boot, Tomcat, JDBC, JMX/metrics, JFR, TLS and Web Push (EC keys) use; no compiler, no tools.
modules=java.base,java.compiler,java.desktop,java.instrument,java.management,java.naming,java.net.http,java.prefs
modules+=,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml
modules+=,java.xml.crypto,jdk.charsets,jdk.crypto.cryptoki,jdk.jfr,jdk.localedata,jdk.management,jdk.naming.dns
modules+=,jdk.net,jdk.unsupported,jdk.zipfs
if "$java_home/bin/java" --list-modules | grep -q '^jdk.crypto.ec@'; then modules+=,jdk.crypto.ec; fi
"$java_home/bin/jlink" --add-modules "$modules" --include-locales=en,ru --strip-debug --no-header-files \
  --no-man-pages --compress=zip-6 --output "$root/opt/java"

# glibc: the exact Debian package when apt can fetch it, else the builder's installed one (same package).
(cd "$work" && apt-get download -q libc6 >/dev/null 2>&1) || true
if ls "$work"/libc6_*.deb >/dev/null 2>&1; then
  dpkg-deb -x "$work"/libc6_*.deb "$work/libc6"
else
  mkdir -p "$work/libc6"
  dpkg-query -L libc6 | while read -r f; do
    if [ -f "$f" ]; then mkdir -p "$work/libc6$(dirname "$f")"; cp -P "$f" "$work/libc6$f"; fi
  done
fi
multiarch=$(ls -d "$work"/libc6/{,usr/}lib/*-linux-gnu 2>/dev/null | head -1)
triplet=$(basename "$multiarch")
mkdir -p "$root/lib/$triplet"
# Only the shared libraries (the JDK needs libc, libm, libdl, libpthread, librt), symlinks resolved.
for lib in "$multiarch"/*.so*; do
  [ -e "$lib" ] && cp -L "$lib" "$root/lib/$triplet/"
done
interp=$("$java_home/bin/java" -XshowSettings:properties -version 2>&1 | grep -q 'os.arch = aarch64' \
  && echo /lib/ld-linux-aarch64.so.1 || echo /lib64/ld-linux-x86-64.so.2)
mkdir -p "$root$(dirname "$interp")"
cp -L "$root/lib/$triplet/$(basename "$interp")" "$root$interp"
mkdir -p "$root/tmp" "$root/etc" "$root/proc" "$root/sys" "$root/dev"
# Names for the image's numeric user (65532) and for glibc lookups; DNS comes from the runtime's resolv.conf.
printf 'root:x:0:0:root:/root:/sbin/nologin\nherald:x:65532:65532:herald:/tmp:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nherald:x:65532:\n' > "$root/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$root/etc/nsswitch.conf"
rm -rf "$work"
du -sh "$root"
